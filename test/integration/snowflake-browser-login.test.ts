/**
 * Browser SSO (EXTERNALBROWSER) headless: snowflake-sdk as Gatehouse loads and configures it, against the
 * Snowflake-protocol server, with a stand-in browser that plays the identity provider's redirect to the SDK's
 * local callback port. The callback port must listen on 127.0.0.1 only (the SDK alone listens on every interface),
 * the token it receives must log in, a wrong one must not, and a browser that never comes back must end in a clear
 * timeout with the port closed. The SDK is told to build the login URL itself (console login): its default asks
 * Snowflake for the identity provider's URL over https on port 443, which a local http server cannot answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, ConnectionOptions } from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ConnectorError } from '../../src/connectors/connector.js';
import { browserCallbackIsLoopback } from '../../src/connectors/snowflake/browser-callback.js';
import { connectError } from '../../src/connectors/snowflake/errors.js';
import { loadSnowflakeSdk } from '../../src/connectors/snowflake/sdk.js';
import { connectionOptions } from '../../src/connectors/snowflake/session.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { snowflakeDataSource, startSnowflake } from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const SSO_TOKEN = 'idp-token-Browser-7731';

/** Whether a TCP connection to host:port is accepted ('open') or refused. */
function probe(host: string, port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error),
    );
  });
}

/** The identity provider's redirect, as the browser follows it: GET http://127.0.0.1:PORT/?token=… */
function redirect(port: number, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/?token=${encodeURIComponent(token)}` }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function connectWith(connection: Connection): Promise<unknown> {
  return new Promise((resolve) => connection.connect((error) => resolve(error ?? undefined)));
}

function destroy(connection: Connection): Promise<void> {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

describe('Snowflake browser SSO (EXTERNALBROWSER), headless', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let workspace: string;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_browser');
    server = await startSnowflake(db);
    server.addUser({ name: 'SSO_USER', ssoTokens: [{ token: SSO_TOKEN }], defaultWarehouse: 'COMPUTE_WH' });
    workspace = mkdtempSync(join(tmpdir(), 'gatehouse-sf-browser-'));
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** A connection with Gatehouse's options for a browser login; `browser` gets the URL the SDK would open. */
  async function browserConnection(
    browser: (url: URL) => void,
    extra: Partial<ConnectionOptions> = {},
  ): Promise<Connection> {
    const sdk = await loadSnowflakeSdk(workspace);
    const ds = snowflakeDataSource(server, {
      username: 'SSO_USER',
      authenticator: 'EXTERNALBROWSER',
      password: undefined,
    });
    return sdk.createConnection({
      ...connectionOptions(ds, { authenticator: 'EXTERNALBROWSER' }),
      disableConsoleLogin: false,
      openExternalBrowserCallback: (url: string) => browser(new URL(url)),
      ...extra,
    } as ConnectionOptions);
  }

  const portOf = (url: URL) => Number(url.searchParams.get('browser_mode_redirect_port'));

  test('the callback port listens on 127.0.0.1 only; the redirected token logs in', async () => {
    const seen: Array<{ port: number; loopback: string; other: string }> = [];
    const connection = await browserConnection((url) => {
      const port = portOf(url);
      void (async () => {
        // 127.0.0.2 is this machine too: a listener on every interface would accept it.
        seen.push({ port, other: await probe('127.0.0.2', port), loopback: await probe('127.0.0.1', port) });
        await redirect(port, SSO_TOKEN);
      })();
    });
    const error = await connectWith(connection);
    try {
      expect(error).toBeUndefined();
      expect(seen).toHaveLength(1);
      expect(seen[0]?.port).toBeGreaterThan(0);
      expect(seen[0]).toMatchObject({ other: 'refused', loopback: 'open' });
      expect(browserCallbackIsLoopback()).toBe(true);
      const login = server.log.entries.filter((entry) => entry.kind === 'login').at(-1);
      expect(login).toMatchObject({ user: 'SSO_USER', outcome: 'ok' });
      expect(JSON.stringify(login)).toContain('EXTERNALBROWSER');
      // The token from the browser never lands in the server's log.
      expect(JSON.stringify(server.log.entries)).not.toContain(SSO_TOKEN);
    } finally {
      await destroy(connection);
    }
    // The callback port closed once the redirect arrived.
    expect(await probe('127.0.0.1', seen[0]?.port ?? 0)).toBe('refused');
  });

  test('a token the identity provider did not issue is refused as bad credentials (390100)', async () => {
    const connection = await browserConnection((url) => void redirect(portOf(url), 'forged-token-0000'));
    const error = await connectWith(connection);
    const wrapped = connectError(error, 'Snowflake data source "warehouse"');
    expect(wrapped).toMatchObject({ kind: 'auth', code: '390100' });
  });

  test('a browser that never comes back: a clear timeout, and the callback port is closed', async () => {
    let port = 0;
    const connection = await browserConnection(
      (url) => {
        port = portOf(url);
      },
      { browserActionTimeout: 800 },
    );
    const error = await connectWith(connection);
    const wrapped = connectError(error, 'Snowflake data source "warehouse"');
    expect(wrapped).toBeInstanceOf(ConnectorError);
    expect(wrapped.kind).toBe('timeout');
    expect(wrapped.message).toMatch(
      /^The browser login to Snowflake data source "warehouse" was not finished within 1 s/,
    );
    expect(wrapped.message).toContain('key pair (snowflake_jwt) or a token');
    expect(port).toBeGreaterThan(0);
    expect(await probe('127.0.0.1', port)).toBe('refused');
  });
});
