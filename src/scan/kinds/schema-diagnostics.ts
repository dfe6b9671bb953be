/**
 * A schema check's diagnostics in Soda Cloud's shape (reference/soda-cloud-scan-results.json): the measured
 * schema as a `Column,Type` csv block, the schema events as a `Column,Event,Details` block, the violation lists
 * and maps, and the bar chart of fail / warn / pass counts.
 */
import { csvField } from '../../common/csv-field.js';
import type { SchemaColumn } from '../computation.js';
import { emptyViolations, eventCount, type SchemaViolations } from './schema-validations.js';

export function schemaBlock(columns: SchemaColumn[]) {
  const rows = columns.map((column) => `${csvField(column.name)},${csvField(column.type)}`);
  return { type: 'csv', text: ['Column,Type', ...rows].join('\n'), title: 'Schema' };
}

/** Soda's event rows, in its order: changes first, then mismatches, forbidden and missing columns. */
function eventRows(violations: SchemaViolations, outcome: 'fail' | 'warn'): string[] {
  const events: Array<[string, string, string]> = [
    ...violations.column_deletions.map((c): [string, string, string] => [c, 'Column Deleted', '']),
    ...violations.column_additions.map((c): [string, string, string] => [c, 'Column Added', '']),
    ...Object.entries(violations.column_index_changes).map(([c, change]): [string, string, string] => [
      c,
      'Index Changed',
      `Previous Index: ${change.previous_index}; New Index: ${change.new_index}`,
    ]),
    ...Object.entries(violations.column_type_changes).map(([c, change]): [string, string, string] => [
      c,
      'Type Changed',
      `Previous Type: ${change.previous_type}; New Type: ${change.new_type}`,
    ]),
    ...Object.entries(violations.column_index_mismatches).map(([c, m]): [string, string, string] => [
      c,
      'Index Mismatch',
      `Expected Index: ${m.expected_index}; Actual Index: ${m.actual_index}`,
    ]),
    ...Object.entries(violations.column_type_mismatches).map(([c, m]): [string, string, string] => [
      c,
      'Type Mismatch',
      `Expected Type: ${m.expected_type}; Actual Type: ${m.actual_type}`,
    ]),
    ...violations.present_column_names.map((c): [string, string, string] => [
      c,
      'Forbidden Column Present',
      '',
    ]),
    ...violations.missing_column_names.map((c): [string, string, string] => [
      c,
      'Required Column Missing',
      '',
    ]),
  ];
  return events.map(
    ([column, event, details]) => `${csvField(column)},:icon-${outcome}: ${event}, ${details}`,
  );
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/** One set of top-level lists and maps for both blocks; where both name a column, the fail block's entry wins. */
function merged(fail: SchemaViolations | undefined, warn: SchemaViolations | undefined): SchemaViolations {
  const f = fail ?? emptyViolations();
  const w = warn ?? emptyViolations();
  return {
    missing_column_names: union(f.missing_column_names, w.missing_column_names),
    present_column_names: union(f.present_column_names, w.present_column_names),
    column_type_mismatches: { ...w.column_type_mismatches, ...f.column_type_mismatches },
    column_index_mismatches: { ...w.column_index_mismatches, ...f.column_index_mismatches },
    column_additions: union(f.column_additions, w.column_additions),
    column_deletions: union(f.column_deletions, w.column_deletions),
    column_type_changes: { ...w.column_type_changes, ...f.column_type_changes },
    column_index_changes: { ...w.column_index_changes, ...f.column_index_changes },
  };
}

export function schemaDiagnostics(
  columns: SchemaColumn[],
  fail: SchemaViolations | undefined,
  warn: SchemaViolations | undefined,
): Record<string, unknown> {
  const failEvents = fail ? eventRows(fail, 'fail') : [];
  const warnEvents = warn ? eventRows(warn, 'warn') : [];
  const events = failEvents.length + warnEvents.length;
  const blocks: Array<Record<string, unknown>> = [schemaBlock(columns)];
  if (events > 0) {
    const text = ['Column,Event,Details', ...failEvents, ...warnEvents].join('\n');
    blocks.push({ type: 'csv', text, title: 'Diagnostics' });
  }
  return {
    blocks,
    ...merged(fail, warn),
    preferredChart: 'bars',
    valueLabel: `${events} schema event(s)`,
    valueSeries: {
      values: [
        { label: 'fail', value: eventCount(fail), outcome: 'fail' },
        { label: 'warn', value: eventCount(warn), outcome: 'warn' },
        // Soda's pass bar: the columns that took part in no event (never below zero here).
        { label: 'pass', value: Math.max(0, columns.length - events), outcome: 'pass' },
      ],
    },
  };
}
