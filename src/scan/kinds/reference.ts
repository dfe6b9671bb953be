/**
 * `values in (a, b) must [not] exist in other (x, y)`: the number of offending rows; PASS iff 0, no thresholds.
 *
 * Soda's semantics (ReferenceQuery): SOURCE LEFT JOIN TARGET on every column pair, and a row offends when, for ANY
 * pair, the source value is non-NULL and the target value is NULL (must exist) or non-NULL (must not exist). So a
 * row whose first column is NULL but whose second is not still fails a `must exist` (sodacl.md §1.8), and a row
 * with all source values NULL never offends. Like Soda, the value counts joined rows: under `must not exist`, a
 * source row that matches two target rows counts twice (the outcome is the same).
 *
 * Unlike Soda, must-exist and must-not-exist on the same columns are different computations (Soda's metric identity
 * omits the `not`, so one scan gave both checks the same value: sodacl.md §6.1).
 *
 * The partition filter applies to the source rows and is pasted as written, as Soda does: unqualified column names
 * in it resolve against both tables, so a column that exists in both is ambiguous; qualify it as `SOURCE.col`.
 * SOURCE and TARGET stay unquoted for that reason: they fold like the user's own `SOURCE.col` does.
 */
import type { ReferenceCheck } from '../../sodacl/model.js';
import { numberOf } from '../numbers.js';
import type { MetricReport, PlanContext, PlannedCheck } from './kind.js';
import { partitionOf } from './partition.js';
import { scalarQuery } from './scalar-query.js';

/** FROM … WHERE … of the offending rows: shared by the count and the failed-row sample. */
function offendingRows(check: ReferenceCheck, ctx: PlanContext): string {
  const { dialect } = ctx;
  const pairs = check.columns.map((column, index) => {
    const other = check.otherColumns[index];
    if (!other) throw new Error('a reference check needs as many columns on each side');
    return { source: `SOURCE.${dialect.identifier(column)}`, target: `TARGET.${dialect.identifier(other)}` };
  });
  const join = pairs.map((p) => `${p.source} = ${p.target}`).join(' AND ');
  const targetIs = check.mustExist ? 'IS NULL' : 'IS NOT NULL';
  const offends = pairs.map((p) => `(${p.source} IS NOT NULL AND ${p.target} ${targetIs})`).join(' OR ');
  const where = check.partitionFilter ? `(${check.partitionFilter}) AND (${offends})` : offends;
  return [
    `FROM ${dialect.table(check.dataset, ctx.schema)} AS SOURCE`,
    `LEFT JOIN ${dialect.table(check.otherDataset, ctx.schema)} AS TARGET ON ${join}`,
    `WHERE ${where}`,
  ].join('\n');
}

export function planReferenceCheck(check: ReferenceCheck, ctx: PlanContext): PlannedCheck {
  if (check.columns.length === 0 || check.columns.length !== check.otherColumns.length) {
    return {
      computations: [],
      evaluate: () => ({
        outcome: null,
        value: null,
        outcomeReasons: ['A reference check needs the same number of columns on each side'],
        metrics: [],
      }),
    };
  }
  const partition = partitionOf(check, ctx);
  const rows = offendingRows(check, ctx);
  const query = scalarQuery(ctx, {
    what: 'reference',
    // Soda's name; `must not exist` is marked so the two directions' queries are told apart.
    detail: `${check.columns.map((c) => c.name).join(',')}${check.mustExist ? '' : ' must not exist'}`,
    dataset: partition.dataset,
    partition: partition.partition,
    sql: `SELECT COUNT(*)\n${rows}`,
  });
  // Soda names a column only when the check has a single source column (ReferenceCheck).
  const column = check.columns.length === 1 ? check.columns[0]?.name : undefined;
  const report = (value: number | null): MetricReport[] => [
    {
      metricName: 'reference',
      dataset: partition.dataset,
      partition: partition.partition,
      column,
      // Soda's identity parts: source columns, target table, target columns (so the hash is Soda's, and Soda
      // Cloud keeps the history). `must not exist` is added after them so §6.1 cannot recur.
      variant: [
        ...check.columns.map((c) => c.name),
        check.otherDataset.name,
        ...check.otherColumns.map((c) => c.name),
        ...(check.mustExist ? [] : ['must not exist']),
      ].join(''),
      value,
    },
  ];
  return {
    computations: [query],
    samples: {
      type: 'query',
      dataset: partition.dataset,
      partition: partition.partition,
      table: partition.table,
      sql: `SELECT SOURCE.*\n${rows}`,
    },
    evaluate(values) {
      const measured = numberOf(values.get(query.key));
      if ('error' in measured) {
        return { outcome: null, value: null, outcomeReasons: [measured.error], metrics: [], column };
      }
      const count = measured.value ?? 0; // COUNT(*) is never NULL; an empty result counts nothing
      return {
        outcome: count === 0 ? 'pass' : 'fail',
        value: count,
        outcomeReasons: [],
        metrics: report(count),
        column,
        failedRowCount: count,
      };
    },
  };
}
