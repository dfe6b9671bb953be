/**
 * Failed rows checks on the real PostgreSQL, parsed from SodaCL: a fail condition is one more expression of the
 * aggregate pass; a fail query is counted by the database (never fetched row by row).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml, type YamlScan } from '../support/scan-yaml.js';

interface Row {
  id: number;
  size: number;
  cat: string;
}
const rows: Row[] = Array.from({ length: 500 }, (_, i) => ({
  id: i + 1,
  size: ((i * 37) % 23) - 3,
  cat: ['HIGH', 'LOW', 'MID'][i % 3] as string,
}));
const negative = rows.filter((r) => r.size < 0).length;
const highSmall = rows.filter((r) => r.cat === 'HIGH' && r.size < 2).length;

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('failed rows checks on PostgreSQL', () => {
  let db: TestSchema;
  let scan: YamlScan;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('failed');
    await db.sql('CREATE TABLE customers (id int, size int, cat text)');
    await db.insertRows('customers', rows);
    scan = await scanYaml(
      db,
      `
checks for customers:
  - row_count > 0
  - failed rows:
      name: negative sizes
      fail condition: size < 0
  - failed rows:
      name: high and small
      fail condition: cat = 'HIGH' and size < 2
      warn: when > 0
      fail: when > ${highSmall}
  - failed rows:
      name: no rows fail
      fail condition: size > 1000
  - failed rows:
      name: negative sizes by query
      fail query: |
        SELECT * FROM customers WHERE size < 0 -- every negative size;
checks:
  - failed rows:
      name: everything by query
      fail query: SELECT id FROM customers;
      fail: when > ${rows.length}
`,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('a fail condition counts the rows it matches; FAIL iff > 0 without zones', () => {
    expect(negative).toBeGreaterThan(0);
    expect(scan.check('negative sizes')).toMatchObject({ value: negative, outcome: 'fail' });
    expect(scan.check('no rows fail')).toMatchObject({ value: 0, outcome: 'pass' });
  });

  test('with warn/fail zones the count is judged against them', () => {
    expect(highSmall).toBeGreaterThan(0);
    expect(scan.check('high and small')).toMatchObject({ value: highSmall, outcome: 'warn' });
    expect(scan.check('everything by query')).toMatchObject({ value: rows.length, outcome: 'pass' });
  });

  test('a fail query works under "checks for T" and under data-source-level "checks:"', () => {
    expect(scan.check('negative sizes by query')).toMatchObject({ value: negative, outcome: 'fail' });
  });

  test('fail conditions add no query; each fail query is counted in SQL, never fetched', () => {
    const aggregates = scan.statements.filter((sql) => /^SELECT\n {2}COUNT/.test(sql));
    expect(aggregates).toHaveLength(1);
    // row_count and the three conditions: four expressions of one pass.
    expect(aggregates[0]?.match(/COUNT\(/g)).toHaveLength(4);
    const counted = scan.statements.filter((sql) => sql.includes('AS failed_rows'));
    expect(counted).toHaveLength(2);
    for (const sql of counted)
      expect(sql).toMatch(/^SELECT COUNT\(\*\) FROM \(\n[\s\S]*\n\) AS failed_rows$/);
    expect(scan.statements).toHaveLength(3);
  });
});
