/**
 * The SodaCL suite on Snowflake: one check file using every check kind the PostgreSQL connector supports, scanned
 * over the same tables twice — through the PostgreSQL connector, and through the Snowflake connector (the real
 * snowflake-sdk) and the Snowflake-protocol server, which runs Snowflake's SQL on those tables. Every check must
 * get the same outcome and value on both, each with an outcome (no errors), and the values the test computes
 * itself must be there. Regexes are where the engines differ most (REGEXP_LIKE matches whole values), so the
 * file has validity checks whose result depends on it.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { openPostgresConnector } from '../../src/connectors/postgres/connector.js';
import type { CheckResult } from '../../src/scan/result.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import {
  type EngineScan,
  openSnowflake,
  scanWith,
  snowflakeDataSource,
  startSnowflake,
} from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const STATUSES = ['new', 'active', 'closed'];
const rows = Array.from({ length: 60 }, (_, index) => {
  const id = index + 1;
  return {
    id,
    code: id % 13 === 0 ? `X-${id}` : `ID${id}`,
    email: id % 11 === 0 ? null : id % 7 === 0 ? `broken-${id}` : `user${id}@example.com`,
    country: ['NL', 'BE', 'FR'][id % 3] as string,
    // Postcodes like 1234AB: a `[0-9]{4}` regex finds digits in every one, but matches none as a whole.
    zip: id % 9 === 0 ? 'unknown' : `${1000 + id}AB`,
    size: id % 10 === 0 ? null : ((id * 37) % 101) + 0.25,
    size_txt: id % 8 === 0 ? 'n/a' : `${(id * 3) % 50}.5`,
    status: id % 17 === 0 ? 'lost' : (STATUSES[id % 3] as string),
    cat: id % 5 === 0 ? ' ' : `c${id % 6}`,
    created: new Date(Date.UTC(2024, 5, 1 + (id % 28), id % 24, 5)).toISOString().slice(0, 19),
    updated: new Date(Date.UTC(2024, 5, 1 + (id % 29), 3, id % 60)).toISOString(),
    day: `2024-06-${String(1 + (id % 29)).padStart(2, '0')}`,
  };
});
const orders = Array.from({ length: 40 }, (_, index) => ({
  id: index + 1,
  customer_id: index % 15 === 0 ? 900 + index : (index % 60) + 1,
  country: ['NL', 'BE', 'FR'][index % 3] as string,
  zip: `${1000 + (index % 60) + 1}AB`,
  amount: ((index * 731) % 10_000) / 100,
}));

const CHECKS = `
variables:
  NOW: "2024-07-01T00:00:00+00:00"
filter customers [nl]:
  where: country = 'NL'
configurations for customers:
  valid format for email: email
  missing values for status: [N/A]
checks for customers:
  - row_count = ${rows.length}
  - missing_count(email) = 0
  - missing_percent(email) < 5 %
  - invalid_count(email) = 0
  - invalid_percent(email) < 1
  - valid_count(email) > 0
  - invalid_count(status) = 0:
      valid values: [new, active, closed]
  - invalid_count(zip) = 0:
      name: zip digits anywhere
      valid regex: '[0-9]{4}'
  - invalid_count(code) = 0:
      name: code anchored with a backslash class
      valid regex: ^ID\\d+$
  - missing_count(cat) = 0:
      name: blank categories
      missing regex: '^ *$'
  - invalid_count(size_txt) = 0:
      valid format: decimal
  - avg(size_txt) between 0 and 100:
      valid format: decimal
  - max_length(status) <= 6:
      valid values: [new, active, closed]
  - min(size) >= 0
  - max(size) < 200
  - avg(size) > 0
  - sum(size) > 0
  - stddev(size) > 0
  - stddev_pop(size) > 0
  - stddev_samp(size) > 0
  - variance(size) > 0
  - var_pop(size) > 0
  - var_samp(size) > 0
  - min_length(email) > 0
  - max_length(email) < 100
  - avg_length(email) > 0
  - percentile(size, 0.95) > 0
  - percentile(size, 0.5) > 0
  - max(size) < 100:
      filter: country = 'BE'
  - duplicate_count(cat) = 0
  - duplicate_count(country, zip) = 0
  - duplicate_percent(cat) < 1
  - freshness(created) < 1d
  - freshness(updated) < 2d
  - freshness(day) < 3d
  - schema:
      warn:
        when required column missing: [id, email, nope]
      fail:
        when wrong column type:
          id: integer
          email: text
          size: double precision
          created: timestamp
          day: date
  - failed rows:
      name: negative sizes
      fail condition: size < 0
  - failed rows:
      name: lost customers
      fail query: SELECT id FROM customers WHERE status = 'lost'
  - avg_double_size between 0 and 300:
      avg_double_size expression: AVG(size * 2)
  - row_count same as orders
checks for customers [nl]:
  - row_count > 0
  - missing_count(email) = 0
  - duplicate_count(cat) = 0
checks for orders:
  - values in customer_id must exist in customers id
  - values in (country, zip) must exist in customers (country, zip)
  - values in customer_id must not exist in customers id
checks:
  - big_orders = 0:
      big_orders query: SELECT COUNT(*) FROM orders WHERE amount > 50
for each dataset T:
  datasets:
    - include cust%
  checks:
    - row_count > 0
`;

/** A schema of its own holding the shop tables above. */
async function shopSchema(name: string): Promise<TestSchema> {
  const db = await createTestSchema(name);
  await db.sql(`CREATE TABLE customers (id int, code text, email text, country text, zip text,
    size double precision, size_txt text, status text, cat text, created timestamp, updated timestamptz, day date)`);
  await db.sql('CREATE TABLE orders (id int, customer_id int, country text, zip text, amount numeric(10,2))');
  await db.insertRows('customers', rows);
  await db.insertRows('orders', orders);
  return db;
}

