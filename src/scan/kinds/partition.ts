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
