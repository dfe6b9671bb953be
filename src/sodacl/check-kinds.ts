/**
 * Recognises a check's kind from its line before any detailed parsing, so that each kind gets its own parser and
 * the SodaCL kinds Gatehouse cannot run yet fail loudly with their location instead of being misread as unknown
 * metrics.
 */
export type LineKind =
  | 'schema'
  | 'failed-rows'
  | 'legacy-freshness'
  | 'reference'
  | 'row-count-comparison'
  | 'metric';

const LINE_KINDS: { pattern: RegExp; kind: LineKind }[] = [
  { pattern: /^schema(\s|$)/, kind: 'schema' },
  { pattern: /^failed\s+rows(\s|$)/, kind: 'failed-rows' },
  { pattern: /^freshness\s+using\s/, kind: 'legacy-freshness' },
  { pattern: /^values\s+in(\s|\()/, kind: 'reference' },
  { pattern: /^row_count\s+same\s+as(\s|$)/, kind: 'row-count-comparison' },
];

const NOT_YET: { pattern: RegExp; feature: string }[] = [
  { pattern: /^change\s/, feature: 'Change-over-time checks' },
  { pattern: /^anomaly\s+(score|detection)\s+for\s/, feature: 'Anomaly detection checks' },
  { pattern: /^"[^"]+"$/, feature: 'Named failed rows checks' },
  { pattern: /^group\s+(by|evolution)(\s|$)/, feature: 'Group checks' },
  { pattern: /^distribution_difference(\s*\(|\s|$)/, feature: 'Distribution checks' },
  { pattern: /^reconciliation(\s|$)/, feature: 'Reconciliation checks' },
];

/** The kind a line belongs to, judged from the line alone; metric lines are told apart by their metric name. */
export function lineKind(line: string): { kind: LineKind } | { unsupported: string } {
  const trimmed = line.trim();
  const later = NOT_YET.find(({ pattern }) => pattern.test(trimmed));
  if (later) return { unsupported: later.feature };
  return { kind: LINE_KINDS.find(({ pattern }) => pattern.test(trimmed))?.kind ?? 'metric' };
}

/** A user-defined metric is an unknown name with a `<name> expression|query|sql_file` key. */
export function isUserDefinedMetric(metricName: string, configKeys: readonly string[]): boolean {
  return ['expression', 'query', 'sql_file'].some((suffix) => configKeys.includes(`${metricName} ${suffix}`));
}
