/**
 * The Connector interface: what the scan engine needs from a database, and nothing more.
 * Each database (postgres, snowflake) implements it with its own driver and dialect.
 */
import type { Dialect } from './dialect.js';

export interface QueryColumn {
  name: string;
  /** The driver's type name (`int4`, `varchar`, `float8`, `timestamptz`, …). */
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  /** Rows as arrays in column order. Numbers that may exceed 2^53 (bigint, numeric) arrive as strings. */
  rows: unknown[][];
}

export interface QueryOptions {
  /** Aborting cancels the statement on the server, not only the wait for it. */
  signal?: AbortSignal;
  /** Server-side statement timeout for this query, in milliseconds. */
  timeoutMs?: number;
}

export interface Connector {
  readonly dialect: Dialect;
  /** The data source name from configuration.yml. */
  readonly dataSourceName: string;
  /** How many queries may run at once (the pool size). */
  readonly maxConcurrency: number;
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  close(): Promise<void>;
}

/** A failure reported by a connector, with the database's own code when it gave one (SQLSTATE, errno). */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly kind: 'connect' | 'auth' | 'query' | 'timeout' | 'cancelled',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectorError';
  }
}

/** A query stopped at its timeout, and cancelled on the server; `code` is the engine's own for it. */
export function queryTimedOut(timeoutMs: number, code: string): ConnectorError {
  return new ConnectorError(
    `Query exceeded its timeout of ${timeoutMs} ms and was cancelled`,
    code,
    'timeout',
  );
}

/** A query the caller cancelled; `code` is the engine's own for it. */
export function queryCancelled(code: string): ConnectorError {
  return new ConnectorError('Query cancelled', code, 'cancelled');
}

/** A query cancelled before it reached the server. */
export function cancelledBeforeStart(): ConnectorError {
  return new ConnectorError('Query cancelled before it started', undefined, 'cancelled');
}
