/** Row-count comparison on the real PostgreSQL, parsed from SodaCL: it adds no query of its own. */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml, type YamlScan } from '../support/scan-yaml.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('row count comparison on PostgreSQL', () => {
  let db: TestSchema;
  let scan: YamlScan;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('rcc');
    await db.sql('CREATE TABLE orders AS SELECT g AS id FROM generate_series(1, 230) AS g');
    await db.sql('CREATE TABLE orders_copy AS SELECT g AS id FROM generate_series(1, 200) AS g');
    scan = await scanYaml(
      db,
      `
filter orders [first]:
  where: id <= 200
checks for orders:
  - row_count > 0
  - row_count same as orders_copy
checks for orders [first]:
  - row_count same as orders_copy
checks for orders_copy:
  - row_count same as orders [first]
`,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('value = row_count − other row_count; PASS iff 0; diagnostics carry both counts', () => {
    const whole = scan.result.checks.find(
      (c) => c.check.header === 'checks for orders' && c.check.kind !== 'metric',
    );
    expect(whole).toMatchObject({
      value: 30,
      outcome: 'fail',
      diagnostics: { rowCount: 230, otherRowCount: 200 },
    });
    const first = scan.result.checks.find((c) => c.check.header === 'checks for orders [first]');
    expect(first).toMatchObject({ value: 0, outcome: 'pass' });
    expect(scan.check('row_count same as orders [first]')).toMatchObject({ value: 0, outcome: 'pass' });
  });

  test('row counts are shared with other checks: one aggregate pass per partition and nothing else', () => {
    expect(scan.result.queries.map((q) => q.name).sort()).toEqual([
      'warehouse.orders.aggregation[0]',
      'warehouse.orders[first].aggregation[0]',
      'warehouse.orders_copy.aggregation[0]',
    ]);
    expect(scan.statements).toHaveLength(3);
  });
});
