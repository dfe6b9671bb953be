/**
 * The Snowflake connector's failure paths through the real snowflake-sdk, against real local sockets: a refused
 * port, a minimal HTTP endpoint that refuses the login the way Snowflake does, and the checks that must fail
 * before any network call (a wrong key passphrase, a missing secret, browser SSO without a display).
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnowflakeDataSource } from '../../../src/config/model.js';
import { ConnectorError } from '../../../src/connectors/connector.js';
import { openConnector } from '../../../src/connectors/open.js';
import { classifyError } from '../../../src/diagnostics/classify-error.js';
import { findFreePort } from '../../support/free-port.js';

const workspace = mkdtempSync(join(tmpdir(), 'gatehouse-sf-unit-'));

function dataSource(port: number, overrides: Partial<SnowflakeDataSource> = {}): SnowflakeDataSource {
  return {
    type: 'snowflake',
    name: 'warehouse',
    account: 'myorg-analytics',
    username: 'scanner',
    authenticator: 'SNOWFLAKE',
    password: 'correct-horse-battery',
    host: '127.0.0.1',
    port,
    protocol: 'http',
    connectionTimeoutMs: 10_000,
    sessionParams: {},
    poolSize: 2,
    statementTimeoutMs: 0,
    ...overrides,
  };
}

/** An endpoint that answers every login as Snowflake answers a wrong password, and counts requests. */
let server: Server;
let serverPort = 0;
const requests: Array<{ url: string; body: string }> = [];
const bodyOf = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

beforeAll(async () => {
  server = createServer(async (request, response) => {
    requests.push({ url: request.url ?? '', body: await bodyOf(request) });
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        success: false,
        code: '390100',
        message: 'Incorrect username or password was specified.',
        data: null,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  serverPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('Snowflake connector failures', () => {
  it('refuses a wrong password with Snowflake code 390100, classified as bad credentials', async () => {
    requests.length = 0;
    const error = await openConnector(dataSource(serverPort), { workspace }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('auth');
    expect((error as ConnectorError).code).toBe('390100');
    expect((error as Error).message).toContain('Incorrect username or password');
    expect(classifyError(error).kind).toBe('bad-credentials');
    const logins = requests.filter((r) => r.url.startsWith('/session/v1/login-request'));
    expect(logins).toHaveLength(1);
    expect(JSON.parse(logins[0]?.body ?? '{}').data.LOGIN_NAME).toBe('scanner');
  });

  it('a refused port fails fast (login retries bounded), with the socket code kept for the classifier', async () => {
    const port = await findFreePort();
    const started = Date.now();
    const error = await openConnector(dataSource(port), { workspace }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(9_000);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toMatch(/refused/);
    expect(classifyError(error).driverCodes).toContain('ECONNREFUSED');
  });

  it("an aborted signal abandons a login the server never answers, at once, with the signal's reason", async () => {
    // A login endpoint that takes the request and never answers (a stuck proxy, a silent firewall after SYN).
    const silent = createServer(() => {});
    const sockets = new Set<import('node:net').Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const arrived = new Promise<import('node:net').Socket>((resolve) =>
      silent.once('request', (request: IncomingMessage) => resolve(request.socket)),
    );
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    try {
      // A connection timeout far beyond the test's: only the abort can end this open in time.
      const opening = openConnector(dataSource(port, { connectionTimeoutMs: 600_000 }), {
        workspace,
        signal: controller.signal,
      }).catch((e: unknown) => e);
      const socket = await arrived;
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      controller.abort(reason);
      expect(await opening).toBe(reason);
      // The SDK's request is torn down, not left for its own 90 s timeout.
      await closed;
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a wrong key passphrase is reported before any request', async () => {
    requests.length = 0;
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-one' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const ds = dataSource(serverPort, {
      authenticator: 'SNOWFLAKE_JWT',
      password: undefined,
      privateKey,
      privateKeyPassphrase: 'wrong-one',
    });
    const error = await openConnector(ds, { workspace }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('auth');
    expect((error as Error).message).toContain('passphrase does not decrypt the private key');
    // The passphrase is the file's (it wins over the store): the fix is in the file, not `secrets set`.
    expect((error as Error).message).toContain('in the configuration (written out or as ${VAR})');
    expect(classifyError(error, { dataSource: 'warehouse' }).remediation).toMatch(
      /^Correct private_key_passphrase in configuration.yml/,
    );
    expect(requests).toHaveLength(0);
  });

  it('a wrong key passphrase from the store says to store the right one', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-one' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const ds = dataSource(serverPort, { authenticator: 'SNOWFLAKE_JWT', password: undefined, privateKey });
    const error = await openConnector(ds, {
      workspace,
      secret: async (field) => (field === 'private_key_passphrase' ? 'wrong-one' : undefined),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('store the right one as private_key_passphrase');
    expect(classifyError(error, { dataSource: 'warehouse' }).remediation).toBe(
      'Store the passphrase of the key with `gatehouse secrets set warehouse private_key_passphrase`.',
    );
  });

  it('a missing token says which secret to store, before any request', async () => {
    requests.length = 0;
    const ds = dataSource(serverPort, { authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', password: undefined });
    const error = await openConnector(ds, { workspace, secret: async () => undefined }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('gatehouse secrets set warehouse token');
    expect(requests).toHaveLength(0);
  });

  it('browser SSO without a display fails at once and says what to use instead', async () => {
    if (process.platform !== 'linux') return;
    const saved = { display: process.env.DISPLAY, wayland: process.env.WAYLAND_DISPLAY };
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    try {
      requests.length = 0;
      const ds = dataSource(serverPort, { authenticator: 'EXTERNALBROWSER', password: undefined });
      const error = await openConnector(ds, { workspace }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/no display.*key-pair \(snowflake_jwt\) or token/s);
      // The connection test shows it as a configuration problem, with what to do (was "unrecognised").
      expect(classifyError(error)).toMatchObject({
        layer: 'config',
        kind: 'snowflake-browser-no-display',
        remediation: expect.stringMatching(/^Run the scan from a desktop session, or use key-pair/),
      });
      expect(requests).toHaveLength(0);
    } finally {
      if (saved.display !== undefined) process.env.DISPLAY = saved.display;
      if (saved.wayland !== undefined) process.env.WAYLAND_DISPLAY = saved.wayland;
    }
  });

  it('loads the SDK with platform detection off, its OCSP cache in the workspace and no snowflake.log', () => {
    expect(process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION).toBe('true');
    expect(process.env.SF_OCSP_RESPONSE_CACHE_DIR).toBe(join(workspace, 'cache', 'snowflake-ocsp'));
    expect(existsSync(join(process.cwd(), 'snowflake.log'))).toBe(false);
  });
});
