/** One scan: plan the checks, execute the queries, evaluate the checks, and record everything in a ScanResult. */
import { randomUUID } from 'node:crypto';
import type { Connector } from '../connectors/connector.js';
import type { Check } from '../sodacl/model.js';
import { evaluateCheck } from './evaluate.js';
import { executePlan, type MetricOutcome } from './execute.js';
import { metricIdentity } from './identity.js';
import { ScanLog } from './logs.js';
import type { MetricSpec } from './metric-spec.js';
import { planScan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CheckResult, MetricRecord, ScanResult } from './result.js';

export interface ScanInput {
  checks: Check[];
  connector: Connector;
  /** The data source's schema, which qualifies table names. */
  schema?: string;
  definitionName: string;
  /** Logs gathered before the scan ran (e.g. check file warnings). */
  log?: ScanLog;
  signal?: AbortSignal;
  /** Per-query timeout, in milliseconds. */
  queryTimeoutMs?: number;
  onProgress?: ProgressListener;
  /** The scan's start; defaults to now. */
  startedAt?: Date;
}

/** Soda's timestamps: UTC, seconds precision, `+00:00`. */
export function sodaTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

export async function runScan(input: ScanInput): Promise<ScanResult> {
  const started = input.startedAt ?? new Date();
  const log = input.log ?? new ScanLog();
  const dataSource = input.connector.dataSourceName;
  const plan = planScan(input.checks, input.connector.dialect, input.schema, dataSource);
  input.onProgress?.({ type: 'planned', queries: plan.queries.length, checks: input.checks.length });

  const execution = await executePlan(input.connector, plan.queries, {
    signal: input.signal,
    timeoutMs: input.queryTimeoutMs,
    onProgress: input.onProgress,
  });
  for (const query of execution.queries) {
    if (query.error) log.error(`Query ${query.name} failed: ${query.error}`);
  }
  if (input.signal?.aborted) log.error('The scan was cancelled before all queries finished.');

  const metrics = new Map<string, MetricRecord>();
  const identityOf = (spec: MetricSpec, value: MetricOutcome, name: string = spec.metricName): string => {
    const identity = metricIdentity(input.definitionName, dataSource, {
      dataset: spec.partition.dataset,
      partition: spec.partition.partition,
      column: spec.column,
      metricName: name,
      computationKey: spec.variant,
    });
    if (!metrics.has(identity) && 'value' in value) {
      metrics.set(identity, {
        identity,
        metricName: name,
        dataset: spec.partition.dataset,
        partition: spec.partition.partition,
        column: spec.column,
        value: value.value,
      });
    }
    return identity;
  };

  const checks: CheckResult[] = input.checks.map((check, index) => {
    const metric = plan.checkMetrics[index];
    if (!metric) throw new Error('planner lost a check');
    const result = evaluateCheck(check, metric, execution.values, []);
    const value: MetricOutcome = result.error ? { error: result.error } : { value: result.value };
    if (metric.kind === 'aggregate') result.metrics.push(identityOf(metric.spec, value));
    if (metric.kind === 'percent') {
      result.metrics.push(identityOf(metric.count, value, metric.metricName));
    }
    for (const reason of result.outcomeReasons) {
      log.error(`Check "${result.displayName}" was not evaluated: ${reason}`, check.location);
    }
    const { error: _error, ...checkResult } = result;
    return checkResult;
  });
  input.onProgress?.({ type: 'evaluated', checks: checks.length });

  const counts = { pass: 0, warn: 0, fail: 0, none: 0 };
  for (const check of checks) counts[check.outcome ?? 'none']++;
  log.info(
    `Scan summary: ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.none} not evaluated; ${execution.queries.length} queries.`,
  );
  const ended = new Date();
  return {
    scanId: randomUUID(),
    definitionName: input.definitionName,
    dataSource,
    dataTimestamp: sodaTimestamp(started),
    scanStartTimestamp: sodaTimestamp(started),
    scanEndTimestamp: sodaTimestamp(ended),
    checks,
    metrics: [...metrics.values()],
    queries: execution.queries,
    logs: log.entries,
    hasErrors: log.hasErrors,
    hasWarnings: counts.warn > 0,
    hasFailures: counts.fail > 0,
  };
}
