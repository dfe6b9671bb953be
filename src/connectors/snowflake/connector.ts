/**
 * The Snowflake connector, on snowflake-sdk: a small pool of logged-in connections (`pool_size`), each query
 * bounded by a client-side timeout and cancellable (the SDK's abort request stops it on the server). A connection
 * whose query was cancelled or timed out is destroyed rather than reused: the SDK may still be busy with it (a
 * result that never completes, a token renewal that loops).
 */
import type { Connection, ConnectionOptions, RowStatement } from 'snowflake-sdk';
import type { SnowflakeDataSource } from '../../config/model.js';
import {
  type Connector,
  ConnectorError,
  cancelledBeforeStart,
  type QueryOptions,
  type QueryResult,
  queryCancelled,
  queryTimedOut,
} from '../connector.js';
import { browserCallbackIsLoopback } from './browser-callback.js';
import { credentialsFor, type SecretSources } from './credentials.js';
import { snowflakeDialect } from './dialect.js';
import { connectError, queryError } from './errors.js';
import { RENEWAL_LIMIT, watchRenewals } from './renewal-watch.js';
import { loadSnowflakeSdk } from './sdk.js';
import { connectionOptions, destroyConnection, endpointOf, login, sessionStatement } from './session.js';
import { columnValue, snowflakeTypeName } from './values.js';

type Sdk = typeof import('snowflake-sdk');

export interface SnowflakeConnectOptions extends SecretSources {
  /** The workspace folder: the SDK's OCSP cache goes inside it. */
  workspace: string;
  /** Abandons the first login at once (it is destroyed); the open rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The code of a browser login refused before it starts: no display to open a browser on. */
export const BROWSER_NO_DISPLAY = 'snowflake-browser-no-display';

/** Browser SSO needs a browser the SDK can open: on Linux, a graphical session. */
function browserProblem(ds: SnowflakeDataSource): string | undefined {
  if (ds.authenticator !== 'EXTERNALBROWSER') return undefined;
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  return `Snowflake data source "${ds.name}" logs in through a web browser (authenticator externalbrowser), but this session has no display to open one (DISPLAY and WAYLAND_DISPLAY are unset). Run the scan from a desktop session, or use key-pair (snowflake_jwt) or token login for headless use.`;
}

/** Log in once (proving the credentials), then hand out up to `pool_size` connections. */
export async function openSnowflakeConnector(
  ds: SnowflakeDataSource,
  options: SnowflakeConnectOptions,
): Promise<Connector> {
  const problem = browserProblem(ds);
  if (problem) throw new ConnectorError(problem, BROWSER_NO_DISPLAY, 'auth');
  const credentials = await credentialsFor(ds, options);
  const detail = credentials.fingerprint
    ? `The private key's public key fingerprint is ${credentials.fingerprint}: it must equal RSA_PUBLIC_KEY_FP (or RSA_PUBLIC_KEY_2_FP) of DESC USER ${ds.username ?? ''}.`
    : undefined;
  const sdk = await loadSnowflakeSdk(options.workspace);
  if (ds.authenticator === 'EXTERNALBROWSER' && !browserCallbackIsLoopback()) {
    throw new ConnectorError(
      `Snowflake data source "${ds.name}" logs in through a web browser, but this snowflake-sdk's login callback could not be kept to 127.0.0.1 (it would listen on every network interface), so browser login is refused. Use key pair (snowflake_jwt) or a token, or reinstall Gatehouse with its pinned snowflake-sdk.`,
      undefined,
      'auth',
    );
  }
  const sdkOptions = connectionOptions(ds, credentials.options);
  const connector = new SnowflakeConnector(ds, sdk, sdkOptions, detail);
  await connector.warmUp(options.signal);
  return connector;
}

interface Waiter {
  resolve: (connection: Connection) => void;
  reject: (error: unknown) => void;
}

class SnowflakeConnector implements Connector {
  readonly dialect = snowflakeDialect;
  readonly dataSourceName: string;
  readonly maxConcurrency: number;
  private readonly idle: Connection[] = [];
  private readonly waiters: Waiter[] = [];
  /** Connections logged in or logging in, busy or idle. */
  private live = 0;
  private closed = false;

  constructor(
    private readonly ds: SnowflakeDataSource,
    private readonly sdk: Sdk,
    private readonly options: ConnectionOptions,
    private readonly loginDetail: string | undefined,
  ) {
    this.dataSourceName = ds.name;
    // Each connection of a browser login would open the browser again: one connection, as Soda uses.
    this.maxConcurrency = ds.authenticator === 'EXTERNALBROWSER' ? 1 : ds.poolSize;
  }

