/**
 * Aggregate computations: one select-list expression in a partition's single pass. Metrics that are truly
 * identical (same table, partition, metric, column, arguments, filter and every missing/validity key) share one
 * key and so one computation; Soda's identities omit some of these and collide (sodacl.md §6.1).
 */
import { sortedJson } from '../../common/sorted-json.js';
import type { Computation, PartitionRef } from '../computation.js';

export interface AggregateIdentity {
  metricName: string;
  column?: string;
  args?: number[];
  filter?: string;
  config?: object;
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
  const plain =
    variantParts.args.length === 0 && !variantParts.filter && Object.keys(variantParts.config).length === 0;
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
    variant: plain ? undefined : sortedJson(variantParts),
  };
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
