/** Built-in metric checks (row_count, missing/invalid/valid counts, statistics, lengths, percentiles). */
import { decimalSeparatorOf, isNumericFormat } from '../../sodacl/formats.js';
import type { AggregateMetricName, MetricCheck, MissingValidConfig } from '../../sodacl/model.js';
import type { ComputedValues } from '../computation.js';
import { columnConditions, invalidCondition, validCondition } from '../metric-conditions.js';
import { numberOf, percentage } from '../numbers.js';
import { type AggregateComputation, aggregate, countWhere, rowCount } from './aggregate.js';
import { type PlanContext, type PlannedCheck, unplannable } from './kind.js';
import { partitionOf } from './partition.js';
import { judge } from './thresholds.js';

const withFilter = (condition: string | undefined, filter: string | undefined) =>
  condition && filter
    ? `(${filter}) AND (${condition})`
    : (condition ?? (filter ? `(${filter})` : undefined));

const STATISTICS: Partial<Record<AggregateMetricName, string>> = {
  min: 'MIN',
  max: 'MAX',
  avg: 'AVG',
  sum: 'SUM',
  stddev: 'STDDEV',
  stddev_pop: 'STDDEV_POP',
  stddev_samp: 'STDDEV_SAMP',
  variance: 'VARIANCE',
  var_pop: 'VAR_POP',
  var_samp: 'VAR_SAMP',
};
const LENGTHS: Partial<Record<AggregateMetricName, string>> = {
  min_length: 'MIN',
  max_length: 'MAX',
  avg_length: 'AVG',
};

/**
 * The rows a missing or invalid count counts, check filter included: the count and its failed-row sample are
 * built from this one condition, so they always agree. Undefined for invalid_count without any validity.
 */
function countedRows(
  check: MetricCheck,
  counted: 'missing_count' | 'invalid_count',
  ctx: PlanContext,
): string | undefined {
  const columnId = check.metric.column;
  if (!columnId) return undefined;
  const column = ctx.dialect.identifier(columnId);
  const config: MissingValidConfig = check.missingValid ?? {};
  const conditions = columnConditions(ctx.dialect, column, config);
  const rows =
    counted === 'missing_count'
      ? conditions.missing
      : invalidCondition(conditions, column, config.includeNull === true);
  return rows === undefined ? undefined : withFilter(rows, check.filter);
}

/** Which count a metric check's failed rows are the rows of, if any. */
const COUNTED: Partial<Record<string, 'missing_count' | 'invalid_count'>> = {
  missing_count: 'missing_count',
  missing_percent: 'missing_count',
  invalid_count: 'invalid_count',
  invalid_percent: 'invalid_count',
};

/** The SQL for one aggregate metric of a check, or why it cannot be computed. */
function aggregateSql(
  check: MetricCheck,
  name: AggregateMetricName,
  ctx: PlanContext,
): { sql: string } | { error: string } {
  const { dialect } = ctx;
  const filter = check.filter;
  const columnId = check.metric.column;
  if (!columnId) return { error: `${name} needs a column argument` };
  const column = dialect.identifier(columnId);
  const config: MissingValidConfig = check.missingValid ?? {};
  const conditions = columnConditions(dialect, column, config);
  switch (name) {
    case 'missing_count':
    case 'invalid_count': {
      const rows = countedRows(check, name, ctx);
      if (!rows) {
        return {
          error: `invalid_count needs a validity configuration (valid values, valid format, valid regex, valid min/max, valid length or invalid values/format/regex) on the check or under "configurations for ${check.dataset.name}"`,
        };
      }
      return { sql: countWhere(rows) };
    }
    case 'valid_count':
      return { sql: countWhere(withFilter(validCondition(conditions), filter)) };
    default:
      break;
  }
  // Statistics use only non-missing, valid values, and only the rows the check filter admits.
  const restricted = check.missingValid !== undefined || filter !== undefined;
  // The values statistics use are the ones valid_count counts.
  const usable = withFilter(validCondition(conditions), filter);
  const numeric =
    config.validFormat && isNumericFormat(config.validFormat)
      ? dialect.textToNumber(column, decimalSeparatorOf(config.validFormat))
      : column;
  const value = restricted ? `CASE WHEN ${usable} THEN ${numeric} END` : numeric;
  const statistic = STATISTICS[name];
  if (statistic) return { sql: `${statistic}(${value})` };
  const lengthAggregate = LENGTHS[name];
  if (lengthAggregate) {
    const text = restricted ? `CASE WHEN ${usable} THEN ${column} END` : column;
    return { sql: `${lengthAggregate}(${dialect.length(text)})` };
  }
  if (name === 'percentile') {
    const fraction = check.metric.args[0];
    if (fraction === undefined)
      return { error: 'percentile needs a fraction, e.g. percentile(amount, 0.95)' };
    return { sql: dialect.percentile(value, fraction) };
  }
  return { error: `Metric ${name} cannot be computed by aggregation` };
}

function computation(
  check: MetricCheck,
  name: AggregateMetricName,
  ctx: PlanContext,
): AggregateComputation | { error: string } {
  const partition = partitionOf(check, ctx);
  // row_count ignores column configuration, so percentages share the row_count a plain check computes.
  if (name === 'row_count') return rowCount(partition, check.filter);
  const result = aggregateSql(check, name, ctx);
  if ('error' in result) return result;
  return aggregate(
    partition,
    {
      metricName: name,
      column: check.metric.column?.name,
      args: name === 'percentile' ? check.metric.args : [],
      filter: check.filter,
      config: check.missingValid,
    },
    result.sql,
    name === 'percentile',
  );
}

export function planMetricCheck(check: MetricCheck, ctx: PlanContext): PlannedCheck {
  const name = check.metric.name;
  const countKind = COUNTED[name];
  const sampled = countKind ? countedRows(check, countKind, ctx) : undefined;
  const samples = sampled
    ? { type: 'condition' as const, partition: partitionOf(check, ctx), condition: sampled }
    : undefined;
  const report = (computed: AggregateComputation, metricName: string) => (value: number | null) => [
    {
      metricName,
      dataset: computed.partition.dataset,
      partition: computed.partition.partition,
      column: computed.column,
      variant: computed.variant,
      value,
    },
  ];
  if (name === 'missing_percent' || name === 'invalid_percent') {
    const counted = computation(check, name === 'missing_percent' ? 'missing_count' : 'invalid_count', ctx);
    const rows = computation(check, 'row_count', ctx);
    if ('error' in counted) return unplannable(counted.error);
    if ('error' in rows) return unplannable(rows.error);
    return {
      samples,
      computations: [counted, rows],
      evaluate(values: ComputedValues) {
        const count = numberOf(values.get(counted.key));
        const total = numberOf(values.get(rows.key));
        const measured = percentage(count, total);
        const failedRowCount = 'value' in count && count.value !== null ? count.value : undefined;
        return { ...judge(check, measured, report(counted, name)), column: counted.column, failedRowCount };
      },
    };
  }
  const single = computation(check, name, ctx);
  if ('error' in single) return unplannable(single.error);
  return {
    samples,
    computations: [single],
    evaluate(values) {
      const measured = numberOf(values.get(single.key));
      const failedRowCount =
        sampled && 'value' in measured && measured.value !== null ? measured.value : undefined;
      return { ...judge(check, measured, report(single, name)), column: single.column, failedRowCount };
    },
  };
}
