/**
 * User-defined metrics, judged against their thresholds like built-in metric checks.
 * - `<m> expression:` is one more expression in the dataset's aggregate pass; its key includes the expression
 *   text, so only identical definitions share a computation.
 * - `<m> query:` (and `sql_file:`, already read by the parser) runs as a query of its own, as written; its value
 *   is the first column of the first row, which must be a number or NULL (no row counts as NULL).
 * The metric is named after the metric (`belgium_customers`), also for queries, where Soda uses the whole check
 * line (`belgium_customers = 6`): so a changed threshold keeps the metric's history. `failed rows query` only
 * feeds samples, run only when samples are on and the check did not pass.
 */
import { sortedJson } from '../../common/sorted-json.js';
import type { UserMetricCheck } from '../../sodacl/model.js';
import { numberOf } from '../numbers.js';
import { aggregate } from './aggregate.js';
import {
  type MetricReport,
  type PlanContext,
  type PlannedCheck,
  type SampleSource,
  unplannable,
} from './kind.js';
import { partitionOf } from './partition.js';
import { scalarQuery } from './scalar-query.js';
import { judge } from './thresholds.js';

export function planUserMetricCheck(check: UserMetricCheck, ctx: PlanContext): PlannedCheck {
  const column = check.column?.name;
  const partition = check.dataset ? partitionOf({ ...check, dataset: check.dataset }, ctx) : undefined;
  if (check.filter !== undefined) {
    return unplannable(`"filter" does not apply to a user-defined metric; put the condition into its SQL`);
  }
  const report =
    (variant: string | undefined) =>
    (value: number | null): MetricReport[] => [
      {
        metricName: check.metricName,
        dataset: partition?.dataset,
        partition: partition?.partition,
        column,
        variant,
        value,
      },
    ];

  // `failed rows query` only feeds samples: it runs when samples are on and the check did not pass.
  const samples: SampleSource | undefined = check.failedRowsQuery
    ? {
        type: 'query',
        dataset: partition?.dataset,
        partition: partition?.partition,
        sql: check.failedRowsQuery,
      }
    : undefined;

  if (check.expression !== undefined) {
    if (!partition) {
      return unplannable(
        `"${check.metricName} expression" needs a dataset: put the check under "checks for DATASET:" or use "${check.metricName} query"`,
      );
    }
    // Parenthesised: an expression with a top-level comma is an error, not a silent extra column.
    const computed = {
      ...aggregate(partition, { metricName: check.metricName, column }, `(${check.expression})`),
      // Named apart by its expression, so two definitions of one name never report as one metric.
      variant: sortedJson({ args: [], filter: null, config: { expression: check.expression } }),
    };
    return {
      samples,
      computations: [computed],
      evaluate: (values) => ({
        ...judge(check, numberOf(values.get(computed.key)), report(computed.variant)),
        column,
      }),
    };
  }

  if (check.query !== undefined) {
    const query = scalarQuery(ctx, {
      what: 'user_defined_query',
      detail: check.metricName,
      dataset: partition?.dataset,
      partition: partition?.partition,
      sql: check.query,
    });
    return {
      samples,
      computations: [query],
      evaluate: (values) => ({
        ...judge(check, numberOf(values.get(query.key)), report(check.query)),
        column,
      }),
    };
  }
  return unplannable(
    `"${check.metricName}" is not a known metric: define it with "${check.metricName} expression:" or "${check.metricName} query:"`,
  );
}