  /** The first connection, opened now so that a wrong credential fails the open, not the first query. */
  async warmUp(signal?: AbortSignal): Promise<void> {
    this.live++;
    try {
      this.idle.push(await this.newConnection(signal));
    } catch (error) {
      this.live--;
      throw error;
    }
  }

  private async newConnection(signal?: AbortSignal): Promise<Connection> {
    const connection = await login(this.sdk, this.ds, this.options, this.loginDetail, signal);
    try {
      await this.run(connection, sessionStatement(this.ds), {
        timeoutMs: this.ds.connectionTimeoutMs,
      });
    } catch (error) {
      await destroyConnection(connection);
      const where = `Snowflake data source "${this.ds.name}" at ${endpointOf(this.ds)}`;
      throw connectError(error, where, 'Setting the session parameters (session_params) failed.');
    }
    return connection;
  }

  private acquire(): Promise<Connection> {
    if (this.closed)
      return Promise.reject(new ConnectorError('The connector is closed', undefined, 'cancelled'));
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.live < this.maxConcurrency) {
      this.live++;
      return this.newConnection().catch((error: unknown) => {
        this.live--;
        throw error;
      });
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(connection: Connection, broken: boolean): void {
    if (broken || this.closed) {
      this.live--;
      void destroyConnection(connection);
      const waiter = this.waiters.shift();
      if (waiter && !this.closed) {
        this.live++;
        this.newConnection().then(waiter.resolve, (error: unknown) => {
          this.live--;
          waiter.reject(error);
        });
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(connection);
    else this.idle.push(connection);
  }

  /** One statement on one connection; rejects on error, timeout or abort (the statement is then cancelled). */
  private run(connection: Connection, sql: string, options: QueryOptions): Promise<QueryResult> {
    const { signal, timeoutMs } = options;
    return new Promise<QueryResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let unwatch: (() => void) | undefined;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unwatch?.();
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      let statement: RowStatement | undefined;
      const stop = (error: ConnectorError) =>
        finish(() => {
          // Best effort: the query stops on the server; the connection is not reused either way.
          try {
            statement?.cancel(() => {});
          } catch {}
          reject(error);
        });
      const onAbort = () => stop(queryCancelled('000604'));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs) {
        timer = setTimeout(() => stop(queryTimedOut(timeoutMs, '000630')), timeoutMs);
      }
      try {
        statement = connection.execute({
          sqlText: sql,
          rowMode: 'array',
          fetchAsString: ['Number', 'Date'],
          complete: (error, stmt, rows) =>
            finish(() => {
              if (error) return reject(queryError(error, this.ds));
              const columns = stmt.getColumns() ?? [];
              resolve({
                columns: columns.map((column) => ({
                  name: column.getName(),
                  type: snowflakeTypeName(column.getType()),
                })),
                rows: (rows ?? []).map((row: unknown[]) =>
                  columns.map((column, index) => columnValue(column, row[index])),
                ),
              });
            }),
        }) as RowStatement;
        // The SDK's renewal loop never ends on its own: fail fast instead of at the query timeout.
        unwatch = watchRenewals(statement.getRequestId(), (renewals) =>
          stop(
            new ConnectorError(
              `Snowflake kept refusing the session token (390112): snowflake-sdk renewed it ${renewals} times within a minute (more than ${RENEWAL_LIMIT}) without getting one that works, so the query was stopped and its connection closed. Run it again; if this repeats, ask the Snowflake admin about the session policy of the user, or check for a proxy that alters Snowflake's responses.`,
              '390112',
              'auth',
            ),
          ),
        );
        if (settled) unwatch();
      } catch (error) {
        finish(() => reject(queryError(error, this.ds)));
      }
    });
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    if (options.signal?.aborted) {
      throw cancelledBeforeStart();
    }
    const connection = await this.acquire();
    let broken = false;
    try {
      return await this.run(connection, sql, options);
    } catch (error) {
      // A cancelled or timed-out statement may keep its connection busy; a session that lost its token is useless.
      broken =
        error instanceof ConnectorError &&
        (error.kind === 'cancelled' || error.kind === 'timeout' || error.kind === 'auth');
      broken ||= !connection.isUp();
      throw error;
    } finally {
      this.release(connection, broken);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.reject(new ConnectorError('The connector is closed', undefined, 'cancelled'));
    }
    const idle = this.idle.splice(0);
    this.live -= idle.length;
    await Promise.all(idle.map(destroyConnection));
  }
}
