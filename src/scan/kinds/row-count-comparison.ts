/**
 * `row_count same as OTHER [PARTITION]`: value = row_count − the other's row_count; PASS iff 0, no thresholds.
 * Both counts are plain row_counts of their partitions, shared with every other check counting the same rows
 * (each is one expression of its partition's aggregate pass).
 */
import type { RowCountComparisonCheck } from '../../sodacl/model.js';
import type { PartitionRef } from '../computation.js';
import { numberOf } from '../numbers.js';
import { type AggregateComputation, rowCount } from './aggregate.js';
import type { MetricReport, PlanContext, PlannedCheck } from './kind.js';
import { partitionOf } from './partition.js';

const report = (computed: AggregateComputation, value: number | null): MetricReport => ({
  metricName: 'row_count',
  dataset: computed.partition.dataset,
  partition: computed.partition.partition,
  value,
});

export function planRowCountComparisonCheck(check: RowCountComparisonCheck, ctx: PlanContext): PlannedCheck {
  const other: PartitionRef = partitionOf(
    {
      dataset: check.otherDataset,
      partition: check.otherPartition,
      partitionFilter: check.otherPartitionFilter,
    },
    ctx,
  );
  const mine = rowCount(partitionOf(check, ctx));
  const theirs = rowCount(other);
  return {
    computations: [mine, theirs],
    evaluate(values) {
      const rows = numberOf(values.get(mine.key));
      const otherRows = numberOf(values.get(theirs.key));
      if ('error' in rows) return { outcome: null, value: null, outcomeReasons: [rows.error], metrics: [] };
      if ('error' in otherRows) {
        return { outcome: null, value: null, outcomeReasons: [otherRows.error], metrics: [] };
      }
      // COUNT(*) is never NULL.
      const rowCountValue = rows.value ?? 0;
      const otherRowCount = otherRows.value ?? 0;
      const difference = rowCountValue - otherRowCount;
      return {
        outcome: difference === 0 ? 'pass' : 'fail',
        value: difference,
        outcomeReasons: [],
        metrics: [report(mine, rowCountValue), report(theirs, otherRowCount)],
        // Soda Cloud's keys for this check's diagnostics.
        diagnostics: { rowCount: rowCountValue, otherRowCount },
      };
    },
  };
}
