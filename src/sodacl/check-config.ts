import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { FileContext } from './context.js';
import { readIdentifier } from './identifiers.js';
import type { MetricArity } from './metrics.js';
import {
  isEmptyConfig,
  isMissingValidKey,
  MISSING_VALID_KEYS,
  readMissingValidValue,
} from './missing-valid.js';
import type { Identifier, MissingValidConfig, Zone } from './model.js';
import { didYouMean } from './suggest.js';
import { acceptedZone, parseWhenThreshold } from './threshold.js';
import { scalarToString, toPlain } from './yaml-source.js';

/** The keys a check's configuration map may hold, after reading and validation. */
export interface CheckConfiguration {
  name?: string;
  identity?: string;
  filter?: string;
  /** The `filter:` key node, to point at it when a kind refuses a filter after reading. */
  filterKey?: Node;
  attributes?: Record<string, unknown>;
  samplesLimit?: number;
  samplesColumns?: Identifier[];
  warn?: Zone;
  fail?: Zone;
  /** The `warn:`/`fail:` key nodes, to point at them when they clash with a line threshold. */
  alertKeys: Node[];
  missingValid?: MissingValidConfig;
}

/** Keys shared by several check kinds; each kind says which of them it takes. */
export type GeneralKey =
  | 'name'
  | 'identity'
  | 'filter'
  | 'attributes'
  | 'samples limit'
  | 'samples columns'
  | 'warn'
  | 'fail';

const GENERAL_KEYS: readonly GeneralKey[] = [
  'name',
  'identity',
  'filter',
  'attributes',
  'samples limit',
  'samples columns',
  'warn',
  'fail',
];

/** What one check kind accepts in its configuration map. */
export interface ConfigRules {
  /** For messages, e.g. "schema checks". */
  kind: string;
  keys: readonly GeneralKey[];
  /** Why a general key this kind does not take is refused (a generic message otherwise). */
  refused?: Partial<Record<GeneralKey, string>>;
  /** Missing/valid keys: allowed for a metric of this arity, or refused with this reason. */
  missingValid: { arity: MetricArity } | { refused: string };
  /** Kind-specific keys (listed in messages); `readSpecial` reads them and returns false for any other key. */
  specialKeys?: readonly string[];
  readSpecial?: (key: string, keyNode: Scalar, value: unknown) => boolean;
}

export const SAMPLES_COLUMNS_REFUSED =
  '"samples columns" applies only to checks that sample failed rows: missing_*, invalid_*, duplicate_*, reference, failed rows, and user-defined metrics with a failed rows query';

/** Keys of SodaCL features that later parts of Gatehouse will handle. */
const NOT_YET_KEYS: { pattern: RegExp; feature: string }[] = [
  { pattern: /^exclude columns$/, feature: '"exclude columns"' },
];

/** The keys a kind accepts, in the order messages list them. */
export function allowedKeys(rules: ConfigRules): string[] {
  return [
    ...rules.keys,
    ...(rules.specialKeys ?? []),
    ...('arity' in rules.missingValid && rules.missingValid.arity !== 'none' ? MISSING_VALID_KEYS : []),
  ];
}

/**
 * Reads a check's configuration map. Every problem is reported; the result is undefined if there was any,
 * so that a check is never run with part of its configuration dropped.
 */
export function readCheckConfiguration(
  node: unknown,
  rules: ConfigRules,
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
    const key = scalarToString(pair.key);
    if (rules.readSpecial?.(key, pair.key, pair.value)) continue;
    readKey(key, pair.key, pair.value, rules, context, result, missingValid);
  }
  if (!isEmptyConfig(missingValid)) result.missingValid = missingValid;
  return context.sink.errorCount > errorsBefore ? undefined : result;
}

function isGeneralKey(key: string): key is GeneralKey {
  return (GENERAL_KEYS as readonly string[]).includes(key);
}

