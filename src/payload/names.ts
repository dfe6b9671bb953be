/**
 * Names the policy hides: excluded columns (never mentioned) and, under `hash_identifiers`, dataset and column
 * names (replaced by keyed hashes). Structured fields are renamed or filtered exactly; free text (check
 * definitions, names, SQL, messages) cannot be rewritten safely, so text that mentions a hidden name is withheld.
 */
import { csvField } from '../common/csv-field.js';
import type { ScanResult } from '../scan/result.js';

const WORD = '[A-Za-z0-9_$]';

/** A case-insensitive whole-word matcher for names and `*` patterns; undefined when there is nothing to find. */
export function mentionMatcher(patterns: readonly string[], names: readonly string[]): RegExp | undefined {
  const parts = [
    ...patterns.map((p) =>
      p
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join(`${WORD}*`),
    ),
    ...names.map((n) => n.replace(/[.+?^${}()|[\]\\*]/g, '\\$&')),
  ].filter((part) => part.length > 0);
  if (parts.length === 0) return undefined;
  return new RegExp(`(?<!${WORD})(?:${parts.join('|')})(?!${WORD})`, 'i');
}

export function mentions(matcher: RegExp | undefined, text: unknown): boolean {
  return matcher !== undefined && typeof text === 'string' && matcher.test(text);
}

/** Splits off the first field of a csv row (quoted or not), as the schema blocks write them. */
function splitFirstField(row: string): [string, string] {
  if (!row.startsWith('"')) {
    const comma = row.indexOf(',');
    return comma < 0 ? [row, ''] : [row.slice(0, comma), row.slice(comma)];
  }
  let i = 1;
  while (i < row.length) {
    if (row[i] === '"' && row[i + 1] === '"') i += 2;
    else if (row[i] === '"') break;
    else i++;
  }
  return [row.slice(1, i).replaceAll('""', '"'), row.slice(i + 1)];
}

/**
 * A schema csv block (`Column,Type` or `Column,Event,Details`) with each row's column renamed, or the row left
 * out when `rename` returns undefined. The header row stays.
 */
export function mapCsvColumns(text: string, rename: (column: string) => string | undefined): string {
  const [header, ...rows] = text.split('\n');
  const kept: string[] = [header ?? ''];
  for (const row of rows) {
    const [column, rest] = splitFirstField(row);
    const renamed = rename(column);
    if (renamed !== undefined) kept.push(`${csvField(renamed)}${rest}`);
  }
  return kept.join('\n');
}

/** Rewrites one dot-separated segment of a Soda query name (`pg.customers[daily].aggregation[0]`). */
export function renameQuerySegment(name: string, dataset: string, renamed: string): string {
  return name
    .split('.')
    .map((segment) =>
      segment === dataset || segment.startsWith(`${dataset}[`)
        ? renamed + segment.slice(dataset.length)
        : segment,
    )
    .join('.');
}

/**
 * Every (dataset, column) a scan's results mention — metrics, schema metrics, checks and sample columns — in
 * result order; queries name a dataset without a column.
 */
export function visitColumnNames(
  result: ScanResult,
  visit: (dataset: string | undefined, column: string | undefined) => void,
): void {
  for (const metric of result.metrics) {
    visit(metric.dataset, metric.column);
    if (Array.isArray(metric.value)) for (const c of metric.value) visit(metric.dataset, c.columnName);
  }
  for (const check of result.checks) {
    visit(check.check.dataset?.name, check.column);
    for (const c of check.samples?.columns ?? []) visit(check.check.dataset?.name, c.name);
  }
  for (const query of result.queries) visit(query.dataset, undefined);
}
