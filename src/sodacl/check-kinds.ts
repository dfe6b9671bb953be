/**
 * Check kinds beyond metric checks. Part 1 of Gatehouse parses metric checks only; these recognisers make the
 * other SodaCL kinds fail loudly with their location instead of being misread as unknown metrics. A later kind is
 * added by giving its entry a parser instead of a "not supported yet" feature name.
 */
export interface CheckKindMatch {
  feature: string;
}

const LINE_KINDS: { pattern: RegExp; feature: string }[] = [
  { pattern: /^change\s/, feature: 'Change-over-time checks' },
  { pattern: /^anomaly\s+(score|detection)\s+for\s/, feature: 'Anomaly detection checks' },
  { pattern: /^schema(\s|$)/, feature: 'Schema checks' },
  { pattern: /^freshness(\s*\(|\s+using\s)/, feature: 'Freshness checks' },
  { pattern: /^values\s+in\s/, feature: 'Reference checks' },
  { pattern: /^failed\s+rows(\s|$)/, feature: 'Failed rows checks' },
  { pattern: /^"[^"]+"$/, feature: 'Failed rows checks' },
  { pattern: /^row_count\s+same\s+as\s/, feature: 'Row count comparison checks' },
  { pattern: /^duplicate_(count|percent)(\s*\(|\s|$)/, feature: 'Duplicate checks' },
  { pattern: /^group\s+(by|evolution)(\s|$)/, feature: 'Group checks' },
  { pattern: /^distribution_difference(\s*\(|\s|$)/, feature: 'Distribution checks' },
  { pattern: /^reconciliation(\s|$)/, feature: 'Reconciliation checks' },
];

/** The later-part check kind a line belongs to, judged from the line alone. */
export function unsupportedLineKind(line: string): CheckKindMatch | undefined {
  const trimmed = line.trim();
  const found = LINE_KINDS.find(({ pattern }) => pattern.test(trimmed));
  return found ? { feature: found.feature } : undefined;
}

/** A user-defined metric is an unknown name with a `<name> expression|query|sql_file` key. */
export function isUserDefinedMetric(metricName: string, configKeys: readonly string[]): boolean {
  return ['expression', 'query', 'sql_file'].some((suffix) => configKeys.includes(`${metricName} ${suffix}`));
}