function readKey(
  key: string,
  keyNode: Scalar,
  value: unknown,
  rules: ConfigRules,
  context: FileContext,
  result: CheckConfiguration,
  missingValid: MissingValidConfig,
): void {
  const valueNode = (value ?? keyNode) as Node;
  if (isGeneralKey(key)) {
    if (!rules.keys.includes(key)) {
      context.error(
        rules.refused?.[key] ??
          `"${key}" does not apply to ${rules.kind}. Allowed keys: ${allowedKeys(rules).join(', ')}`,
        keyNode,
      );
      return;
    }
    readGeneralKey(key, keyNode, value, valueNode, context, result);
    return;
  }
  if (isMissingValidKey(key)) {
    if ('refused' in rules.missingValid) context.error(rules.missingValid.refused, keyNode);
    else if (rules.missingValid.arity === 'none')
      context.error(`"${key}" applies to column metrics only; this metric has no column`, keyNode);
    else readMissingValidValue(key, value, context, missingValid);
    return;
  }
  const later = NOT_YET_KEYS.find(({ pattern }) => pattern.test(key));
  if (later) {
    context.error(`${later.feature} are not supported yet (key "${key}")`, keyNode);
    return;
  }
  const allowed = allowedKeys(rules);
  context.error(
    `Unknown check configuration key "${key}".${didYouMean(key, allowed)} Allowed keys: ${allowed.join(', ')}`,
    keyNode,
  );
}

function readGeneralKey(
  key: GeneralKey,
  keyNode: Scalar,
  value: unknown,
  valueNode: Node,
  context: FileContext,
  result: CheckConfiguration,
): void {
  switch (key) {
    case 'name':
    case 'identity':
    case 'filter': {
      // Soda keeps an identity only when YAML reads it as text (identities.v4): a number would be dropped silently.
      if (key === 'identity' && isScalar(value) && typeof value.value === 'number') {
        context.error(`"identity" must be a text; quote it: identity: "${scalarToString(value)}"`, valueNode);
        return;
      }
      const text = readText(key, value, context, valueNode);
      if (text !== undefined && (key !== 'filter' || checkSqlFragment(key, text, context, valueNode)))
        result[key] = text;
      if (key === 'filter') result.filterKey = keyNode;
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
    case 'samples columns': {
      const columns = readColumnList(key, value, context, valueNode);
      if (columns) result.samplesColumns = columns;
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
}

/** A text value (numbers are taken as written), with `${VAR}` resolved. */
export function readText(key: string, value: unknown, context: FileContext, at: Node): string | undefined {
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

/**
 * A non-empty list of column names. YAML has already removed its own quotes, so `"Name"` inside the value
 * (e.g. `['"Name"']`) marks a case-kept name, as on a check line; a plain name is unquoted, and any other text
 * (`Full Name`) is taken whole as a quoted name.
 */
export function readColumnList(
  key: string,
  value: unknown,
  context: FileContext,
  at: Node,
): Identifier[] | undefined {
  if (!isSeq(value) || value.items.length === 0) {
    context.error(`"${key}" must be a non-empty list of column names, e.g. [id, email]`, at);
    return undefined;
  }
  const columns: Identifier[] = [];
  for (const item of value.items) {
    if (!isScalar(item) || typeof item.value !== 'string') {
      context.error(`"${key}" entries must be column names`, (item ?? value) as Node);
      return undefined;
    }
    const resolved = context.resolveScalar(item);
    if (!resolved) return undefined;
    const text = resolved.resolved.text.trim();
    const read = readIdentifier(text, 0);
    if (read.ok && read.end === text.length) columns.push(read.identifier);
    else if (text !== '' && !/^["`[]/.test(text)) {
      // A name with spaces or symbols can only be a case-kept, quoted name in SQL.
      columns.push({ name: text, quoted: true });
    } else {
      context.error(`"${key}": ${read.ok ? `"${text}"` : read.message} is not a column name`, item);
      return undefined;
    }
  }
  return columns;
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

/**
 * SQL that Gatehouse (as Soda) pastes into a larger query — a filter, a partition's where, a fail condition, an
 * expression — cannot end with ";": the database would stop the shared query there. Reported at the value
 * with what to do; true when the text is usable.
 */
export function checkSqlFragment(key: string, sql: string, context: FileContext, at: Node): boolean {
  if (!/;\s*$/.test(sql)) return true;
  context.error(
    `"${key}" is pasted into a larger query, so it cannot end with ";"; remove the trailing ";"`,
    at,
  );
  return false;
}
