/**
 * The executor: runs planned queries through a connector, as many at once as its pool allows, with a timeout
 * each and cancellation, and reads each result into the computations it answers.
 */
import { type Connector, ConnectorError } from '../connectors/connector.js';
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
      if (isSqlError(error) && query.isolate && query.keys.length > 1) {
        await isolateFailure(connector, query, options, values, records);
      }
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

/** An error in the SQL itself (not the connection, a timeout or a cancel), so other columns may still run. */
function isSqlError(error: unknown): boolean {
  return error instanceof ConnectorError && error.kind === 'query';
}

/**
 * A query of several check metrics failed on its SQL. Each column is compiled alone, without reading rows; the
 * columns that fail keep their own error, and the query runs again with the rest. So a misspelt column leaves
 * its own checks unevaluated, not every check of the dataset. An error only the data raises (a failed cast)
 * shows in no probe: then every column keeps the query's error, with no second pass.
 */
async function isolateFailure(
  connector: Connector,
  query: PlannedQuery,
  options: ExecutionOptions,
  values: Map<string, Computed>,
  records: QueryRecord[],
): Promise<void> {
  const isolate = query.isolate as NonNullable<PlannedQuery['isolate']>;
  const run = async (name: string, sql: string): Promise<{ rows: unknown[][] } | { error: string }> => {
    const record: QueryRecord = { name, dataset: query.dataset, partition: query.partition, sql };
    records.push(record);
    const started = performance.now();
    try {
      const result = await connector.query(sql, { signal: options.signal, timeoutMs: options.timeoutMs });
      return { rows: result.rows };
    } catch (error) {
      record.error = (error as Error).message;
      return { error: record.error };
    } finally {
      record.durationMs = performance.now() - started;
    }
  };
  // The table or the partition filter itself is broken: every column keeps the query's error.
  if ('error' in (await run(`${query.name}.probe[table]`, isolate.frame))) return;
  const healthy: string[] = [];
  for (const [index, key] of query.keys.entries()) {
    if (options.signal?.aborted) return;
    const probe = await run(`${query.name}.probe[${index}]`, isolate.probe(key));
    if ('error' in probe) values.set(key, { error: probe.error });
    else healthy.push(key);
  }
  // Nothing to run again: every column is broken, or none is (an error of the data, not of one column).
  if (healthy.length === 0 || healthy.length === query.keys.length || options.signal?.aborted) return;
  const rerun = isolate.rerun(healthy);
  const result = await run(rerun.name, rerun.sql);
  if ('error' in result) for (const key of rerun.keys) values.set(key, { error: result.error });
  else for (const [key, value] of rerun.read(result.rows)) values.set(key, value);
}
