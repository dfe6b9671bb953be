/**
 * `freshness(ts) < 1d`, `freshness(ts, NOW_VAR) < 24h`, the alert form (`warn: when > 6h`) and the deprecated
 * `freshness using ts with NOW < 1d`. Thresholds are fail/warn zones in milliseconds.
 *
 * Soda fails when freshness > threshold (equal passes) and uses only ">"/">=" alert thresholds, silently ignoring
 * every other comparator (its pitfall 6.4); here those are errors.
 */
import type { Scalar } from 'yaml';
import { type CheckItem, commonFields, lineError, requireDataset } from './check-common.js';
import { type ConfigRules, readCheckConfiguration } from './check-config.js';
import { type MetricCall, problem } from './check-line.js';
import { parseDuration } from './duration.js';
import { readIdentifier } from './identifiers.js';
import type { FreshnessCheck, Identifier, Thresholds, Zone } from './model.js';
import { scalarToString } from './yaml-source.js';

const USAGE =
  'freshness takes a column and optionally the variable holding "now": freshness(ts) or freshness(ts, NOW)';
const NO_SAMPLES = 'Freshness checks take no samples, so "samples limit" and "samples columns" do not apply';

type ThresholdRead = { ok: true; zone: Zone } | { ok: false; message: string; index: number };

/** The new form: the metric call has been read; the rest of the line is an optional `< duration`. */
export function readFreshnessCheck(item: CheckItem, call: MetricCall): FreshnessCheck | undefined {
  const [column, variable, ...extra] = call.args;
  if (column?.kind !== 'column') {
    const failure = problem(USAGE, column?.token ?? call.nameToken);
    return void lineError(item, failure.problem.message, failure.problem.index);
  }
  const bad =
    variable && variable.kind !== 'column'
      ? problem(`${USAGE}; ${variable.value} is not a variable name`, variable.token)
      : extra[0]
        ? problem(USAGE, extra[0].token)
        : undefined;
  if (bad) return void lineError(item, bad.problem.message, bad.problem.index);
  const rest = call.stream.atEnd() ? undefined : call.stream.peek().start;
  const nowVariable = variable?.kind === 'column' ? variable.identifier.name : undefined;
  return buildFreshness(item, column.identifier, nowVariable, rest);
}

/** `freshness using COLUMN [with VARIABLE] [< duration]`, with a deprecation warning as in Soda. */
export function readLegacyFreshnessCheck(item: CheckItem): FreshnessCheck | undefined {
  const text = item.resolved.text;
  const start = /^\s*freshness\s+using\s+/.exec(text)?.[0].length ?? 0;
  const column = readIdentifier(text, start);
  if (!column.ok) return void lineError(item, column.message, column.index);
  let position = skipSpaces(text, column.end);
  let nowVariable: string | undefined;
  const withWord = /^with\s+/.exec(text.slice(position));
  if (withWord) {
    const variable = readIdentifier(text, position + withWord[0].length);
    if (!variable.ok) return void lineError(item, variable.message, variable.index);
    nowVariable = variable.identifier.name;
    position = skipSpaces(text, variable.end);
  }
  item.context.sink.warning(
    `"freshness using … with …" is deprecated; write freshness(${column.identifier.name}${nowVariable ? `, ${nowVariable}` : ''}) < 1d`,
    item.text.start,
  );
  return buildFreshness(item, column.identifier, nowVariable, position < text.length ? position : undefined);
}

