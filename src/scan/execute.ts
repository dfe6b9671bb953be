/**
 * The executor: runs planned queries through a connector, as many at once as its pool allows, with a timeout
 * each and cancellation, and reads each result into the computations it answers.
 */
import type { Connector } from '../connectors/connector.js';
import type { Computed } from './computation.js';
import type { PlannedQuery } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { QueryRecord } from './result.js';

export interface ExecutionOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: ProgressListener;
}

export interface Execution {
  values: Map<string, Computed>;
  queries: QueryRecord[];
}

export async function executeQueries(
  connector: Connector,
  queries: PlannedQuery[],
  options: ExecutionOptions = {},
): Promise<Execution> {
  const values = new Map<string, Computed>();
  const records: QueryRecord[] = queries.map((query) => ({
    name: query.name,
    dataset: query.dataset,
    partition: query.partition,
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
      for (const [key, value] of query.read(result.rows)) values.set(key, value);
    } catch (error) {
      record.error = (error as Error).message;
      for (const key of query.keys) values.set(key, { error: record.error });
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
