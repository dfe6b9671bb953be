/**
 * One snowflake-sdk connection: the options it is created with, the login (its callback wrapped: `connectAsync`
 * may resolve without an error on a failed login), bounded in time, and the session settings every connection
 * gets before its first query.
 */
import type { Connection, ConnectionOptions } from 'snowflake-sdk';
import type { SnowflakeDataSource } from '../../config/model.js';
import { numberLiteral } from '../dialect.js';
import { snowflakeString } from './dialect.js';
import { connectError } from './errors.js';
import { type LoginRequests, trackLoginRequests } from './login-requests.js';

type Sdk = typeof import('snowflake-sdk');

/** A login tries this many times more after a network failure (the SDK's default is 7, over minutes). */
const LOGIN_RETRIES = 1;

/**
 * Output formats that make `TO_VARCHAR` of dates and timestamps ISO 8601 (the dialect's isoText relies on them)
 * and the SDK's string values of them unambiguous. They are set after the user's session_params, so they win.
 */
const ISO_FORMATS: Readonly<Record<string, string>> = {
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS.FF9',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD"T"HH24:MI:SS.FF9',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: 'YYYY-MM-DD"T"HH24:MI:SS.FF9TZH:TZM',
  TIMESTAMP_TZ_OUTPUT_FORMAT: 'YYYY-MM-DD"T"HH24:MI:SS.FF9TZH:TZM',
};

/** How long a browser login may wait for the identity provider's redirect: a person is typing. */
export function browserTimeoutMs(ds: SnowflakeDataSource): number {
  return Math.max(ds.connectionTimeoutMs, 120_000);
}

/** The host snowflake-sdk connects to: `host`, else built from the account as the SDK builds it. */
export function snowflakeHost(ds: SnowflakeDataSource): string {
  if (ds.host) return ds.host;
  const [account, ...rest] = ds.account.split('.');
  const region = rest.join('.');
  if (!region || region === 'us-west-2') return `${account}.snowflakecomputing.com`;
  return `${account}.${region}.snowflakecomputing.${/^cn-/i.test(region) ? 'cn' : 'com'}`;
}

/** Where the data source's endpoint is, for messages. */
export function endpointOf(ds: SnowflakeDataSource): string {
  return `${ds.protocol}://${snowflakeHost(ds)}${ds.port ? `:${ds.port}` : ''}`;
}

export function connectionOptions(
  ds: SnowflakeDataSource,
  credentials: Pick<ConnectionOptions, 'authenticator' | 'password' | 'privateKey' | 'token'>,
): ConnectionOptions {
  return {
    account: ds.account,
    ...(ds.username ? { username: ds.username } : {}),
    ...credentials,
    ...(ds.host ? { host: ds.host } : {}),
    ...(ds.port ? { port: ds.port } : {}),
    ...(ds.protocol === 'http' ? { protocol: 'http' } : {}),
    ...(ds.warehouse ? { warehouse: ds.warehouse } : {}),
    ...(ds.role ? { role: ds.role } : {}),
    ...(ds.database ? { database: ds.database } : {}),
    ...(ds.schema ? { schema: ds.schema } : {}),
    application: 'Gatehouse',
    sfRetryMaxLoginRetries: LOGIN_RETRIES,
    // Tokens from a browser login are not cached on disk by the SDK: Gatehouse keeps credentials in the keychain.
    clientStoreTemporaryCredential: false,
    browserActionTimeout: browserTimeoutMs(ds),
    validateDefaultParameters: false,
  } as ConnectionOptions;
}

/** The ALTER SESSION every connection runs: the user's session_params, then the ISO output formats. */
export function sessionStatement(ds: SnowflakeDataSource): string {
  const settings: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(ds.sessionParams)) {
    const literal =
      typeof value === 'boolean'
        ? value
          ? 'TRUE'
          : 'FALSE'
        : typeof value === 'number'
          ? numberLiteral(value)
          : snowflakeString(value);
    settings.push([name.toUpperCase(), literal]);
  }
  for (const [name, format] of Object.entries(ISO_FORMATS)) settings.push([name, snowflakeString(format)]);
  if (ds.statementTimeoutMs > 0) {
    // The server's own bound, in whole seconds (at least one), besides the client-side cancel.
    settings.push([
      'STATEMENT_TIMEOUT_IN_SECONDS',
      String(Math.max(1, Math.ceil(ds.statementTimeoutMs / 1000))),
    ]);
  }
  return `ALTER SESSION SET ${settings.map(([name, value]) => `${name} = ${value}`).join(', ')}`;
}

function destroy(connection: Connection): Promise<void> {
  return new Promise((resolve) => {
    try {
      connection.destroy(() => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Log in, within the connection timeout; a login that does not finish in time, or whose signal aborts (Ctrl+C, a
 * cancelled run), is abandoned and destroyed.
 */
export async function login(
  sdk: Sdk,
  ds: SnowflakeDataSource,
  options: ConnectionOptions,
  detail?: string,
  signal?: AbortSignal,
): Promise<Connection> {
  const where = `Snowflake data source "${ds.name}" at ${endpointOf(ds)}`;
  let connection: Connection;
  try {
    connection = sdk.createConnection(options);
  } catch (error) {
    throw connectError(error, where, detail);
  }
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let requests: LoginRequests | undefined;
  let abandoned = false;
  // A browser login waits for the person first (the SDK's own browser timeout), then logs in.
  const browser = ds.authenticator === 'EXTERNALBROWSER';
  const limitMs = ds.connectionTimeoutMs + (browser ? browserTimeoutMs(ds) : 0);
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(
          Object.assign(
            new Error(
              `the login did not finish within ${limitMs / 1000} s (connection_timeout${browser ? ' and the time allowed for the browser login' : ''})`,
            ),
            { code: 'ETIMEDOUT' },
          ),
        );
      }, limitMs);
      onAbort = () => {
        abandoned = true;
        reject(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      requests = trackLoginRequests(() => connection.connect((error) => (error ? reject(error) : resolve())));
    });
  } catch (error) {
    if (abandoned) {
      // The SDK finishes a destroy only once the login has ended: end it, and let the destroy follow.
      requests?.abandon();
      void destroy(connection);
    } else {
      await destroy(connection);
    }
    if (signal?.aborted) throw signal.reason;
    throw connectError(error, where, detail);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
  return connection;
}

export { destroy as destroyConnection };
