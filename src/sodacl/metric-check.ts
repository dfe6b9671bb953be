/** Built-in metric checks: `row_count > 0`, `missing_count(email) = 0`, `percentile(x, 0.95) < 3`, … */

import {
  type CheckItem,
  commonFields,
  lineError,
  requireDataset,
  resolveThresholds,
} from './check-common.js';
import {
  type ConfigRules,
  type GeneralKey,
  readCheckConfiguration,
  SAMPLES_COLUMNS_REFUSED,
} from './check-config.js';
import { buildMetric, type MetricCall, parseLineThreshold } from './check-line.js';
import { findColumnConfiguration } from './column-configurations.js';
import { formatIdentifier } from './identifiers.js';
import type { MetricSpec } from './metrics.js';
import { mergeMissingValid } from './missing-valid.js';
import type { MetricCheck, MetricName } from './model.js';

/** Metrics whose failing rows Soda samples (valid_count is not one of them). */
const SAMPLING_METRICS: readonly MetricName[] = [
  'missing_count',
  'missing_percent',
  'invalid_count',
  'invalid_percent',
];

export function readMetricCheck(
  item: CheckItem,
  spec: MetricSpec,
  call: MetricCall,
): MetricCheck | undefined {
  const metric = buildMetric(spec.name, spec.arity, call);
  if (!('name' in metric)) return void lineError(item, metric.problem.message, metric.problem.index);
  const line = parseLineThreshold(call.stream, item.resolved);
  if (!line.ok) return void lineError(item, line.problem.message, line.problem.index);
  const dataset = requireDataset(item, `Metric check "${item.text.value}"`);

  const samples = SAMPLING_METRICS.includes(spec.name);
  const keys: GeneralKey[] = ['name', 'identity', 'filter', 'attributes', 'samples limit'];
  if (samples) keys.push('samples columns');
  keys.push('warn', 'fail');
  const rules: ConfigRules = {
    kind: 'metric checks',
    keys,
    refused: { 'samples columns': SAMPLES_COLUMNS_REFUSED },
    missingValid: { arity: spec.arity },
    readSpecial: (key, keyNode) => {
      if (/^failed rows (query|sql_file)$/.test(key)) {
        item.context.error(
          `"${key}" applies to user-defined metrics only; ${spec.name} samples its failing rows itself`,
          keyNode,
        );
        return true;
      }
      const own = /^(.+) (expression|query|sql_file)$/.exec(key);
      if (own) {
        item.context.error(
          `"${key}" defines a user-defined metric, but ${spec.name} is a built-in metric; give the user-defined metric a name of its own`,
          keyNode,
        );
        return true;
      }
      return false;
    },
  };
  const configuration = readCheckConfiguration(item.configNode, rules, item.context);
  if (!configuration || !dataset) return undefined;
  const thresholds = resolveThresholds(item, line.threshold, configuration, {
    example: spec.name === 'row_count' ? 'row_count' : `${spec.name}(…)`,
  });
  if (!thresholds) return undefined;

  const check: MetricCheck = {
    ...commonFields(item, configuration),
    dataset,
    kind: 'metric',
    metric,
    ...thresholds,
  };
  if (configuration.filter !== undefined) check.filter = configuration.filter;
  const columnConfig = metric.column
    ? findColumnConfiguration(item.section.columnConfigurations, dataset, metric.column)?.config
    : undefined;
  const missingValid = mergeMissingValid(columnConfig, configuration.missingValid);
  if (missingValid && Object.keys(missingValid).length > 0) check.missingValid = { ...missingValid };
  warnAboutUselessInvalidCount(check, item);
  return check;
}

/** Soda computes invalid_count as 0 (with a warning) when nothing says what is valid; say so up front. */
function warnAboutUselessInvalidCount(check: MetricCheck, item: CheckItem): void {
  if (check.metric.name !== 'invalid_count' && check.metric.name !== 'invalid_percent') return;
  const config = check.missingValid ?? {};
  const hasValidity = Object.keys(config).some((key) => key.startsWith('valid') || key.startsWith('invalid'));
  if (!hasValidity) {
    const column = check.metric.column ? formatIdentifier(check.metric.column) : '';
    item.context.sink.warning(
      `${check.metric.name}(${column}) has no valid/invalid configuration (valid format, valid values, invalid values, …), so every non-missing value counts as valid`,
      check.location,
    );
  }
}