function buildFreshness(
  item: CheckItem,
  column: Identifier,
  nowVariable: string | undefined,
  thresholdIndex: number | undefined,
): FreshnessCheck | undefined {
  let lineZone: Zone | undefined;
  if (thresholdIndex !== undefined) {
    const read = readLineThreshold(item.resolved.text.slice(thresholdIndex));
    if (!read.ok) return void lineError(item, read.message, thresholdIndex + read.index);
    lineZone = read.zone;
  }
  const dataset = requireDataset(item, `Freshness check "${item.text.value}"`);
  const alerts: Thresholds = {};
  const alertKeys: Scalar[] = [];
  const rules: ConfigRules = {
    kind: 'freshness checks',
    keys: ['name', 'identity', 'filter', 'attributes'],
    refused: { 'samples limit': NO_SAMPLES, 'samples columns': NO_SAMPLES },
    missingValid: { refused: 'Missing and validity keys do not apply to freshness checks' },
    specialKeys: ['warn', 'fail'],
    readSpecial: (key, keyNode, value) => {
      if (key !== 'warn' && key !== 'fail') return false;
      alertKeys.push(keyNode);
      const zone = readAlert(item, key, value, keyNode);
      if (zone) alerts[key] = zone;
      return true;
    },
  };
  const configuration = readCheckConfiguration(item.configNode, rules, item.context);
  if (!configuration || !dataset) return undefined;
  const [alertKey] = alertKeys;
  if (lineZone && alertKey) {
    item.context.error(
      `This check has a threshold on its line, so its "${scalarToString(alertKey)}:" would be ignored; use either the line threshold or warn:/fail: blocks`,
      alertKey,
    );
    return undefined;
  }
  if (!lineZone && !alerts.fail && !alerts.warn) {
    item.context.errorAt(
      `Check "${item.text.value}" has no threshold: add one to the line (e.g. freshness(${column.name}) < 1d) or give it "warn: when > 6h" / "fail: when > 1d"`,
      item.text.start,
    );
    return undefined;
  }
  const check: FreshnessCheck = {
    ...commonFields(item, configuration),
    dataset,
    kind: 'freshness',
    column,
    ...(lineZone ? { fail: lineZone } : alerts),
  };
  if (nowVariable !== undefined) check.nowVariable = nowVariable;
  const now = item.context.lookup(nowVariable ?? 'NOW');
  if (now !== undefined) check.now = now;
  if (configuration.filter !== undefined) check.filter = configuration.filter;
  return check;
}

/** `< X` or `<= X` on the line: the newest value may be at most X old, so the fail zone is `> X`. */
function readLineThreshold(text: string): ThresholdRead {
  const match = /^(\s*)(<=|>=|!=|<>|<|>|=)?(\s*)(\S*)(\s*)(.*)$/s.exec(text);
  const [, lead = '', comparator, gap = '', value = '', , trailing = ''] = match ?? [];
  const valueIndex = lead.length + (comparator?.length ?? 0) + gap.length;
  if (comparator !== '<' && comparator !== '<=') {
    const shown = comparator ?? text.trim().split(/\s+/)[0] ?? '';
    return {
      ok: false,
      message: `A freshness threshold on the line must be "< duration" or "<= duration" (the fail zone is anything older), e.g. freshness(ts) < 1d; found "${shown}"`,
      index: lead.length,
    };
  }
  if (trailing !== '') {
    return {
      ok: false,
      message: `Unexpected "${trailing}" after the duration`,
      index: text.length - trailing.length,
    };
  }
  const duration = parseDuration(value);
  if (!duration.ok) return { ok: false, message: duration.message, index: valueIndex + duration.index };
  return { ok: true, zone: { gt: duration.ms, union: false } };
}

/** `when > X` → fail/warn zone `> X`; `when >= X` → `>= X`; anything else is refused. */
function readAlert(item: CheckItem, key: string, value: unknown, keyNode: Scalar): Zone | undefined {
  const { context } = item;
  const valueNode = (value ?? keyNode) as Scalar;
  const scalar = value as Scalar | null;
  if (!scalar || typeof scalar !== 'object' || typeof scalar.value !== 'string') {
    context.error(`"${key}" must be "when > duration", e.g. ${key}: when > 6h`, valueNode);
    return undefined;
  }
  const resolved = context.resolveScalar(scalar);
  if (!resolved) return undefined;
  const text = resolved.resolved.text;
  const at = (index: number) => context.locateResolved(resolved.text, resolved.resolved, index);
  const match = /^(\s*when\s+)(>=|>|<=|<|=|!=|<>|not\s+between|between)?(\s*)(\S*)(\s*)(.*)$/s.exec(text);
  if (!match) {
    context.errorAt(`"${key}" must be "when > duration", e.g. ${key}: when > 6h`, at(0));
    return undefined;
  }
  const [, when = '', comparator, gap = '', duration = '', , trailing = ''] = match;
  if (comparator !== '>' && comparator !== '>=') {
    context.errorAt(
      `A freshness ${key} threshold must be "when > duration" or "when >= duration" (older than that alerts)${comparator ? `; "${comparator}" is not supported (Soda silently ignores it)` : ''}`,
      at(when.length),
    );
    return undefined;
  }
  const valueIndex = when.length + comparator.length + gap.length;
  if (trailing !== '') {
    context.errorAt(`Unexpected "${trailing}" after the duration`, at(text.length - trailing.length));
    return undefined;
  }
  const parsed = parseDuration(duration);
  if (!parsed.ok) {
    context.errorAt(`${key}: ${parsed.message}`, at(valueIndex + parsed.index));
    return undefined;
  }
  return comparator === '>' ? { gt: parsed.ms, union: false } : { gte: parsed.ms, union: false };
}

function skipSpaces(text: string, position: number): number {
  let index = position;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}
