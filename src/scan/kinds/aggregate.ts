/**
 * Aggregate computations: one select-list expression in a partition's single pass. Metrics that are truly
 * identical (same table, partition, metric, column, arguments, filter and every missing/validity key) share one
 * key and so one computation; Soda's identities omit some of these and collide (sodacl.md §6.1).
 */
import { sortedJson } from '../../common/sorted-json.js';
import type { MissingValidConfig } from '../../sodacl/model.js';
import type { Computation, PartitionRef } from '../computation.js';

export interface AggregateIdentity {
  metricName: string;
  column?: string;
  args?: number[];
  filter?: string;
  config?: MissingValidConfig;
}

export type AggregateComputation = Extract<Computation, { type: 'aggregate' }> & {
  metricName: string;
  column?: string;
  /** What makes this metric differ from the plain one, if anything; part of its reported identity. */
  variant?: string;
};

export function aggregate(
  partition: PartitionRef,
  identity: AggregateIdentity,
  sql: string,
  orderedSet = false,
): AggregateComputation {
  const variantParts = {
    args: identity.args ?? [],
    filter: identity.filter ?? null,
    config: identity.config ?? {},
  };
  return {
    type: 'aggregate',
    key: sortedJson({
      table: partition.table,
      partition: partition.partition ?? null,
      metric: identity.metricName,
      column: identity.column ?? null,
      ...variantParts,
      // The SQL too: `sum("Total")` and `sum(Total)` name one column but read two (Total folds to total).
      sql,
    }),
    partition,
    sql,
    orderedSet,
    metricName: identity.metricName,
    column: identity.column,
    variant: sodaMetricVariant(identity.args ?? [], identity.filter, identity.config),
  };
}

/** Python's str() of a number as Soda's identity hash reads it: floats keep their ".0". */
function pythonNumber(value: number, float: boolean): string {
  return float && Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * The text Soda hashes into a NumericQueryMetric's identity (`metric-…-<name>-<hash>`): the extra metric
 * arguments, the filter, then the missing/valid configuration as `Identity.property` pairs in Soda's order. The
 * hash of it is Soda's, so Soda Cloud keeps a filtered or configured metric's history. Soda leaves
 * `invalid values/format/regex` out and so gives different metrics one identity (sodacl.md §6.1); they are added
 * after Soda's parts, so such metrics differ while every other metric keeps Soda's identity. Undefined for a
 * plain metric, which has no hash.
 */
export function sodaMetricVariant(
  args: readonly number[],
  filter: string | undefined,
  config: MissingValidConfig | undefined,
): string | undefined {
  const parts: string[] = args.map((arg) => pythonNumber(arg, false));
  if (filter) parts.push(filter);
  const property = (name: string, value: unknown, float = false) => {
    if (value === undefined) return;
    parts.push(name);
    if (Array.isArray(value))
      for (const item of value)
        parts.push(typeof item === 'number' ? pythonNumber(item, false) : String(item));
    else if (typeof value === 'boolean') parts.push(value ? 'True' : 'False');
    else if (typeof value === 'number') parts.push(pythonNumber(value, float));
    else parts.push(String(value));
  };
  if (config) {
    property('missing_values', config.missingValues);
    property('missing_format', config.missingFormat);
    property('missing_regex', config.missingRegex);
    property('valid_values', config.validValues);
    property('valid_format', config.validFormat);
    property('valid_regex', config.validRegex);
    property('valid_length', config.validLength);
    property('valid_min_length', config.validMinLength);
    property('valid_max_length', config.validMaxLength);
    property('valid_min', config.validMin, true);
    property('valid_max', config.validMax, true);
    property('include_null', config.includeNull);
    // Gatehouse's own: what Soda leaves out of the identity.
    property('invalid_values', config.invalidValues);
    property('invalid_format', config.invalidFormat);
    property('invalid_regex', config.invalidRegex);
  }
  return parts.length > 0 ? parts.join('') : undefined;
}

export const countWhere = (condition: string | undefined) =>
  condition ? `COUNT(CASE WHEN ${condition} THEN 1 END)` : 'COUNT(*)';

/** `row_count` of a partition, optionally filtered: shared by every check that needs the same count. */
export function rowCount(partition: PartitionRef, filter?: string): AggregateComputation {
  return aggregate(
    partition,
    { metricName: 'row_count', filter },
    countWhere(filter ? `(${filter})` : undefined),
  );
}
