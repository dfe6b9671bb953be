/**
 * Reference checks on the real PostgreSQL, parsed from SodaCL, against offending rows computed here.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml, type YamlScan } from '../support/scan-yaml.js';

interface Customer {
  id: number;
  country: string;
  zip: string;
}
interface Order {
  id: number;
  customer_id: number | null;
  country: string | null;
  zip: string | null;
}
const customers: Customer[] = Array.from({ length: 50 }, (_, i) => ({
  id: i + 1,
  country: ['NL', 'BE'][i % 2] as string,
  zip: String(1000 + (i % 7)),
}));
const orders: Order[] = Array.from({ length: 400 }, (_, i) => {
  const id = i + 1;
  return {
    id,
    customer_id: id % 13 === 0 ? null : (id % 60) + 1, // 51..60 do not exist
    country: id % 17 === 0 ? null : (['NL', 'BE', 'FR'][id % 3] as string), // FR does not exist
    zip: id % 19 === 0 ? null : String(1000 + (id % 9)), // 1007, 1008 do not exist
  };
});

/** Soda's rule: a row offends when any pair has a non-NULL source value and no matching target row. */
function missing(pairs: Array<[keyof Order, keyof Customer]>): number {
  return orders.filter((o) => {
    const match = customers.some((c) => pairs.every(([s, t]) => o[s] !== null && o[s] === c[t]));
    return !match && pairs.some(([s]) => o[s] !== null);
  }).length;
}
/** must not exist: joined rows that match (each matching target row counts, as in Soda's LEFT JOIN count). */
function present(pairs: Array<[keyof Order, keyof Customer]>, subset = orders): number {
  return subset.reduce(
    (n, o) => n + customers.filter((c) => pairs.every(([s, t]) => o[s] !== null && o[s] === c[t])).length,
    0,
  );
}

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('reference checks on PostgreSQL', () => {
  let db: TestSchema;
  let scan: YamlScan;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('ref');
    await db.sql('CREATE TABLE customers (id int, country text, zip text)');
    await db.sql('CREATE TABLE orders (id int, customer_id int, country text, zip text)');
    await db.insertRows('customers', customers);
    await db.insertRows('orders', orders);
    scan = await scanYaml(
      db,
      `
filter orders [early]:
  where: SOURCE.id <= 100
checks for orders:
  - values in customer_id must exist in customers id
  - values in (country, zip) must exist in customers (country, zip)
  - values in customer_id must not exist in customers id
  - values in id must exist in customers id:
      name: ids
checks for orders [early]:
  - values in customer_id must not exist in customers id
`,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('must exist counts rows whose non-NULL values have no match', () => {
    const expected = missing([['customer_id', 'id']]);
    expect(expected).toBeGreaterThan(0);
    expect(scan.check('values in customer_id must exist in customers id')).toMatchObject({
      value: expected,
      outcome: 'fail',
      column: 'customer_id',
    });
  });

  test('multi-column: a row with one NULL column still fails when another is non-NULL (§1.8)', () => {
    const expected = missing([
      ['country', 'country'],
      ['zip', 'zip'],
    ]);
    const withNull = orders.filter((o) => (o.country === null) !== (o.zip === null)).length;
    expect(withNull).toBeGreaterThan(0);
    const check = scan.check('values in (country, zip) must exist in customers (country, zip)');
    expect(check).toMatchObject({ value: expected, outcome: 'fail' });
    expect(check.column).toBeUndefined();
  });

  // sodacl.md §6.1: Soda gave "must exist" and "must not exist" on the same columns one shared value.
  test('must exist and must not exist on the same columns give different values (§6.1)', () => {
    const mustExist = scan.check('values in customer_id must exist in customers id');
    const mustNot = scan.check('values in customer_id must not exist in customers id');
    expect(mustNot).toMatchObject({ value: present([['customer_id', 'id']]), outcome: 'fail' });
    expect(mustNot.value).not.toBe(mustExist.value);
    expect(mustNot.metrics[0]).not.toBe(mustExist.metrics[0]);
  });

  test('the partition filter applies to the source rows', () => {
    const early = scan.result.checks.find((c) => c.check.partition === 'early');
    expect(early?.value).toBe(
      present(
        [['customer_id', 'id']],
        orders.filter((o) => o.id <= 100),
      ),
    );
  });

  test('PASS when every value exists; one query per distinct reference', () => {
    expect(scan.check('ids')).toMatchObject({ value: orders.length - customers.length, outcome: 'fail' });
    expect(scan.statements).toHaveLength(5);
    expect(scan.result.queries.map((q) => q.name).sort()).toEqual([
      'warehouse.orders.reference[country,zip]',
      'warehouse.orders.reference[customer_id must not exist]',
      'warehouse.orders.reference[customer_id]',
      'warehouse.orders.reference[id]',
      'warehouse.orders[early].reference[customer_id must not exist]',
    ]);
  });
});
