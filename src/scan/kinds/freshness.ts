/**
 * `freshness(col[, NOW_VARIABLE])`: how long before "now" the newest value is. The newest value is one more
 * expression, `MAX(col)` as ISO text, in the partition's single aggregate pass; the age is computed here, in
 * microseconds, and judged in milliseconds against the check's zones as Soda does (older than the threshold
 * fails, equal passes, unless the user wrote `when >=`).
 */
import type { FreshnessCheck } from '../../sodacl/model.js';
import type { Computed } from '../computation.js';
import { aggregate, sodaMetricVariant } from './aggregate.js';
import type { Evaluation, MetricReport, PlanContext, PlannedCheck } from './kind.js';
import { partitionOf } from './partition.js';
import { outcomeOf } from './thresholds.js';
import { parseTimestamp, pythonDatetime, pythonTimedelta, type Timestamp } from './timestamps.js';

const DAY_MICROS = 86_400 * 1e6;

/** The "now" a check measures against: its variable's name and text (undefined: the variable is not set). */
export interface NowSetting {
  name: string;
  text: string | undefined;
}

/**
 * The check's variable (`freshness(ts, END)`), else NOW; its value as the parser resolved it, else the scan's
 * variables; NOW defaults to the scan start in UTC, as in Soda.
 */
export function nowSetting(check: FreshnessCheck, ctx: PlanContext): NowSetting {
  const name = check.nowVariable ?? 'NOW';
  const given = check.now ?? ctx.variables[name];
  if (given !== undefined && given !== '') return { name, text: given };
  if (name === 'NOW') return { name, text: ctx.scanStart.toISOString().replace('Z', '+00:00') };
  return { name, text: undefined };
}

const notEvaluated = (reason: string): Evaluation => ({
  outcome: null,
  value: null,
  outcomeReasons: [reason],
  metrics: [],
});

/** Soda's DATE rule: a day's data is fresh until the day is over, so a DATE stands for 23:59:59.999999. */
function newest(raw: unknown): Timestamp | undefined {
  if (typeof raw !== 'string') return undefined;
  const parsed = parseTimestamp(raw);
  if (!parsed?.dateOnly) return parsed;
  return { ...parsed, utcMicros: parsed.utcMicros + DAY_MICROS - 1 };
}

export function judgeFreshness(
  check: FreshnessCheck,
  computed: Computed | undefined,
  now: NowSetting,
): Evaluation {
  const column = check.column.name;
  if (!computed) return notEvaluated('the newest value was not computed');
  if ('error' in computed) return notEvaluated(computed.error);
  if (now.text === undefined)
    return notEvaluated(
      `Could not parse variable ${now.name} as a timestamp: variable not found (set it with -v ${now.name}=2024-01-31T12:00:00Z or in "variables:")`,
    );
  const nowAt = parseTimestamp(now.text);
  if (!nowAt)
    return notEvaluated(
      `Could not parse variable ${now.name} as a timestamp: ${JSON.stringify(now.text)} is not an ISO 8601 date or timestamp such as 2024-01-31T12:00:00Z`,
    );
  if (!check.fail && !check.warn) return { ...notEvaluated('No threshold specified'), column };

  const nowDiagnostics = {
    nowVariableName: now.name,
    nowTimestamp: now.text,
    nowTimestampUtc: pythonDatetime(nowAt.utcMicros, 0),
  };
  if (computed.value === null || computed.value === undefined) {
    // No rows (or only NULLs): nothing is fresh. Soda fails the check.
    return {
      outcome: 'fail',
      value: null,
      outcomeReasons: [],
      metrics: [newestMetric(check, null)],
      column,
      diagnostics: {
        value: 0,
        measure: 'time',
        maxColumnTimestamp: null,
        maxColumnTimestampUtc: null,
        ...nowDiagnostics,
        freshness: null,
      },
    };
  }
  const max = newest(computed.value);
  if (!max)
    return {
      ...notEvaluated(
        `Could not evaluate freshness: max(${column}) is not a date or timestamp: ${JSON.stringify(String(computed.value)).slice(0, 80)}`,
      ),
      column,
    };

  const ageMicros = nowAt.utcMicros - max.utcMicros;
  const ageMs = Math.round(ageMicros / 1000);
  return {
    outcome: outcomeOf(check, ageMicros / 1000),
    value: ageMs,
    outcomeReasons: [],
    // As Soda reports it: the column's `max`, as an ISO timestamp in UTC.
    metrics: [newestMetric(check, pythonDatetime(max.utcMicros, 0).replace(' ', 'T'))],
    column,
    diagnostics: {
      value: ageMs,
      measure: 'time',
      maxColumnTimestamp: pythonDatetime(max.utcMicros, max.offsetSeconds),
      maxColumnTimestampUtc: pythonDatetime(max.utcMicros, 0),
      ...nowDiagnostics,
      freshness: pythonTimedelta(ageMicros),
    },
  };
}

function newestMetric(check: FreshnessCheck, value: string | null): MetricReport {
  return {
    metricName: 'max',
    dataset: check.dataset.name,
    partition: check.partition,
    column: check.column.name,
    variant: sodaMetricVariant([], check.filter, undefined),
    value,
  };
}

export function planFreshnessCheck(check: FreshnessCheck, ctx: PlanContext): PlannedCheck {
  const column = ctx.dialect.identifier(check.column);
  const value = check.filter ? `CASE WHEN (${check.filter}) THEN ${column} END` : column;
  // Its own key: `max(ts)` of a metric check reads a number; this reads ISO text.
  const computed = aggregate(
    partitionOf(check, ctx),
    { metricName: 'freshness_max', column: check.column.name, filter: check.filter },
    ctx.dialect.isoText(`MAX(${value})`),
  );
  const now = nowSetting(check, ctx);
  return {
    computations: [computed],
    evaluate: (values) => judgeFreshness(check, values.get(computed.key), now),
  };
}
