/**
 * snowflake-sdk's traps (environment.md), each switched on in the Snowflake-protocol server, and the connector's
 * guard against it: a result without `returned` (the SDK's execute never completes) ends at the query timeout; a
 * token renewal that hands back the expired token (the SDK renews forever) ends after a few renewals with an error
 * that says so; either way the connection is replaced;
 * an aborted query is cancelled on the server (its PostgreSQL statement stops), not only abandoned.
 */
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import type { Connector } from '../../src/connectors/connector.js';
import { ConnectorError } from '../../src/connectors/connector.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { openSnowflake, snowflakeDataSource, startSnowflake } from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('snowflake-sdk traps', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let connector: Connector;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_traps');
    server = await startSnowflake(db);
    connector = await openSnowflake(snowflakeDataSource(server, { poolSize: 1 }));
  });

  afterEach(() => {
    if (!server) return;
    server.faults.omitReturned = false;
    server.faults.renewWithoutNewToken = false;
  });

  afterAll(async () => {
    await connector?.close();
    await server?.stop();
    await db?.drop();
  });

  const logins = () => server.log.entries.filter((entry) => entry.kind === 'login').length;

  test('a result without `returned`: the query times out, and the next one runs on a new connection', async () => {
    server.faults.omitReturned = true;
    const before = logins();
    const error = await rejection(connector.query('SELECT 1', { timeoutMs: 1500 }));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toContain('timeout of 1500 ms');
    server.faults.omitReturned = false;
    expect((await connector.query('SELECT 2')).rows).toEqual([[2]]);
    expect(logins()).toBe(before + 1);
  });

  test('a token renewal that returns the expired token: the query fails at once after a few renewals, with a clear error', async () => {
    expect((await connector.query('SELECT 3')).rows).toEqual([[3]]);
    const renewals = () => server.log.entries.filter((entry) => entry.kind === 'renew').length;
    const before = renewals();
    server.faults.renewWithoutNewToken = true;
    server.expireSessionTokens();
    // A query timeout far beyond the test's own: only the renewal guard can end this query in time.
    const started = Date.now();
    const error = await rejection(connector.query('SELECT 4', { timeoutMs: 600_000 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toMatchObject({ kind: 'auth', code: '390112' });
    expect(error.message).toMatch(/renewed it 4 times within a minute \(more than 3\)/);
    expect(error.message).toContain('the query was stopped and its connection closed');
    // The server gets the four renewals the guard counted (the last may still be on its way) …
    await server.log.waitFor(
      (entries) => entries.filter((entry) => entry.kind === 'renew').length >= before + 4,
    );
    server.faults.renewWithoutNewToken = false;
    // A fresh login serves the next query.
    expect((await connector.query('SELECT 5')).rows).toEqual([[5]]);
    // … and no more than one besides (sent while the guard stopped the query), not the SDK's ~70 a second.
    expect(renewals() - before).toBeLessThanOrEqual(5);
    // The looping connection was destroyed: its renewals stopped.
    const after = renewals();
    await connector.query("SELECT SYSTEM$WAIT(200, 'MILLISECONDS')");
    expect(renewals()).toBe(after);
  });

  test('a real renewal (a new token) is not a loop: the query carries on', async () => {
    expect((await connector.query('SELECT 6')).rows).toEqual([[6]]);
    const renewals = () => server.log.entries.filter((entry) => entry.kind === 'renew').length;
    const before = renewals();
    for (let i = 0; i < 2; i++) {
      server.expireSessionTokens();
      expect((await connector.query(`SELECT ${7 + i}`)).rows).toEqual([[7 + i]]);
    }
    expect(renewals() - before).toBe(2);
  });

  test('an aborted query is cancelled on the server: its PostgreSQL statement stops', async () => {
    const controller = new AbortController();
    const running = connector.query('SELECT SYSTEM$WAIT(30)', { signal: controller.signal });
    const outcome = rejection(running);
    // Wait until PostgreSQL runs it (each round trip is a real query: no timers).
    let active = 0;
    while (active === 0) {
      const found = await db.sql(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query ILIKE '%system$wait%' AND pid <> pg_backend_pid()`,
      );
      active = found.rows[0].n as number;
    }
    controller.abort();
    const error = await outcome;
    expect(error.kind).toBe('cancelled');
    await server.log.waitFor((entries) => entries.some((entry) => entry.kind === 'abort'));
    // The statement ended on the server with Snowflake's "SQL execution canceled", long before its 30 s.
    await server.log.waitFor((entries) =>
      entries.some(
        (entry) =>
          entry.kind === 'query' && entry.sql?.includes('SYSTEM$WAIT(30)') && entry.outcome === 'error',
      ),
    );
    const ended = server.log.entries.find((entry) => entry.sql?.includes('SYSTEM$WAIT(30)'));
    expect(ended?.code).toBe('000604');
  });

  test('statement_timeout reaches the server as STATEMENT_TIMEOUT_IN_SECONDS; its cancel is a timeout; session_params are set', async () => {
    const bounded = await openSnowflake(
      snowflakeDataSource(server, {
        statementTimeoutMs: 1000,
        sessionParams: { QUERY_TAG: 'gatehouse-test' },
      }),
    );
    try {
      // No client-side timeout here: only the server's bound can stop it.
      const error = await rejection(bounded.query('SELECT SYSTEM$WAIT(20)'));
      expect(error).toMatchObject({ kind: 'timeout', code: '000630' });
      expect(error.message).toContain('timeout of 1 second(s)');
    } finally {
      await bounded.close();
    }
    const setup = server.log.entries.filter((entry) => entry.sql?.startsWith('ALTER SESSION')).at(-1);
    expect(setup?.sql).toContain("QUERY_TAG = 'gatehouse-test'");
    expect(setup?.sql).toContain('STATEMENT_TIMEOUT_IN_SECONDS = 1');
    expect(setup?.outcome).toBe('ok');
  });
});
