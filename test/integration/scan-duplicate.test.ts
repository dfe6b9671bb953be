/**
 * Duplicate checks on the real PostgreSQL, parsed from SodaCL, against values computed here in JavaScript; and
 * the number of queries: every duplicate metric of a partition shares one query.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml, type YamlScan } from '../support/scan-yaml.js';

interface Row {
  id: number;
  cat: string | null;
  country: string | null;
  zip: string | null;
}

/** Repeating categories, some NULLs in each column, and (country, zip) pairs that repeat only sometimes. */
const rows: Row[] = Array.from({ length: 300 }, (_, i) => {
  const id = i + 1;
  return {
    id,
    cat: id % 11 === 0 ? null : id % 7 === 0 ? `unique-${id}` : `cat-${id % 13}`,
    country: id % 9 === 0 ? null : (['NL', 'BE', 'FR'][id % 3] as string),
    zip: id % 5 === 0 ? null : String(1000 + (id % 41)),
  };
});

/** Soda's duplicate_count: distinct combinations, all values non-NULL, occurring more than once. */
function duplicateGroups(subset: Row[], columns: Array<keyof Row>): number {
  const counts = new Map<string, number>();
  for (const row of subset) {
    if (columns.some((c) => row[c] === null)) continue;
    const key = JSON.stringify(columns.map((c) => row[c]));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n > 1).length;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('duplicate checks on PostgreSQL', () => {
  let db: TestSchema;
  let scan: YamlScan;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('dup');
    await db.sql('CREATE TABLE customers (id int, cat text, country text, zip text)');
    await db.insertRows('customers', rows);
    scan = await scanYaml(
      db,
      `
filter customers [late]:
  where: id > 150
checks for customers:
  - duplicate_count(cat) = 0
  - duplicate_count(cat) < 1000:
      name: same metric again
  - duplicate_count(country, zip) = 0
  - duplicate_count(cat) = 0:
      name: NL only
      filter: country = 'NL'
  - duplicate_percent(cat) < 1
checks for customers [late]:
  - duplicate_count(cat) = 0
`,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('duplicate_count counts repeating non-NULL value groups', () => {
    const expected = duplicateGroups(rows, ['cat']);
    expect(expected).toBeGreaterThan(0);
    expect(scan.check('duplicate_count(cat) = 0')).toMatchObject({
      value: expected,
      outcome: 'fail',
      column: 'cat',
    });
    expect(scan.check('same metric again')).toMatchObject({ value: expected, outcome: 'pass' });
  });

  test('multi-column: a row with any NULL column is never a duplicate (Soda: every column IS NOT NULL)', () => {
    const expected = duplicateGroups(rows, ['country', 'zip']);
    // Counting rows with a NULL in one column as values would give more groups: the data makes that visible.
    const nullsAsValues = (() => {
      const counts = new Map<string, number>();
      for (const row of rows) {
        if (row.country === null && row.zip === null) continue;
        const key = JSON.stringify([row.country, row.zip]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts.values()].filter((n) => n > 1).length;
    })();
    expect(nullsAsValues).not.toBe(expected);
    const check = scan.check('duplicate_count(country, zip) = 0');
    expect(check.value).toBe(expected);
    expect(check.column).toBeUndefined();
  });

  test('the check filter and the partition filter narrow the rows', () => {
    expect(scan.check('NL only').value).toBe(
      duplicateGroups(
        rows.filter((r) => r.country === 'NL'),
        ['cat'],
      ),
    );
    const late = scan.result.checks.find((c) => c.check.partition === 'late');
    expect(late?.value).toBe(
      duplicateGroups(
        rows.filter((r) => r.id > 150),
        ['cat'],
      ),
    );
  });

  // sodacl.md §6.6: duplicate_percent is duplicate GROUPS × 100 ÷ ALL rows (Soda's definition, kept for
  // compatibility), not the percentage of rows that are duplicates, which is far higher on this data.
  test('duplicate_percent = duplicate groups × 100 ÷ all rows (§6.6)', () => {
    const groups = duplicateGroups(rows, ['cat']);
    const value = scan.check('duplicate_percent(cat) < 1').value;
    expect(value).toBe(round2((groups * 100) / rows.length));
    const duplicateRows = rows.filter(
      (r) => r.cat !== null && rows.filter((o) => o.cat === r.cat).length > 1,
    ).length;
    expect(round2((duplicateRows * 100) / rows.length)).toBeGreaterThan(value as number);
  });

  test('one duplicates query per partition, one aggregate pass for the row count', () => {
    expect(scan.result.queries.map((q) => q.name).sort()).toEqual([
      'warehouse.customers.aggregation[0]',
      'warehouse.customers.duplicates[0]',
      'warehouse.customers[late].duplicates[0]',
    ]);
    expect(scan.statements).toHaveLength(3);
    const duplicates = scan.statements.find((sql) => /HAVING/.test(sql) && !/id > 150/.test(sql)) as string;
    // Five checks on the whole table, three distinct metrics: cat (shared by two checks and duplicate_percent),
    // (country, zip), and cat with the NL filter → three subqueries in the one query.
    expect(duplicates.match(/HAVING COUNT\(\*\) > 1/g)).toHaveLength(3);
  });
});