/** The same checks scanned through the PostgreSQL connector and through snowflake-sdk and the server. */
async function scanBoth(
  db: TestSchema,
  server: SnowflakeServer,
  checks: string,
  options: Omit<NonNullable<Parameters<typeof scanWith>[2]>, 'schema'>,
): Promise<{ postgres: EngineScan; snowflake: EngineScan }> {
  return {
    postgres: await scanWith(() => openPostgresConnector(db.dataSource()), checks, {
      ...options,
      schema: db.schema,
    }),
    snowflake: await scanWith(() => openSnowflake(snowflakeDataSource(server)), checks, {
      ...options,
      schema: server.schema,
    }),
  };
}

describe('the SodaCL suite on Snowflake (snowflake-sdk + the Snowflake-protocol server)', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let postgres: EngineScan;
  let snowflake: EngineScan;
  const variables = { NOW: '2024-07-01T00:00:00+00:00' };

  beforeAll(async () => {
    if (!available) return;
    db = await shopSchema('sf_sodacl');
    server = await startSnowflake(db);
    ({ postgres, snowflake } = await scanBoth(db, server, CHECKS, { variables }));
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  // Headers of \`for each dataset\` copies name the table as the database reports it (CUSTOMERS / customers).
  const key = (check: CheckResult) => `${check.check.header.toLowerCase()} :: ${check.displayName}`;

  test('every check is evaluated on Snowflake, without errors', () => {
    const errors = snowflake.result.logs.filter((entry) => entry.level === 'error');
    expect(errors).toEqual([]);
    const unevaluated = snowflake.result.checks.filter((check) => check.outcome === null).map(key);
    expect(unevaluated).toEqual([]);
    // One check per check line of the file (47), plus the for-each copy for CUSTOMERS (the only cust% table).
    expect(snowflake.result.checks.length).toBe(48);
    expect(postgres.result.checks.length).toBe(48);
  });

  test('each check has the same outcome and value as on PostgreSQL', () => {
    const onPostgres = new Map(postgres.result.checks.map((check) => [key(check), check]));
    for (const check of snowflake.result.checks) {
      const twin = onPostgres.get(key(check));
      expect(twin, key(check)).toBeDefined();
      expect({ check: key(check), outcome: check.outcome }).toEqual({
        check: key(check),
        outcome: twin?.outcome,
      });
      if (typeof twin?.value === 'number' && typeof check.value === 'number') {
        expect(check.value, key(check)).toBeCloseTo(twin.value, 6);
      } else {
        expect(check.value, key(check)).toEqual(twin?.value);
      }
    }
  });

  test('the values the test computes itself', () => {
    const value = (name: string) => {
      const found = snowflake.result.checks.find((check) => check.displayName === name);
      if (!found) throw new Error(`no check ${name}`);
      return found.value;
    };
    const emails = rows.map((r) => r.email);
    expect(value('missing_count(email) = 0')).toBe(emails.filter((e) => e === null).length);
    expect(value('invalid_count(email) = 0')).toBe(emails.filter((e) => e?.startsWith('broken')).length);
    // Searched like PostgreSQL's `~`: only 'unknown' has no four digits.
    expect(value('zip digits anywhere')).toBe(rows.filter((r) => r.zip === 'unknown').length);
    expect(value('code anchored with a backslash class')).toBe(
      rows.filter((r) => r.code.startsWith('X-')).length,
    );
    expect(value('blank categories')).toBe(rows.filter((r) => r.cat === ' ').length);
    const sizes = rows.map((r) => r.size).filter((s): s is number => s !== null);
    const sorted = [...sizes].sort((a, b) => a - b);
    expect(value('percentile(size, 0.95) > 0')).toBe(sorted[Math.ceil(0.95 * sorted.length) - 1]);
    expect(value('min(size) >= 0')).toBe(sorted[0]);
    expect(value('values in customer_id must exist in customers id')).toBe(
      orders.filter((o) => o.customer_id > 60).length,
    );
    // The newest `created` is 2024-06-28 23:05 (naive = UTC); NOW is 2024-07-01T00:00Z.
    const newest = Math.max(...rows.map((r) => Date.parse(`${r.created}Z`)));
    expect(value('freshness(created) < 1d')).toBe(Date.parse('2024-07-01T00:00:00Z') - newest);
  });

  test('the schema check sees Snowflake type names, and accepts the PostgreSQL-style names written', () => {
    const schema = snowflake.result.metrics.find((metric) => metric.metricName === 'schema');
    const columns = (schema?.value ?? []) as Array<{ columnName: string; sourceDataType: string }>;
    const types = Object.fromEntries(columns.map((c) => [c.columnName, c.sourceDataType]));
    expect(types).toMatchObject({
      ID: 'NUMBER',
      EMAIL: 'TEXT',
      SIZE: 'FLOAT',
      CREATED: 'TIMESTAMP_NTZ',
      DAY: 'DATE',
    });
    // `id`, `email` written in lower case name ID and EMAIL; only `nope` is missing (a warning), no type differs.
    const check = snowflake.result.checks.find((c) => c.check.kind === 'schema');
    expect(check?.outcome).toBe('warn');
    expect(check?.value).toBe(1);
  });

  test('the Snowflake SQL quotes upper-case identifiers and uses REGEXP_LIKE', () => {
    const aggregation = snowflake.statements.find((sql) => sql.includes('REGEXP_LIKE'));
    expect(aggregation).toContain(`FROM "${server.schema}"."CUSTOMERS"`);
    expect(aggregation).toContain(`REGEXP_LIKE(COLLATE(TO_VARCHAR("ZIP"), ''), '.*([0-9]{4}).*', 's')`);
    expect(snowflake.statements.some((sql) => sql.includes('~'))).toBe(false);
  });
});

const SAMPLED = `
checks for customers:
  - missing_count(email) = 0
  - invalid_count(email) = 0:
      valid format: email
      samples limit: 2
  - duplicate_count(cat) = 0
  - invalid_count(zip) = 0:
      valid regex: '^[0-9]{4}AB$'
      samples columns: [id, zip]
  - failed rows:
      name: lost customers
      fail condition: status = 'lost'
checks for orders:
  - values in customer_id must exist in customers id
`;

describe('failed-row samples on Snowflake', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let postgres: EngineScan;
  let snowflake: EngineScan;
  const sampling = { enabled: true, defaultLimit: 100, excludeColumns: { customers: ['email'] } };

  beforeAll(async () => {
    if (!available) return;
    db = await shopSchema('sf_samples');
    server = await startSnowflake(db);
    ({ postgres, snowflake } = await scanBoth(db, server, SAMPLED, { sampling }));
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  test('the same rows are sampled, with the same limits, allowed columns and exclusions', () => {
    expect(snowflake.result.logs.filter((entry) => entry.level === 'error')).toEqual([]);
    const summary = (scan: EngineScan) =>
      scan.result.checks.map((check) => ({
        check: check.displayName,
        total: check.samples?.totalRowCount,
        stored: check.samples?.storedRowCount,
        columns: check.samples?.columns.map((column) => column.name.toLowerCase()),
        ids: check.samples?.rows.map((row) => Number(row[0])).sort((a, b) => a - b),
      }));
    const expected = summary(postgres);
    expect(summary(snowflake)).toEqual(expected);
    // Every check failed, so each has a sample; email is excluded everywhere; `samples limit: 2` holds.
    expect(expected.every((entry) => entry.total !== undefined && entry.total > 0)).toBe(true);
    expect(expected.some((entry) => entry.columns?.includes('email'))).toBe(false);
    expect(expected.find((entry) => entry.check.startsWith('invalid_count(email)'))?.stored).toBe(2);
    expect(expected.find((entry) => entry.check.startsWith('invalid_count(zip)'))?.columns).toEqual([
      'id',
      'zip',
    ]);
  });
});
