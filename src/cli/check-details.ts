/** One line of details under a check in the results table: what a schema check found, how old the data is… */
import type { CheckResult } from '../scan/result.js';

type Diagnostics = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const entries = (value: unknown): Array<[string, Record<string, unknown>]> =>
  value && typeof value === 'object'
    ? (Object.entries(value) as Array<[string, Record<string, unknown>]>)
    : [];

function schemaDetails(d: Diagnostics): string[] {
  const parts: string[] = [];
  const named = (label: string, names: string[]) =>
    names.length > 0 && parts.push(`${label}: ${names.join(', ')}`);
  named('missing', list(d.missing_column_names));
  named('forbidden present', list(d.present_column_names));
  named('added', list(d.column_additions));
  named('deleted', list(d.column_deletions));
  for (const [column, m] of entries(d.column_type_mismatches)) {
    parts.push(`${column} is ${String(m.actual_type)}, expected ${String(m.expected_type)}`);
  }
  for (const [column, m] of entries(d.column_index_mismatches)) {
    parts.push(`${column} at ${String(m.actual_index)}, expected ${String(m.expected_index)}`);
  }
  for (const [column, c] of entries(d.column_type_changes)) {
    parts.push(`${column} changed ${String(c.previous_type)} → ${String(c.new_type)}`);
  }
  for (const [column, c] of entries(d.column_index_changes)) {
    parts.push(`${column} moved ${String(c.previous_index)} → ${String(c.new_index)}`);
  }
  return parts;
}

export function checkDetails(check: CheckResult): string | undefined {
  const d = check.diagnostics;
  if (!d) return undefined;
  const parts: string[] = [];
  if (check.check.kind === 'schema') parts.push(...schemaDetails(d));
  if (check.check.kind === 'freshness' && typeof d.freshness === 'string') {
    parts.push(
      `newest ${String(d.maxColumnTimestampUtc)}, ${d.freshness} before ${String(d.nowTimestampUtc)}`,
    );
  } else if (check.check.kind === 'freshness' && 'maxColumnTimestamp' in d && d.maxColumnTimestamp === null) {
    // Soda fails a freshness check with nothing to measure; say why, since there is no age to show.
    parts.push('no rows with a value in the column (an empty table or partition, or only NULLs)');
  }
  if (check.check.kind === 'row-count-comparison') {
    parts.push(`${String(d.rowCount)} rows vs ${String(d.otherRowCount)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
