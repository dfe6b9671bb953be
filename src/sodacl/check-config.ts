import { isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import type { FileContext } from './context.js';
import type { MetricArity } from './metrics.js';
import {
  isEmptyConfig,
  isMissingValidKey,
  MISSING_VALID_KEYS,
  readMissingValidValue,
} from './missing-valid.js';
import type { MissingValidConfig, Zone } from './model.js';
import { didYouMean } from './suggest.js';
import { acceptedZone, parseWhenThreshold } from './threshold.js';
import { scalarToString, toPlain } from './yaml-source.js';

/** The keys a metric check's configuration map may hold, after reading and validation. */
export interface CheckConfiguration {
  name?: string;
  identity?: string;
  filter?: string;
  attributes?: Record<string, unknown>;
  samplesLimit?: number;
  warn?: Zone;
  fail?: Zone;
  /** The `warn:`/`fail:` key nodes, to point at them when they clash with a line threshold. */
  alertKeys: Node[];
  missingValid?: MissingValidConfig;
}

const GENERAL_KEYS = ['name', 'identity', 'filter', 'attributes', 'samples limit', 'warn', 'fail'];
export const ALLOWED_CHECK_KEYS: readonly string[] = [...GENERAL_KEYS, ...MISSING_VALID_KEYS];

/** Keys of SodaCL features that later parts of Gatehouse will handle. */
const NOT_YET_KEYS: { pattern: RegExp; feature: string }[] = [
  { pattern: /^failed rows (query|sql_file)$/, feature: 'Failed rows queries' },
  { pattern: /^samples columns$/, feature: '"samples columns"' },
  { pattern: /^exclude columns$/, feature: '"exclude columns"' },
  { pattern: /^\S+ (expression|query|sql_file)$/, feature: 'User-defined metric expressions and queries' },
];

/**
 * Reads a metric check's configuration map. Every problem is reported; the result is undefined if there was any,
 * so that a check is never run with part of its configuration dropped.
 */
export function readCheckConfiguration(
  node: unknown,
  arity: MetricArity,
  context: FileContext,
): CheckConfiguration | undefined {
  const result: CheckConfiguration = { alertKeys: [] };
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return result;
  if (!isMap(node)) {
    context.error(
      'The configuration of a check must be a map of keys (name:, filter:, warn:, …)',
      node as Node,
    );
    return undefined;
  }
  const errorsBefore = context.sink.errorCount;
  const missingValid: MissingValidConfig = {};
  for (const pair of node.items as Pair<unknown, unknown>[]) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      context.error('Check configuration keys must be plain text', (pair.key ?? node) as Node);
      continue;
    }
    readKey(scalarToString(pair.key), pair.key, pair.value, arity, context, result, missingValid);
  }
  if (!isEmptyConfig(missingValid)) result.missingValid = missingValid;
  return context.sink.errorCount > errorsBefore ? undefined : result;
}

function readKey(
  key: string,
  keyNode: Scalar,
  value: unknown,
  arity: MetricArity,
  context: FileContext,
  result: CheckConfiguration,
  missingValid: MissingValidConfig,
): void {
  const valueNode = (value ?? keyNode) as Node;
  switch (key) {
    case 'name':
    case 'filter': {
      const text = readText(key, value, context, valueNode);
      if (text !== undefined) result[key] = text;
      return;
    }
    case 'identity': {
      const text = readText(key, value, context, valueNode);
      if (text !== undefined) result.identity = text;
      return;
    }
    case 'attributes':
      if (!isMap(value)) context.error('"attributes" must be a map of attribute names to values', valueNode);
      else result.attributes = toPlain(value) as Record<string, unknown>;
      return;
    case 'samples limit': {
      const limit = isScalar(value) ? value.value : undefined;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
        context.error('"samples limit" must be a non-negative whole number', valueNode);
      } else result.samplesLimit = limit;
      return;
    }
    case 'warn':
    case 'fail': {
      result.alertKeys.push(keyNode);
      const zone = readAlert(key, value, context, valueNode);
      if (zone) result[key] = zone;
      return;
    }
  }
  if (isMissingValidKey(key)) {
    if (arity === 'none') {
      context.error(`"${key}" applies to column metrics only; this metric has no column`, keyNode);
      return;
    }
    readMissingValidValue(key, value, context, missingValid);
    return;
  }
  const later = NOT_YET_KEYS.find(({ pattern }) => pattern.test(key));
  if (later) {
    context.error(`${later.feature} are not supported yet (key "${key}")`, keyNode);
    return;
  }
  context.error(
    `Unknown check configuration key "${key}".${didYouMean(key, ALLOWED_CHECK_KEYS)} Allowed keys: ${ALLOWED_CHECK_KEYS.join(', ')}`,
    keyNode,
  );
}

/** A text value (numbers are taken as written), with `${VAR}` resolved. */
function readText(key: string, value: unknown, context: FileContext, at: Node): string | undefined {
  if (!isScalar(value) || (typeof value.value !== 'string' && typeof value.value !== 'number')) {
    context.error(`"${key}" must be a text`, at);
    return undefined;
  }
  const resolved = context.resolveScalar(value);
  if (!resolved) return undefined;
  if (resolved.resolved.text.trim() === '') {
    context.error(`"${key}" must not be empty`, at);
    return undefined;
  }
  return resolved.resolved.text;
}

/** `warn: when <threshold>` / `fail: when <threshold>`: the threshold is the alerting zone itself. */
function readAlert(key: string, value: unknown, context: FileContext, at: Node): Zone | undefined {
  if (!isScalar(value) || typeof value.value !== 'string') {
    context.error(`"${key}" must be "when <threshold>", e.g. ${key}: when > 10`, at);
    return undefined;
  }
  const resolved = context.resolveScalar(value);
  if (!resolved) return undefined;
  const parsed = parseWhenThreshold(resolved.resolved);
  if (!parsed.ok) {
    const location = context.locateResolved(resolved.text, resolved.resolved, parsed.problem.index);
    context.errorAt(`${key}: ${parsed.problem.message}`, location);
    return undefined;
  }
  return acceptedZone(parsed.threshold);
}
