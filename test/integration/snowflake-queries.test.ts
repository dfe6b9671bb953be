/**
 * Warehouse time costs credits, so the query count matters: on Snowflake a scan sends one aggregate query per
 * dataset partition, however many aggregate metrics it has (percentiles included) — counted from the Snowflake-protocol server's own
 * request log, not from the client. And nothing but the Snowflake endpoint is contacted while it runs: every
 * outbound socket of the process is recorded from before snowflake-sdk loads (its platform-detection probes of
 * cloud metadata addresses would show here) until the connector is closed.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { LoggedRequest } from '../support/snowflake/request-log.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import {
  type EngineScan,
  openSnowflake,
  scanWith,
  snowflakeDataSource,
  startSnowflake,
} from '../support/snowflake-connector.js';
import { type OutboundConnection, recordSockets } from '../support/socket-recorder.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const CHECKS = `
filter customers [nl]:
  where: country = 'NL'
filter customers [recent]:
  where: id > 20
checks for customers:
  - row_count > 0
  - missing_count(email) = 0
  - invalid_count(email) = 0:
      valid format: email
  - valid_count(status) > 0:
      valid values: [new, active]
  - min(size) >= 0
  - max(size) < 1000
  - avg(size) > 0
  - sum(size) > 0
  - stddev(size) > 0
  - variance(size) > 0
  - percentile(size, 0.95) > 0
  - min_length(email) > 0
  - max_length(email) < 100
  - avg_length(email) > 0
  - freshness(created) < 10000d
  - failed rows:
      fail condition: size < 0
  - avg_double between 0 and 1000:
      avg_double expression: AVG(size * 2)
checks for customers [nl]:
  - row_count > 0
  - missing_count(email) < 10
  - max(size) < 1000
  - avg(size) > 0
checks for customers [recent]:
  - row_count > 0
  - min(size) >= 0
checks for orders:
  - row_count > 0
  - sum(amount) > 0
  - max(amount) < 1000
`;

describe('Snowflake: queries per scan and sockets', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let scan: EngineScan;
  let connections: OutboundConnection[];
  let queries: LoggedRequest[];

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_queries');
    await db.sql(
      'CREATE TABLE customers (id int, email text, country text, size double precision, status text, created timestamp)',
    );
    await db.sql('CREATE TABLE orders (id int, amount numeric(10,2))');
    await db.sql(`INSERT INTO customers SELECT i, 'u' || i || '@example.com', CASE WHEN i % 2 = 0 THEN 'NL' ELSE 'BE' END,
      i * 1.5, CASE WHEN i % 3 = 0 THEN 'new' ELSE 'active' END, TIMESTAMP '2024-01-01' + i * INTERVAL '1 hour'
      FROM generate_series(1, 40) AS i`);
    await db.sql('INSERT INTO orders SELECT i, i * 2.5 FROM generate_series(1, 10) AS i');
    server = await startSnowflake(db);
    server.log.clear();
    // The first Snowflake connector of this process: snowflake-sdk loads inside the recording.
    const recorded = await recordSockets(() =>
      scanWith(() => openSnowflake(snowflakeDataSource(server)), CHECKS, { schema: server.schema }),
    );
    scan = recorded.result;
    connections = recorded.connections;
    queries = server.log.queries();
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('every check passes', () => {
    expect(scan.result.logs.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(scan.result.checks.map((check) => check.outcome)).toEqual(scan.result.checks.map(() => 'pass'));
  });

  test('one aggregate query per dataset partition, in the server log', () => {
    const scanQueries = queries.filter((entry) => !entry.sql?.startsWith('ALTER SESSION'));
    const aggregates = scanQueries.filter((entry) => /^SELECT\n/.test(entry.sql ?? ''));
    const partitionOf = (sql: string) => {
      const table = /FROM "[^"]+"\."([A-Z]+)"/.exec(sql)?.[1];
      const where = /\nWHERE (.*)$/s.exec(sql)?.[1];
      return where ? `${table} WHERE ${where}` : table;
    };
    expect(aggregates.map((entry) => partitionOf(entry.sql ?? '')).sort()).toEqual([
      'CUSTOMERS',
      "CUSTOMERS WHERE country = 'NL'",
      'CUSTOMERS WHERE id > 20',
      'ORDERS',
    ]);
    // Nothing else: no per-metric queries, no percentile pass of its own (that is PostgreSQL's), no samples (off by
    // default).
    expect(aggregates.find((entry) => partitionOf(entry.sql ?? '') === 'CUSTOMERS')?.sql).toContain(
      'PERCENTILE_DISC(0.95)',
    );
    expect(scanQueries).toHaveLength(4);
    expect(scan.statements.filter((sql) => !sql.startsWith('ALTER SESSION'))).toHaveLength(4);
  });

  test('each connection sets its session once; the pool never exceeds pool_size', () => {
    const sessions = new Set(queries.map((entry) => entry.sessionId));
    expect(sessions.size).toBeLessThanOrEqual(2);
    const alters = queries.filter((entry) => entry.sql?.startsWith('ALTER SESSION'));
    expect(alters).toHaveLength(sessions.size);
    expect(new Set(alters.map((entry) => entry.sessionId)).size).toBe(sessions.size);
    expect(server.log.entries.filter((entry) => entry.kind === 'login')).toHaveLength(sessions.size);
    // close() ends every session on the server.
    expect(server.log.entries.filter((entry) => entry.kind === 'close')).toHaveLength(sessions.size);
  });

  test('no socket but to the Snowflake endpoint: no metadata probes, no OCSP, no telemetry elsewhere', () => {
    expect(connections.length).toBeGreaterThan(0);
    const targets = connections.map((c) => ({ host: c.host, port: c.port, path: c.path }));
    expect(new Set(targets.map((t) => `${t.host}:${t.port}:${t.path ?? ''}`))).toEqual(
      new Set([`127.0.0.1:${server.port}:`]),
    );
    for (const c of connections) expect(c.remoteAddress ?? '127.0.0.1').toBe('127.0.0.1');
  });
});
