/**
 * A query cancelled while it waits for a pooled connection never runs: with one connection busy, the second query's
 * signal is aborted during its wait; when the connection frees up, the second query must end as cancelled at once
 * instead of starting its (long) statement — the abort listener only exists once a connection is held.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Connector } from '../../src/connectors/connector.js';
import { openConnector } from '../../src/connectors/open.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const pgUp = await postgresAvailable();
let schema: TestSchema;
let connector: Connector;

beforeAll(async () => {
  if (!pgUp) return;
  schema = await createTestSchema('cancelwait');
  connector = await openConnector(schema.dataSource({ poolSize: 1 }));
});
afterAll(async () => {
  if (!pgUp) return;
  await connector.close();
  await schema.drop();
});

itWhen(pgUp, 'PostgreSQL on 127.0.0.1:5432')(
  'a query aborted while waiting for a connection never starts',
  async () => {
    const first = new AbortController();
    const holding = connector
      .query('SELECT pg_sleep(60)', { signal: first.signal })
      .catch((error: Error) => error);
    // Wait until the first statement really runs on the server: the pool's only connection is taken.
    for (;;) {
      const { rows } = await schema.sql(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'",
      );
      if ((rows[0] as { n: number }).n > 0) break;
    }
    const second = new AbortController();
    const waiting = connector
      .query('SELECT pg_sleep(60)', { signal: second.signal })
      .catch((error: Error) => error);
    second.abort();
    first.abort();
    const started = Date.now();
    expect(await holding).toMatchObject({ kind: 'cancelled' });
    expect(await waiting).toMatchObject({ kind: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(20_000);
  },
);
