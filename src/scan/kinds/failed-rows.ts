/**
 * `failed rows` checks: the value is the number of failed rows.
 * - `fail condition`: a row_count filtered by the condition, one more expression in the partition's aggregate
 *   pass (shared with an identical `row_count` filter), as Soda does.
 * - `fail query`: counted by the database, `SELECT COUNT(*) FROM (<query>) AS failed_rows`. Soda fetches every
 *   row to count them in Python (up to 10,000 kept in memory); Gatehouse never transfers a row to count it.
 * Outcome: with warn/fail zones, judged on the count; without, FAIL iff the count is above 0 (Soda's rule).
 */
import type { FailedRowsCheck } from '../../sodacl/model.js';
import type { Computation, PartitionRef } from '../computation.js';
import { numberOf } from '../numbers.js';
import { rowCount } from './aggregate.js';
import {
  type Evaluation,
  type MetricReport,
  type PlanContext,
  type PlannedCheck,
  unplannable,
} from './kind.js';
import { partitionOf } from './partition.js';
import { scalarQuery } from './scalar-query.js';
import { judge } from './thresholds.js';

/** Soda names the fail-query metric after the check line, which is always `failed rows`. */
const FAIL_QUERY_METRIC = 'failed rows';

/**
 * The user's query as a subquery: trailing semicolons would end the statement early, and the closing
 * parenthesis goes on a line of its own so a trailing `-- comment` cannot swallow it.
 */
export function countQuerySql(query: string): string {
  const body = query.trim().replace(/[\s;]+$/, '');
  return `SELECT COUNT(*) FROM (\n${body}\n) AS failed_rows`;
}

function evaluateCount(
  check: FailedRowsCheck,
  computed: ReturnType<typeof numberOf>,
  metrics: (value: number | null) => MetricReport[],
): Evaluation {
  const count = 'value' in computed && computed.value !== null ? computed.value : undefined;
  if (check.fail || check.warn) return { ...judge(check, computed, metrics), failedRowCount: count };
  if ('error' in computed)
    return { outcome: null, value: null, outcomeReasons: [computed.error], metrics: [] };
  const value = computed.value ?? 0; // COUNT(*) is never NULL
  return {
    outcome: value > 0 ? 'fail' : 'pass',
    value,
    outcomeReasons: [],
    metrics: metrics(value),
    failedRowCount: value,
  };
}

export function planFailedRowsCheck(check: FailedRowsCheck, ctx: PlanContext): PlannedCheck {
  const partition: PartitionRef | undefined = check.dataset
    ? partitionOf({ ...check, dataset: check.dataset }, ctx)
    : undefined;

  if (check.failCondition !== undefined) {
    if (!partition)
      return unplannable('"fail condition" needs a dataset: put the check under "checks for DATASET:"');
    const condition = check.failCondition;
    const counted = rowCount(partition, condition);
    // Soda's metric for a fail condition is the filtered row_count itself.
    const metrics = (value: number | null): MetricReport[] => [
      {
        metricName: 'row_count',
        dataset: partition.dataset,
        partition: partition.partition,
        variant: counted.variant,
        value,
      },
    ];
    return {
      computations: [counted],
      samples: { type: 'condition', partition, condition: `(${condition})` },
      evaluate: (values) => evaluateCount(check, numberOf(values.get(counted.key)), metrics),
    };
  }

  if (check.failQuery !== undefined) {
    const query: Computation = scalarQuery(ctx, {
      what: 'failed_rows',
      detail: check.name ?? FAIL_QUERY_METRIC,
      dataset: partition?.dataset,
      partition: partition?.partition,
      sql: countQuerySql(check.failQuery),
    });
    const metrics = (value: number | null): MetricReport[] => [
      {
        metricName: FAIL_QUERY_METRIC,
        dataset: partition?.dataset,
        partition: partition?.partition,
        // Soda's identity hashes the query text.
        variant: check.failQuery,
        value,
      },
    ];
    return {
      computations: [query],
      samples: {
        type: 'query',
        dataset: partition?.dataset,
        partition: partition?.partition,
        table: partition?.table,
        sql: check.failQuery.trim().replace(/[\s;]+$/, ''),
      },
      evaluate: (values) => evaluateCount(check, numberOf(values.get(query.key)), metrics),
    };
  }
  return unplannable('A failed rows check needs "fail condition" or "fail query"');
}
