/**
 * The executor: runs planned queries through a connector, as many at once as its pool allows, with a timeout
 * each and cancellation, and reads each select-list column into the metric it computes.
 */
import type { Connector } from '../connectors/connector.js';
import type { PlannedQuery } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { MetricValue, QueryRecord } from './result.js';

export type MetricOutcome = { value: MetricValue } | { error: string };

export interface ExecutionOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: ProgressListener;
}

export interface Execution {
  values: Map<string, MetricOutcome>;
  queries: QueryRecord[];
}

/** Database aggregates arrive as numbers, numeric strings (bigint, numeric) or NULL. */
export function toMetricValue(raw: unknown): MetricOutcome {
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === 'number') return { value: raw };
  if (typeof raw === 'bigint') return { value: Number(raw) };
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)))
    return { value: Number(raw) };
  return {
    error: `the database returned a value that is not a number: ${JSON.stringify(String(raw)).slice(0, 80)}`,
  };
}

export async function executePlan(
  connector: Connector,
  queries: PlannedQuery[],
  options: ExecutionOptions = {},
): Promise<Execution> {
  const values = new Map<string, MetricOutcome>();
  const records: QueryRecord[] = queries.map((query) => ({
    name: query.name,
    dataset: query.partition.dataset,
    partition: query.partition.partition,
    sql: query.sql,
  }));
  let next = 0;
  const runOne = async (index: number) => {
    const query = queries[index] as PlannedQuery;
    const record = records[index] as QueryRecord;
    options.onProgress?.({ type: 'query-started', name: query.name });
    const started = performance.now();
    try {
      const result = await connector.query(query.sql, {
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
      const row = result.rows[0] ?? [];
      for (const [column, spec] of query.specs.entries()) values.set(spec.key, toMetricValue(row[column]));
    } catch (error) {
      record.error = (error as Error).message;
      for (const spec of query.specs) values.set(spec.key, { error: record.error });
    } finally {
      record.durationMs = performance.now() - started;
      options.onProgress?.({
        type: 'query-finished',
        name: query.name,
        durationMs: record.durationMs,
        error: record.error,
      });
    }
  };
  const worker = async () => {
    while (next < queries.length && !options.signal?.aborted) await runOne(next++);
  };
  const workers = Math.max(1, Math.min(connector.maxConcurrency, queries.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { values, queries: records };
}
