/** The PostgreSQL connector, on `pg`'s pool. */

import { Socket } from 'node:net';
import type { ClientConfig, Pool } from 'pg';
import type { PostgresDataSource } from '../../config/model.js';
import {
  type Connector,
  cancelledBeforeStart,
  type QueryOptions,
  type QueryResult,
  queryCancelled,
  queryTimedOut,
} from '../connector.js';
import { doubleQuote } from '../dialect.js';
import { ClosingClient } from './closing-client.js';
import { postgresDialect } from './dialect.js';
import { connectError, queryError } from './errors.js';
import pg from './pg-driver.js';
import { isTlsNegotiationRefusal, type PgSsl, sslAttempts } from './tls.js';
import { postgresTypeName } from './type-names.js';

export interface PostgresConnectOptions {
  /**
   * The password, when it is not in the configuration. A function is asked only when the server demands a
   * password, so a server that trusts the client never makes Gatehouse open the keychain.
   */
  password?: string | (() => Promise<string>);
  /**
   * Bind each connection's socket to this local address (the connection test's tests connect from a second
   * loopback address to see pg_hba.conf reject it). A hook for diagnostics, not a configuration setting.
   */
  localAddress?: string;
  /**
   * Abandons the opening (the connection test's step gave up): the sockets it opened are destroyed at once, so a
   * login waiting on a silent server does not linger, and the open rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** A socket whose `connect(port, host)`, as pg calls it, goes out from `localAddress`. */
function boundSocket(localAddress: string): Socket {
  const socket = new Socket();
  const connect = socket.connect.bind(socket);
  socket.connect = ((port: number, host: string) =>
    connect({ port, host, localAddress })) as unknown as typeof socket.connect;
  return socket;
}

function clientConfig(
  ds: PostgresDataSource,
  ssl: PgSsl,
  password: PostgresConnectOptions['password'],
  stream?: () => Socket,
): ClientConfig {
  return {
    ...(stream ? { stream } : {}),
    host: ds.host,
    port: ds.port,
    user: ds.username,
    password,
    database: ds.database,
    ssl,
    connectionTimeoutMillis: ds.connectionTimeoutMs,
    application_name: 'gatehouse',
    ...(ds.statementTimeoutMs > 0 ? { statement_timeout: ds.statementTimeoutMs } : {}),
  };
}

/** Open a pool and prove it works with one connection, negotiating TLS as sslmode says. */
export async function openPostgresConnector(
  ds: PostgresDataSource,
  options: PostgresConnectOptions = {},
): Promise<Connector> {
  const password = options.password ?? ds.password;
  const attempts = sslAttempts(ds);
  const { localAddress, signal } = options;
  // The sockets of the opening, while it lasts: an abort destroys them.
  let opening: Set<Socket> | undefined = new Set();
  const newSocket = () => {
    const socket = localAddress ? boundSocket(localAddress) : new Socket();
    opening?.add(socket);
    return socket;
  };
  const abandon = () => {
    for (const socket of opening ?? []) socket.destroy();
  };
  signal?.addEventListener('abort', abandon, { once: true });
  try {
    if (signal?.aborted) throw signal.reason;
    return await openPool(ds, attempts, password, localAddress || signal ? newSocket : undefined, signal);
  } finally {
    signal?.removeEventListener('abort', abandon);
    opening = undefined;
  }
}

async function openPool(
  ds: PostgresDataSource,
  attempts: PgSsl[],
  password: PostgresConnectOptions['password'],
  stream: (() => Socket) | undefined,
  signal: AbortSignal | undefined,
): Promise<Connector> {
  const where = `PostgreSQL data source "${ds.name}" at ${ds.host}:${ds.port}`;
  let lastError: unknown;
  for (const [index, ssl] of attempts.entries()) {
    const config = clientConfig(ds, ssl, password, stream);
    const pool = new pg.Pool({
      ...config,
      Client: ClosingClient,
      max: ds.poolSize,
      idleTimeoutMillis: 10_000,
    });
    // Errors of idle clients (server restart) surface on the next query; do not crash the process.
    pool.on('error', () => {});
    if (ds.schema) {
      const setPath = `SET search_path TO ${doubleQuote(ds.schema)}`;
      pool.on('connect', (client) => void client.query(setPath).catch(() => {}));
    }
    try {
      const client = await pool.connect();
      client.release();
      return new PostgresConnector(ds.name, pool, config);
    } catch (error) {
      lastError = error;
      await pool.end().catch(() => {});
      if (signal?.aborted) throw signal.reason;
      if (!(index < attempts.length - 1 && isTlsNegotiationRefusal(error))) break;
    }
  }
  throw connectError(lastError, where);
}

class PostgresConnector implements Connector {
  readonly dialect = postgresDialect;
  readonly maxConcurrency: number;

  constructor(
    readonly dataSourceName: string,
    private readonly pool: Pool,
    private readonly config: ClientConfig,
  ) {
    this.maxConcurrency = pool.options.max;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) {
      throw cancelledBeforeStart();
    }
    const client = await this.pool.connect().catch((error: unknown) => {
      throw connectError(error, `PostgreSQL data source "${this.dataSourceName}"`);
    });
    // Cancelled while waiting for a connection: the abort listener below was not there to hear it.
    if (signal?.aborted) {
      client.release();
      throw cancelledBeforeStart();
    }
    let stopReason: 'cancelled' | 'timeout' | undefined;
    let cancelling: Promise<void> | undefined;
    const backendPid = (client as unknown as { processID: number }).processID;
    const stop = (reason: 'cancelled' | 'timeout') => {
      if (stopReason) return;
      stopReason = reason;
      cancelling = this.cancelBackend(backendPid);
    };
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs ? setTimeout(() => stop('timeout'), timeoutMs) : undefined;
    try {
      const result = await client.query<unknown[]>({ text: sql, rowMode: 'array' });
      return {
        columns: result.fields.map((field) => ({
          name: field.name,
          type: postgresTypeName(field.dataTypeID),
        })),
        rows: result.rows,
      };
    } catch (error) {
      // A timeout stop needs a timeout: timeoutMs is set here.
      if (stopReason === 'timeout') throw queryTimedOut(timeoutMs as number, '57014');
      if (stopReason === 'cancelled') throw queryCancelled('57014');
      throw queryError(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A cancel still on its way must not reach the next query that borrows this connection.
      await cancelling;
      client.release();
    }
  }

  /** Ask the server to stop a running statement, over a connection of its own (the busy one cannot). */
  private async cancelBackend(pid: number): Promise<void> {
    const canceller = new pg.Client(this.config);
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // Best effort: the statement timeout still bounds the query.
    } finally {
      await canceller.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
