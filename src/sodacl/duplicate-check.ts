/** `duplicate_count(a[, b…])` / `duplicate_percent(…)`: value combinations that occur more than once. */
import {
  type CheckItem,
  commonFields,
  lineError,
  requireDataset,
  resolveThresholds,
} from './check-common.js';
import { readCheckConfiguration } from './check-config.js';
import { columnArguments, type MetricCall, parseLineThreshold } from './check-line.js';
import type { DuplicateCheck } from './model.js';

export function readDuplicateCheck(
  item: CheckItem,
  metric: DuplicateCheck['metric'],
  call: MetricCall,
): DuplicateCheck | undefined {
  const columns = columnArguments(
    call,
    `${metric} takes one or more columns: ${metric}(a) or ${metric}(a, b)`,
  );
  if (!Array.isArray(columns)) return void lineError(item, columns.problem.message, columns.problem.index);
  const line = parseLineThreshold(call.stream, item.resolved);
  if (!line.ok) return void lineError(item, line.problem.message, line.problem.index);
  const dataset = requireDataset(item, `Duplicate check "${item.text.value}"`);
  const configuration = readCheckConfiguration(
    item.configNode,
    {
      kind: 'duplicate checks',
      keys: ['name', 'identity', 'filter', 'attributes', 'samples limit', 'samples columns', 'warn', 'fail'],
      // Duplicates are counted over raw values; a missing/valid configuration would silently change nothing in Soda.
      missingValid: {
        refused: `Missing and validity keys do not apply to ${metric}: it counts distinct non-NULL value combinations that occur more than once; use "filter:" to narrow the rows`,
      },
    },
    item.context,
  );
  if (!configuration || !dataset) return undefined;
  const thresholds = resolveThresholds(item, line.threshold, configuration, { example: `${metric}(…)` });
  if (!thresholds) return undefined;
  const check: DuplicateCheck = {
    ...commonFields(item, configuration),
    dataset,
    kind: 'duplicate',
    metric,
    columns,
    ...thresholds,
  };
  if (configuration.filter !== undefined) check.filter = configuration.filter;
  return check;
}
