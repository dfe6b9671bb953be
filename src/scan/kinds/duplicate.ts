/**
 * `duplicate_count(a[, b…])` and `duplicate_percent(…)`.
 *
 * duplicate_count is Soda's: the number of distinct value combinations that occur more than once, among the rows
 * where EVERY listed column is non-NULL (Soda's DuplicatesQuery ANDs one `c IS NOT NULL` per column, so a row with
 * any NULL column is never a duplicate), within the partition and the check `filter`.
 *
 * Each metric is a 'grouped' computation: a scalar subquery the planner puts, with every other duplicate metric
 * of the partition, into one SELECT (measured faster than GROUPING SETS and than Soda's query per metric).
 */
import { sortedJson } from '../../common/sorted-json.js';
import type { DuplicateCheck } from '../../sodacl/model.js';
import type { Computation, ComputedValues, PartitionRef } from '../computation.js';
import { numberOf, percentage } from '../numbers.js';
import { rowCount, sodaMetricVariant } from './aggregate.js';
import type { MetricReport, PlanContext, PlannedCheck, SampleSource } from './kind.js';
import { partitionOf } from './partition.js';
import { judge } from './thresholds.js';

export type GroupedComputation = Extract<Computation, { type: 'grouped' }>;

/**
 * The duplicate_count of a partition: identical metrics (same table, partition, columns in order, filter) share
 * one key. The partition filter goes into the subquery's WHERE because the planner adds none to grouped queries.
 */
export function duplicateCount(
  partition: PartitionRef,
  columns: string[],
  filter: string | undefined,
): GroupedComputation {
  const conditions = [
    ...columns.map((column) => `${column} IS NOT NULL`),
    ...(partition.filter ? [`(${partition.filter})`] : []),
    ...(filter ? [`(${filter})`] : []),
  ];
  const sql = [
    `SELECT COUNT(*) FROM (SELECT 1 FROM ${partition.table}`,
    `WHERE ${conditions.join(' AND ')}`,
    `GROUP BY ${columns.join(', ')} HAVING COUNT(*) > 1) AS d`,
  ].join(' ');
  return {
    type: 'grouped',
    key: sortedJson({
      type: 'duplicate_count',
      table: partition.table,
      partition: partition.partition ?? null,
      columns,
      filter: filter ?? null,
    }),
    partition,
    sql,
  };
}

/**
 * The rows whose value combination is duplicated, within the same partition and filter. `IN (subquery)` rather
 * than a join keeps the user's filter SQL unambiguous (no second alias holding the same column names).
 */
function duplicateRows(partition: PartitionRef, columns: string[], filter: string | undefined): SampleSource {
  const conditions = [
    ...columns.map((column) => `${column} IS NOT NULL`),
    ...(partition.filter ? [`(${partition.filter})`] : []),
    ...(filter ? [`(${filter})`] : []),
  ].join(' AND ');
  const tuple = columns.length === 1 ? (columns[0] as string) : `(${columns.join(', ')})`;
  const groups = `SELECT ${columns.join(', ')} FROM ${partition.table} WHERE ${conditions} GROUP BY ${columns.join(', ')} HAVING COUNT(*) > 1`;
  return {
    type: 'query',
    dataset: partition.dataset,
    partition: partition.partition,
    sql: `SELECT * FROM ${partition.table}\nWHERE ${conditions} AND ${tuple} IN (${groups})`,
  };
}

export function planDuplicateCheck(check: DuplicateCheck, ctx: PlanContext): PlannedCheck {
  const partition = partitionOf(check, ctx);
  const columns = check.columns.map((column) => ctx.dialect.identifier(column));
  const counted = duplicateCount(partition, columns, check.filter);
  const samples = duplicateRows(partition, columns, check.filter);
  // Soda reports a column only for a single-column duplicate metric (MetricCheckCfg.get_column_name).
  const column = check.columns.length === 1 ? check.columns[0]?.name : undefined;
  // One column: Soda's identity hash covers the filter alone (sodaMetricVariant). Several: Gatehouse's own.
  const variant =
    check.columns.length === 1
      ? sodaMetricVariant([], check.filter, undefined)
      : sortedJson({ columns: check.columns.map((c) => c.name), filter: check.filter ?? null });
  const report = (value: number | null): MetricReport[] => [
    {
      metricName: check.metric,
      dataset: partition.dataset,
      partition: partition.partition,
      column,
      variant,
      value,
    },
  ];

  if (check.metric === 'duplicate_count') {
    return {
      samples,
      computations: [counted],
      evaluate: (values) => ({ ...judge(check, numberOf(values.get(counted.key)), report), column }),
    };
  }

  // duplicate_percent keeps Soda's definition for compatibility (sodacl.md §6.6): duplicate GROUPS × 100 ÷ ALL
  // rows (same filter), rounded to 2 decimals, 0 without rows. It is not the share of rows that are duplicates:
  // 4 rows a, a, a, b give 1 × 100 ÷ 4 = 25, where 75% (or 50%, counting only the extra copies) of the rows repeat.
  const rows = rowCount(partition, check.filter);
  return {
    samples,
    computations: [counted, rows],
    evaluate(values: ComputedValues) {
      const measured = percentage(numberOf(values.get(counted.key)), numberOf(values.get(rows.key)));
      return { ...judge(check, measured, report), column };
    },
  };
}
