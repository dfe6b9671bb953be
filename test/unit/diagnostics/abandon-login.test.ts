/**
 * A login the Authentication step gave up on is abandoned at once: against a server that accepts TCP and never
 * answers, aborting the step's signal closes the client's socket (the server sees it go) and the login rejects
 * with the signal's reason — it does not linger until the driver's own timeout (snowflake-sdk's is 90 s a try).
 */

import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresDataSource, SnowflakeDataSource } from '../../../src/config/model.js';
import { postgresEngine } from '../../../src/diagnostics/engines/postgres.js';
import { snowflakeEngine } from '../../../src/diagnostics/engines/snowflake.js';

let server: Server;
let port: number;
let connected: (socket: Socket) => void = () => {};

beforeAll(async () => {
  // Accepts, reads, never answers: a middlebox that swallows the startup message.
  server = createServer((socket) => connected(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function dataSource(sslmode: PostgresDataSource['sslmode']): PostgresDataSource {
  return {
    type: 'postgres',
    name: 'silent',
    host: '127.0.0.1',
    port,
    username: 'app',
    database: 'postgres',
    sslmode,
    connectionTimeoutMs: 30_000,
    poolSize: 1,
    statementTimeoutMs: 0,
  };
}

/**
 * Starts a login against the silent server (its own timeout far longer than the test may take: only the abort can
 * end it in time), gives up once the server has its socket, and checks that the login rejects with the reason and
 * the socket is closed.
 */
async function abandonedAtOnce(connect: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  const accepted = new Promise<Socket>((resolve) => {
    connected = resolve;
  });
  const step = new AbortController();
  const login = connect(step.signal);
  const socket = await accepted;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const reason = new Error('the Authentication step timed out');
  step.abort(reason);
  await expect(login).rejects.toBe(reason);
  await closed;
  expect(socket.destroyed).toBe(true);
}

describe('an abandoned PostgreSQL login', () => {
  for (const sslmode of ['disable', 'require'] as const) {
    it(`closes its socket as soon as the step gives up (sslmode ${sslmode})`, () =>
      abandonedAtOnce((signal) =>
        postgresEngine.connect(dataSource(sslmode), { password: 'unused', timeoutMs: 60_000, signal }),
      ));
  }

  it('does not open a connection when the step has already given up', async () => {
    let connections = 0;
    connected = () => connections++;
    const step = new AbortController();
    const reason = new Error('cancelled');
    step.abort(reason);
    await expect(
      postgresEngine.connect(dataSource('disable'), { timeoutMs: 60_000, signal: step.signal }),
    ).rejects.toBe(reason);
    expect(connections).toBe(0);
  });
});

describe('an abandoned Snowflake login', () => {
  it('closes its socket as soon as the step gives up', () => {
    const ds: SnowflakeDataSource = {
      type: 'snowflake',
      name: 'silent',
      account: 'myorg-analytics',
      username: 'scanner',
      authenticator: 'SNOWFLAKE',
      host: '127.0.0.1',
      port,
      protocol: 'http',
      connectionTimeoutMs: 30_000,
      sessionParams: {},
      poolSize: 1,
      statementTimeoutMs: 0,
    };
    const workspace = mkdtempSync(join(tmpdir(), 'gatehouse-sf-abandon-'));
    return abandonedAtOnce((signal) =>
      snowflakeEngine.connect(ds, { password: 'unused', workspace, timeoutMs: 60_000, signal }),
    );
  });
});
