/**
 * A mixed scan through the CLI — aggregates, duplicates, schema, reference, failed rows, user metrics from an
 * expression and from a sql_file — in the fewest queries: one aggregate pass, one duplicates query and one schema
 * query per dataset, and one query for each check that needs its own.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const CHECKS = `checks for orders:
  - row_count = 20
  - missing_count(status) = 2
  - avg(amount) > 0
  - duplicate_count(customer_id) = 5
  - duplicate_count(status) = 2
  - schema:
      fail:
        when required column missing: [id, amount]
  - values in (customer_id) must exist in customers (id)
  - failed rows:
      name: no negative amounts
      fail condition: amount < 0
  - paid = 9:
      paid sql_file: queries/paid.sql
  - avg_cents > 0:
      avg_cents expression: AVG(amount) * 100
checks for customers:
  - row_count = 4
  - duplicate_count(id) = 0
  - schema:
      warn:
        when forbidden column present: [ssn]
`;

describe('a mixed scan', () => {
  let db: TestSchema;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-mixed-'));
    if (!available) return;
    db = await createTestSchema('mixed');
    // customer_id cycles 0..4 (5 duplicated values; 0 has no customer); statuses paid/open, 2 NULLs; id 7 negative.
    await db.sql(`CREATE TABLE orders AS SELECT g AS id, g % 5 AS customer_id,
      CASE WHEN g = 7 THEN -3.0 ELSE g * 2.5 END AS amount,
      CASE WHEN g IN (3, 4) THEN NULL WHEN g % 2 = 0 THEN 'paid' ELSE 'open' END AS status
      FROM generate_series(1, 20) g`);
    await db.sql(`CREATE TABLE customers AS SELECT g AS id, 'c' || g AS name FROM generate_series(1, 4) g`);
    await writeFile(join(dir, 'configuration.yml'), db.configYaml());
    await writeFile(join(dir, 'checks.yml'), CHECKS);
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'queries')));
    await writeFile(join(dir, 'queries', 'paid.sql'), "SELECT COUNT(*) FROM orders WHERE status = 'paid'\n");
  });

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('runs every check with the expected values in 8 queries', async () => {
    const results = join(dir, 'results.json');
    const run = await runCli([
      'scan',
      '-d',
      'warehouse',
      '-c',
      join(dir, 'configuration.yml'),
      '--scan-results-file',
      results,
      join(dir, 'checks.yml'),
    ]);
    const document = JSON.parse(await readFile(results, 'utf8'));
    const outcomes = Object.fromEntries(
      document.checks.map((c: { name: string; outcome: string; diagnostics: { value: number } }) => [
        c.name,
        [c.outcome, c.diagnostics.value],
      ]),
    );
    expect(outcomes).toMatchObject({
      'row_count = 20': ['pass', 20],
      'missing_count(status) = 2': ['pass', 2],
      'duplicate_count(customer_id) = 5': ['pass', 5],
      'duplicate_count(status) = 2': ['pass', 2],
      'Schema Check': ['pass', 0],
      'values in (customer_id) must exist in customers (id)': ['fail', 4],
      'no negative amounts': ['fail', 1],
      'paid = 9': ['pass', 9],
      'row_count = 4': ['pass', 4],
      'duplicate_count(id) = 0': ['pass', 0],
    });
    expect(outcomes['avg_cents > 0']?.[0]).toBe('pass');
    expect(run.code).toBe(2);
    const names: string[] = document.queries.map((q: { name: string }) => q.name).sort();
    expect(names).toHaveLength(8);
    expect(names.filter((n) => n.endsWith('.aggregation[0]'))).toEqual([
      'warehouse.customers.aggregation[0]',
      'warehouse.orders.aggregation[0]',
    ]);
    expect(names.filter((n) => n.endsWith('.duplicates[0]'))).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('.schema'))).toHaveLength(2);
  });
});
