/**
 * Judging a number against fail and warn zones, exactly as Soda does: FAIL if the fail zone holds the value,
 * else WARN if the warn zone does, else PASS; a NULL value or no threshold gives no outcome.
 */
import type { Zone } from '../../sodacl/model.js';
import type { NumericOutcome } from '../numbers.js';
import type { Outcome } from '../result.js';
import { zoneContains } from '../zone.js';
import type { Evaluation, MetricReport } from './kind.js';

export function outcomeOf(zones: { fail?: Zone; warn?: Zone }, value: number): Outcome {
  if (zones.fail && zoneContains(zones.fail, value)) return 'fail';
  if (zones.warn && zoneContains(zones.warn, value)) return 'warn';
  return 'pass';
}

export function judge(
  zones: { fail?: Zone; warn?: Zone },
  measured: NumericOutcome,
  metrics: (value: number | null) => MetricReport[],
): Evaluation {
  const base = { fail: zones.fail, warn: zones.warn };
  if ('error' in measured)
    return { ...base, outcome: null, value: null, outcomeReasons: [measured.error], metrics: [] };
  const value = measured.value;
  if (!zones.fail && !zones.warn) {
    return {
      ...base,
      outcome: null,
      value,
      outcomeReasons: ['No threshold specified'],
      metrics: metrics(value),
    };
  }
  if (value === null) {
    // As Soda: no outcome, and no error (an empty partition is no fault of the scan); still said, as a warning.
    return {
      ...base,
      outcome: null,
      value,
      outcomeReasons: ['the metric value is NULL (no rows, or no usable values)'],
      reasonLevel: 'warning',
      metrics: metrics(value),
    };
  }
  return { ...base, outcome: outcomeOf(zones, value), value, outcomeReasons: [], metrics: metrics(value) };
}
