/** The partition (table + partition filter) a dataset-scoped check reads. */
import type { Identifier } from '../../sodacl/model.js';
import type { PartitionRef } from '../computation.js';
import type { PlanContext } from './kind.js';

export function partitionOf(
  scope: { dataset: Identifier; partition?: string; partitionFilter?: string },
  ctx: PlanContext,
): PartitionRef {
  return {
    dataset: scope.dataset.name,
    table: ctx.dialect.table(scope.dataset, ctx.schema),
    partition: scope.partition,
    filter: scope.partitionFilter,
  };
}

/** The partition filter and a check filter as one condition, or undefined when there is neither. */
export function bothFilters(
  partitionFilter: string | undefined,
  filter: string | undefined,
): string | undefined {
  if (partitionFilter && filter) return `(${partitionFilter}) AND (${filter})`;
  if (partitionFilter) return `(${partitionFilter})`;
  if (filter) return `(${filter})`;
  return undefined;
}
