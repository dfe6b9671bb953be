/** One scan: plan the checks, execute the queries, evaluate the checks, and record everything in a ScanResult. */
import { randomUUID } from 'node:crypto';
import type { Connector } from '../connectors/connector.js';
import type { Check } from '../sodacl/model.js';
import type { SchemaColumn } from './computation.js';
import { displayNameOf } from './evaluate.js';
import { executeQueries } from './execute.js';
import { metricIdentity } from './identity.js';
import { planCheck } from './kinds/index.js';
import type { MetricReport } from './kinds/kind.js';
import { ScanLog } from './logs.js';
import { planQueries } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CheckResult, MetricRecord, ScanResult } from './result.js';

export interface ScanInput {
  checks: Check[];
  connector: Connector;
  /** The data source's schema, which qualifies table names. */
  schema?: string;
  definitionName: string;
  /** Scan variables, environment first (NOW, …). */
  variables?: Readonly<Record<string, string | undefined>>;
  /** Each dataset's schema as the previous scan saw it, for `when schema changes`. */
  previousSchema?: (dataset: string) => SchemaColumn[] | undefined;
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
  const ctx = {
    dialect: input.connector.dialect,
    schema: input.schema,
    dataSource,
    scanStart: started,
    variables: input.variables ?? {},
    previousSchema: input.previousSchema,
  };
  const planned = input.checks.map((check) => planCheck(check, ctx));
  const queries = planQueries(
    planned.flatMap((check) => check.computations),
    ctx.dialect,
    ctx.schema,
    dataSource,
  );
  input.onProgress?.({ type: 'planned', queries: queries.length, checks: input.checks.length });

  const execution = await executeQueries(input.connector, queries, {
    signal: input.signal,
    timeoutMs: input.queryTimeoutMs,
    onProgress: input.onProgress,
  });
  for (const query of execution.queries) {
    if (query.error) log.error(`Query ${query.name} failed: ${query.error}`);
  }
  if (input.signal?.aborted) log.error('The scan was cancelled before all queries finished.');

  const metrics = new Map<string, MetricRecord>();
  const record = (report: MetricReport): string => {
    const identity = metricIdentity(input.definitionName, dataSource, {
      dataset: report.dataset,
      partition: report.partition,
      column: report.column,
      metricName: report.metricName,
      computationKey: report.variant,
    });
    if (!metrics.has(identity)) {
      const value = Array.isArray(report.value)
        ? report.value.map((column) => ({ columnName: column.name, sourceDataType: column.type }))
        : report.value;
      metrics.set(identity, { identity, ...report, value });
    }
    return identity;
  };

  const checks: CheckResult[] = input.checks.map((check, index) => {
    const evaluation = (planned[index] as (typeof planned)[number]).evaluate(execution.values);
    const displayName = displayNameOf(check);
    for (const reason of evaluation.outcomeReasons) {
      log.error(`Check "${displayName}" was not evaluated: ${reason}`, check.location);
    }
    return {
      check,
      displayName,
      outcome: evaluation.outcome,
      value: evaluation.value,
      metrics: evaluation.metrics.map(record),
      outcomeReasons: evaluation.outcomeReasons,
      fail: evaluation.fail,
      warn: evaluation.warn,
      column: evaluation.column,
      diagnostics: evaluation.diagnostics,
    };
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
