/**
 * What each check needs computed. A MetricSpec is one SQL aggregate in a partition's query; checks whose
 * metric is truly identical (same dataset, partition, metric, column, arguments, filter and every
 * missing/validity key) share one spec. Soda's identities omit some of these and collide (sodacl.md §6.1).
 */
import { sortedJson } from '../common/sorted-json.js';
import type { Dialect } from '../connectors/dialect.js';
import { isNumericFormat } from '../sodacl/formats.js';
import type { AggregateMetricName, MetricCheck, MissingValidConfig } from '../sodacl/model.js';
import { columnConditions, invalidCondition, usableCondition, validCondition } from './metric-conditions.js';

export interface PartitionRef {
  /** The dataset as written (for names and reports). */
  dataset: string;
  /** The quoted, schema-qualified table. */
  table: string;
  partition?: string;
  filter?: string;
}

export interface MetricSpec {
  /** Equal keys mean the same computation. */
  key: string;
  metricName: AggregateMetricName;
  partition: PartitionRef;
  column?: string;
  /** The select-list expression. */
  sql: string;
  /** Ordered-set aggregates run on one core; the planner gives them their own query. */
  orderedSet: boolean;
  /** Arguments, filter and configuration that make this metric differ from the plain one, if any. */
  variant?: string;
}

export type CheckMetric =
  | { kind: 'aggregate'; spec: MetricSpec }
  | { kind: 'percent'; metricName: string; count: MetricSpec; rowCount: MetricSpec }
  | { kind: 'error'; message: string };

export function partitionOf(check: MetricCheck, dialect: Dialect, schema: string | undefined): PartitionRef {
  return {
    dataset: check.dataset.name,
    table: dialect.table(check.dataset, schema),
    partition: check.partition,
    filter: check.partitionFilter,
  };
}

const count = (condition: string | undefined) =>
  condition ? `COUNT(CASE WHEN ${condition} THEN 1 END)` : 'COUNT(*)';
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

/** The SQL for one aggregate metric of a check, or an error saying why it cannot be computed. */
function aggregateSql(
  check: MetricCheck,
  name: AggregateMetricName,
  dialect: Dialect,
): { sql: string } | { error: string } {
  const filter = check.filter;
  if (name === 'row_count') return { sql: count(withFilter(undefined, filter)) };
  const columnId = check.metric.column;
  if (!columnId) return { error: `${name} needs a column argument` };
  const column = dialect.identifier(columnId);
  const config: MissingValidConfig = check.missingValid ?? {};
  const conditions = columnConditions(dialect, column, config);
  switch (name) {
    case 'missing_count':
      return { sql: count(withFilter(conditions.missing, filter)) };
    case 'invalid_count': {
      const condition = invalidCondition(conditions, column, config.includeNull === true);
      if (!condition) {
        return {
          error: `${check.source}: invalid_count needs a validity configuration (valid values, valid format, valid regex, valid min/max, valid length or invalid values/format/regex) on the check or under "configurations for ${check.dataset.name}"`,
        };
      }
      return { sql: count(withFilter(condition, filter)) };
    }
    case 'valid_count':
      return { sql: count(withFilter(validCondition(conditions), filter)) };
    default:
      break;
  }
  // Statistics use only non-missing, valid values, and only the rows the check filter admits.
  const restricted = check.missingValid !== undefined || filter !== undefined;
  const numeric =
    config.validFormat && isNumericFormat(config.validFormat) ? dialect.textToNumber(column) : column;
  const value = restricted
    ? `CASE WHEN ${withFilter(usableCondition(conditions), filter)} THEN ${numeric} END`
    : numeric;
  const statistic = STATISTICS[name];
  if (statistic) return { sql: `${statistic}(${value})` };
  const lengthAggregate = LENGTHS[name];
  if (lengthAggregate) {
    const text = restricted
      ? `CASE WHEN ${withFilter(usableCondition(conditions), filter)} THEN ${column} END`
      : column;
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

function spec(
  check: MetricCheck,
  name: AggregateMetricName,
  dialect: Dialect,
  schema: string | undefined,
): MetricSpec | { error: string } {
  const result = aggregateSql(check, name, dialect);
  if ('error' in result) return result;
  const partition = partitionOf(check, dialect, schema);
  const column = check.metric.column?.name;
  // row_count ignores column configuration, so percentages share the row_count a plain check computes.
  const variantParts = {
    args: name === 'percentile' ? check.metric.args : [],
    filter: check.filter ?? null,
    config: name === 'row_count' ? {} : (check.missingValid ?? {}),
  };
  const plain =
    variantParts.args.length === 0 && !variantParts.filter && Object.keys(variantParts.config).length === 0;
  return {
    key: sortedJson({
      table: partition.table,
      partition: partition.partition ?? null,
      metric: name,
      column: name === 'row_count' ? null : (column ?? null),
      ...variantParts,
    }),
    variant: plain ? undefined : sortedJson(variantParts),
    metricName: name,
    partition,
    column: name === 'row_count' ? undefined : column,
    sql: result.sql,
    orderedSet: name === 'percentile',
  };
}

export function checkMetric(check: MetricCheck, dialect: Dialect, schema: string | undefined): CheckMetric {
  const name = check.metric.name;
  if (name === 'missing_percent' || name === 'invalid_percent') {
    const counted = spec(
      check,
      name === 'missing_percent' ? 'missing_count' : 'invalid_count',
      dialect,
      schema,
    );
    const rows = spec(check, 'row_count', dialect, schema);
    if ('error' in counted) return { kind: 'error', message: counted.error };
    if ('error' in rows) return { kind: 'error', message: rows.error };
    return { kind: 'percent', metricName: name, count: counted, rowCount: rows };
  }
  const single = spec(check, name, dialect, schema);
  return 'error' in single ? { kind: 'error', message: single.error } : { kind: 'aggregate', spec: single };
}
