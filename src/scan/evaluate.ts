/**
 * The evaluator: a check's value against its zones, exactly as Soda decides: FAIL if the fail zone holds the
 * value, else WARN if the warn zone does, else PASS; a NULL value or no threshold gives no outcome.
 */
import type { MetricCheck } from '../sodacl/model.js';
import type { MetricOutcome } from './execute.js';
import type { CheckMetric } from './metric-spec.js';
import type { CheckResult, MetricValue, Outcome } from './result.js';
import { zoneContains } from './zone.js';

/** Soda's derived percentage: count × 100 ÷ rows, rounded to 2 decimals; 0 when there are no rows. */
export function percentOf(count: number, rows: number): number {
  if (rows === 0) return 0;
  return Math.round(((count * 100) / rows) * 100) / 100;
}

/** `name:`, or the check line followed by its warn and fail conditions, as Soda names checks. */
export function displayNameOf(check: MetricCheck): string {
  if (check.name) return check.name;
  const extra = (['warn', 'fail'] as const)
    .filter((key) => typeof check.configuration[key] === 'string')
    .map((key) => ` ${key} ${String(check.configuration[key])}`)
    .join('');
  return `${check.source}${extra}`;
}

export function outcomeOf(check: Pick<MetricCheck, 'fail' | 'warn'>, value: number): Outcome {
  if (check.fail && zoneContains(check.fail, value)) return 'fail';
  if (check.warn && zoneContains(check.warn, value)) return 'warn';
  return 'pass';
}

function measuredValue(metric: CheckMetric, values: Map<string, MetricOutcome>): MetricOutcome {
  if (metric.kind === 'error') return { error: metric.message };
  const read = (key: string): MetricOutcome => values.get(key) ?? { error: 'the metric was not computed' };
  if (metric.kind === 'aggregate') return read(metric.spec.key);
  const count = read(metric.count.key);
  const rows = read(metric.rowCount.key);
  if ('error' in count) return count;
  if ('error' in rows) return rows;
  if (count.value === null || rows.value === null) return { value: null };
  return { value: percentOf(count.value, rows.value) };
}

export function evaluateCheck(
  check: MetricCheck,
  metric: CheckMetric,
  values: Map<string, MetricOutcome>,
  metricIdentities: string[],
): CheckResult & { error?: string } {
  const base = {
    check,
    displayName: displayNameOf(check),
    metrics: metricIdentities,
    fail: check.fail,
    warn: check.warn,
  };
  const measured = measuredValue(metric, values);
  if ('error' in measured) {
    return { ...base, outcome: null, value: null, outcomeReasons: [measured.error], error: measured.error };
  }
  const value: MetricValue = measured.value;
  if (!check.fail && !check.warn) {
    return {
      ...base,
      outcome: null,
      value,
      outcomeReasons: [`No threshold specified for check "${base.displayName}"`],
    };
  }
  if (value === null) {
    return {
      ...base,
      outcome: null,
      value,
      outcomeReasons: ['The metric value is NULL (no rows, or no usable values): not evaluated'],
    };
  }
  return { ...base, outcome: outcomeOf(check, value), value, outcomeReasons: [] };
}
