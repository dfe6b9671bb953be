/**
 * The machine's PostgreSQL for integration tests: each test file gets a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PostgresDataSource } from '../../src/config/model.js';

export const PG = {
  host: process.env.GATEHOUSE_TEST_PGHOST ?? '127.0.0.1',
  port: Number(process.env.GATEHOUSE_TEST_PGPORT ?? 5432),
  user: process.env.GATEHOUSE_TEST_PGUSER ?? 'postgres',
  database: process.env.GATEHOUSE_TEST_PGDATABASE ?? 'test',
};

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ ...PG, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestSchema {
  schema: string;
  /** Run SQL as the test's own admin connection (search_path = the test schema). */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Insert rows (objects keyed by column name) into a table of the test schema. */
  insertRows(table: string, rows: readonly object[]): Promise<void>;
  dataSource(overrides?: Partial<PostgresDataSource>): PostgresDataSource;
  /** A configuration.yml text for this schema. */
  configYaml(name?: string): string;
  drop(): Promise<void>;
}

export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const schema = `gh_${prefix}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client(PG);
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  return {
    schema,
    sql: (text, values) => client.query(text, values),
    async insertRows(table, rows) {
      await client.query(
        `INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1)`,
        [JSON.stringify(rows)],
      );
    },
    dataSource: (overrides = {}) => ({
      type: 'postgres',
      name: 'warehouse',
      host: PG.host,
      port: PG.port,
      username: PG.user,
      database: PG.database,
      schema,
      sslmode: 'disable',
      connectionTimeoutMs: 5000,
      poolSize: 2,
      statementTimeoutMs: 0,
      ...overrides,
    }),
    configYaml: (name = 'warehouse') =>
      [
        `data_source ${name}:`,
        '  type: postgres',
        `  host: ${PG.host}`,
        `  port: ${PG.port}`,
        `  username: ${PG.user}`,
        `  database: ${PG.database}`,
        `  schema: ${schema}`,
        '  sslmode: disable',
        '',
      ].join('\n'),
    async drop() {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    },
  };
}
