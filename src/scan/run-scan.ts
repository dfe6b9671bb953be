/** One scan: plan the checks, execute the queries, evaluate the checks, and record everything in a ScanResult. */
import { randomUUID } from 'node:crypto';
import type { Connector } from '../connectors/connector.js';
import type { Check, ForEachDatasetTemplate } from '../sodacl/model.js';
import type { ParseOptions } from '../sodacl/parse.js';
import type { SchemaColumn } from './computation.js';
import { displayNameOf } from './evaluate.js';
import { executeQueries } from './execute.js';
import { expandForEach } from './for-each-dataset.js';
import { checkIdentities, metricIdentity } from './identity.js';
import { planCheck } from './kinds/index.js';
import type { MetricReport } from './kinds/kind.js';
import { ScanLog } from './logs.js';
import { planQueries } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CheckResult, MetricRecord, ScanResult } from './result.js';
import { collectSample, type SampleTask, shouldSample } from './sampling/collect.js';
import { SAMPLES_OFF, type SamplingPolicy } from './sampling/policy.js';

export interface ScanInput {
  checks: Check[];
  /** `for each dataset` sections, expanded against the data source's tables when the scan starts. */
  forEach?: { templates: ForEachDatasetTemplate[]; parseOptions: ParseOptions };
  connector: Connector;
  /** The data source's schema, which qualifies table names. */
  schema?: string;
  definitionName: string;
  /** Scan variables, environment first (NOW, …). */
  variables?: Readonly<Record<string, string | undefined>>;
  /** Each dataset's schema as the previous scan saw it, for `when schema changes`. */
  previousSchema?: (dataset: string) => SchemaColumn[] | undefined;
  /** Failed-row samples: off unless the caller turns them on. */
  sampling?: SamplingPolicy;
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
  const expansion = await expandForEach(
    input.connector,
    input.forEach?.templates ?? [],
    input.schema,
    input.forEach?.parseOptions ?? {},
    input.signal,
  );
  for (const diagnostic of expansion.diagnostics)
    log.add(diagnostic.severity, diagnostic.message, diagnostic.location);
  const allChecks = [...input.checks, ...expansion.checks];
  const planned = allChecks.map((check) => planCheck(check, ctx));
  const queries = planQueries(
    planned.flatMap((check) => check.computations),
    ctx.dialect,
    ctx.schema,
    dataSource,
  );
  input.onProgress?.({ type: 'planned', queries: queries.length, checks: allChecks.length });

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

  const evaluations = planned.map((plan) => plan.evaluate(execution.values));
  const samples = await collectSamples(input, allChecks, planned, evaluations, log);

  const checks: CheckResult[] = allChecks.map((check, index) => {
    const evaluation = evaluations[index] as (typeof evaluations)[number];
    const displayName = displayNameOf(check);
    for (const reason of evaluation.outcomeReasons) {
      log.add(
        evaluation.reasonLevel ?? 'error',
        `Check "${displayName}" was not evaluated: ${reason}`,
        check.location,
      );
    }
    return {
      check,
      identities: checkIdentities(check, dataSource),
      displayName,
      outcome: evaluation.outcome,
      value: evaluation.value,
      metrics: evaluation.metrics.map(record),
      outcomeReasons: evaluation.outcomeReasons,
      ...(evaluation.outcomeReasons.length > 0
        ? { outcomeReasonLevel: evaluation.reasonLevel ?? 'error', outcomeReasonCode: evaluation.reasonCode }
        : {}),
      fail: evaluation.fail,
      warn: evaluation.warn,
      column: evaluation.column,
      diagnostics: evaluation.diagnostics,
      samples: samples.byCheck.get(index),
    };
  });
  input.onProgress?.({ type: 'evaluated', checks: checks.length });

  const counts = { pass: 0, warn: 0, fail: 0, none: 0 };
  for (const check of checks) counts[check.outcome ?? 'none']++;
  const allQueries = [...expansion.queries, ...execution.queries, ...samples.queries];
  log.info(
    `Scan summary: ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.none} not evaluated; ${allQueries.length} queries.`,
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
    queries: allQueries,
    logs: log.entries,
    hasErrors: log.hasErrors,
    hasWarnings: counts.warn > 0,
    hasFailures: counts.fail > 0,
  };
}

/** Samples of the checks that did not pass, one at a time (they are small and come after the heavy passes). */
async function collectSamples(
  input: ScanInput,
  checks: Check[],
  planned: ReturnType<typeof planCheck>[],
  evaluations: ReturnType<ReturnType<typeof planCheck>['evaluate']>[],
  log: ScanLog,
) {
  const policy = input.sampling ?? SAMPLES_OFF;
  const byCheck = new Map<number, NonNullable<CheckResult['samples']>>();
  const queries: ScanResult['queries'] = [];
  if (!policy.enabled) return { byCheck, queries };
  const names = new Set<string>();
  for (const [index, plan] of planned.entries()) {
    const check = checks[index] as Check;
    const evaluation = evaluations[index] as (typeof evaluations)[number];
    if (!plan.samples || input.signal?.aborted) continue;
    const task: SampleTask = { check, displayName: displayNameOf(check), source: plan.samples, evaluation };
    if (!shouldSample(task, policy)) continue;
    const dataset = check.dataset?.name ?? 'checks';
    const label = check.partition ? `${dataset}[${check.partition}]` : dataset;
    const metric = check.kind === 'metric' ? check.metric.name : check.kind;
    const base = `${input.connector.dataSourceName}.${label}.failed_rows[${metric}]`;
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}#${n}`;
    names.add(name);
    const collected = await collectSample(input.connector, task, policy, name, log, input.signal);
    queries.push(...collected.queries);
    if (collected.sample) byCheck.set(index, collected.sample);
  }
  return { byCheck, queries };
}
