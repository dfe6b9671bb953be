/**
 * Every part-1 metric on the real PostgreSQL, against values the test computes itself in JavaScript, and the
 * number of queries the scan sends.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ScanResult } from '../../src/scan/result.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { checkNamed as checkNamedIn, scanYaml } from '../support/scan-yaml.js';
import { TEST_ENGINE } from '../support/test-engine.js';

interface Row {
  id: number;
  email: string | null;
  country: string;
  size: number | null;
  status: string;
}

/** Deterministic rows with known problems: missing and malformed emails, NULL sizes, an unknown status. */
function makeRows(): Row[] {
  const rows: Row[] = [];
  for (let id = 1; id <= 240; id++) {
    const email = id % 17 === 0 ? null : id % 23 === 0 ? `broken-${id}` : `user${id}@example.com`;
    rows.push({
      id,
      email,
      country: ['NL', 'BE', 'FR', 'DE'][id % 4] as string,
      size: id % 19 === 0 ? null : ((id * 37) % 101) + (id % 3) / 4,
      status: id % 31 === 0 ? 'lost' : (['new', 'active', 'closed'][id % 3] as string),
    });
  }
  return rows;
}

const rows = makeRows();
const sizes = rows.map((r) => r.size).filter((s): s is number => s !== null);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const variance = (xs: number[], sample: boolean) => {
  const m = mean(xs);
  return sum(xs.map((x) => (x - m) ** 2)) / (xs.length - (sample ? 1 : 0));
};
/** PERCENTILE_DISC: the first value whose cumulative distribution reaches the fraction. */
const percentileDisc = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
};
const emailLike = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('metrics on PostgreSQL', () => {
  let db: TestSchema;
  let result: ScanResult;
  let statements: string[];

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('metrics');
    await db.sql(
      'CREATE TABLE customers (id int, email text, country text, size double precision, status text)',
    );
    await db.insertRows('customers', rows);
    const checks = `
variables:
  MAX_MISSING: "5"
configurations for customers:
  valid format for email: email
checks for customers:
  - row_count = ${rows.length}
  - missing_count(email) = 1000:
      name: missing emails
  - missing_percent(email) < \${MAX_MISSING} %
  - invalid_count(email) >= 0:
      name: invalid emails
  - valid_count(email) > 0
  - invalid_count(status) = 0:
      valid values: [new, active, closed]
  - min(size) >= 0
  - max(size) <= 1000
  - avg(size) between 0 and 1000
  - sum(size) > 0
  - min_length(email) > 0
  - max_length(email) > 0
  - avg_length(email) > 0
  - stddev(size) > 0
  - stddev_pop(size) > 0
  - stddev_samp(size) > 0
  - variance(size) > 0
  - var_pop(size) > 0
  - var_samp(size) > 0
  - percentile(size, 0.95) > 0
  - percentile(size, 0.5) > 0
  - row_count between 1 and 10:
      name: only NL
      filter: country = 'NL'
  - max(size):
      name: max size of BE
      filter: country = 'BE'
      warn: when > 50
      fail: when > 1000
`;
    ({ result, statements } = await scanYaml(db, checks, { definitionName: 'metrics' }));
  });

  afterAll(async () => {
    await db?.drop();
  });

  const checkNamed = (name: string) => checkNamedIn(result, name);

  test('row and missing counts match the data', () => {
    const missing = rows.filter((r) => r.email === null).length;
    expect(checkNamed(`row_count = ${rows.length}`).value).toBe(rows.length);
    expect(checkNamed('missing emails').value).toBe(missing);
    expect(checkNamed('missing emails').outcome).toBe('fail');
    const percent = Math.round(((missing * 100) / rows.length) * 100) / 100;
    // Named with its variable resolved, as Soda names it.
    const percentCheck = checkNamed('missing_percent(email) < 5 %');
    expect(percentCheck.value).toBe(percent);
    expect(percentCheck.outcome).toBe(percent < 5 ? 'pass' : 'fail');
  });

  test('validity counts use the column configuration and the check keys', () => {
    const present = rows.filter((r) => r.email !== null);
    const invalid = present.filter((r) => !emailLike.test(r.email as string)).length;
    expect(invalid).toBeGreaterThan(0);
    expect(checkNamed('invalid emails').value).toBe(invalid);
    expect(checkNamed('valid_count(email) > 0').value).toBe(present.length - invalid);
    const unknownStatus = rows.filter((r) => !['new', 'active', 'closed'].includes(r.status)).length;
    const statusCheck = checkNamed('invalid_count(status) = 0');
    expect(statusCheck.value).toBe(unknownStatus);
    expect(statusCheck.outcome).toBe('fail');
  });

  test('statistics match independently computed values', () => {
    expect(checkNamed('min(size) >= 0').value).toBe(Math.min(...sizes));
    expect(checkNamed('max(size) <= 1000').value).toBe(Math.max(...sizes));
    expect(checkNamed('avg(size) between 0 and 1000').value).toBeCloseTo(mean(sizes), 9);
    expect(checkNamed('sum(size) > 0').value).toBeCloseTo(sum(sizes), 9);
    expect(checkNamed('stddev(size) > 0').value).toBeCloseTo(Math.sqrt(variance(sizes, true)), 9);
    expect(checkNamed('stddev_samp(size) > 0').value).toBeCloseTo(Math.sqrt(variance(sizes, true)), 9);
    expect(checkNamed('stddev_pop(size) > 0').value).toBeCloseTo(Math.sqrt(variance(sizes, false)), 9);
    expect(checkNamed('variance(size) > 0').value).toBeCloseTo(variance(sizes, true), 9);
    expect(checkNamed('var_samp(size) > 0').value).toBeCloseTo(variance(sizes, true), 9);
    expect(checkNamed('var_pop(size) > 0').value).toBeCloseTo(variance(sizes, false), 9);
    expect(checkNamed('percentile(size, 0.95) > 0').value).toBe(percentileDisc(sizes, 0.95));
    expect(checkNamed('percentile(size, 0.5) > 0').value).toBe(percentileDisc(sizes, 0.5));
  });

  test('length metrics measure only valid text when a validity is configured', () => {
    // `valid format for email: email` applies to every email metric, as in Soda: malformed ones are left out.
    const lengths = rows.flatMap((r) =>
      r.email !== null && emailLike.test(r.email) ? [r.email.length] : [],
    );
    expect(Math.min(...lengths)).not.toBe(
      Math.min(...rows.flatMap((r) => (r.email ? [r.email.length] : []))),
    );
    expect(checkNamed('min_length(email) > 0').value).toBe(Math.min(...lengths));
    expect(checkNamed('max_length(email) > 0').value).toBe(Math.max(...lengths));
    expect(checkNamed('avg_length(email) > 0').value).toBeCloseTo(mean(lengths), 9);
  });

  test('check filters restrict the rows and alert blocks decide warn and fail', () => {
    const nl = rows.filter((r) => r.country === 'NL').length;
    const onlyNl = checkNamed('only NL');
    expect(onlyNl.value).toBe(nl);
    expect(onlyNl.outcome).toBe(nl >= 1 && nl <= 10 ? 'pass' : 'fail');
    const beMax = Math.max(
      ...rows.filter((r) => r.country === 'BE' && r.size !== null).map((r) => r.size as number),
    );
    const beCheck = checkNamed('max size of BE');
    expect(beCheck.value).toBe(beMax);
    expect(beCheck.outcome).toBe(beMax > 1000 ? 'fail' : beMax > 50 ? 'warn' : 'pass');
  });

  test('one aggregate pass per partition; on PostgreSQL the percentiles in a pass of their own', () => {
    // PostgreSQL runs a query holding a percentile single-threaded: it gets its own pass. Snowflake scans once.
    const apart = TEST_ENGINE === 'postgres';
    expect(statements).toHaveLength(apart ? 2 : 1);
    expect(statements.filter((sql) => /PERCENTILE_DISC/.test(sql))).toHaveLength(1);
    expect(result.queries.map((q) => q.name)).toEqual(
      apart
        ? ['warehouse.customers.aggregation[0]', 'warehouse.customers.percentiles[0]']
        : ['warehouse.customers.aggregation[0]'],
    );
    expect(result.hasErrors).toBe(false);
  });
});
