/**
 * `checks for other_schema.table` names its own schema, as in Soda: the data source's schema is not put in front
 * of it (Gatehouse read it as one table named "other_schema.table", which never exists). A quoted name with a dot
 * stays one table name.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml } from '../support/scan-yaml.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('dataset names with a schema', () => {
  let home: TestSchema;
  let other: TestSchema;

  beforeAll(async () => {
    if (!available) return;
    home = await createTestSchema('qualhome');
    other = await createTestSchema('qualother');
    await home.sql('CREATE TABLE orders (id int, customer_id int)');
    await home.sql('INSERT INTO orders VALUES (1, 1), (2, 9)');
    await home.sql('CREATE TABLE "odd.name" (id int)');
    await home.sql('INSERT INTO "odd.name" VALUES (1)');
    await other.sql('CREATE TABLE customers (id int, name text)');
    await other.sql("INSERT INTO customers VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  });

  afterAll(async () => {
    await home?.drop();
    await other?.drop();
  });

  test('metrics, schema checks and references read the named schema', async () => {
    const scan = await scanYaml(
      home,
      [
        `checks for ${other.schema}.customers:`,
        '  - row_count = 3',
        '  - schema:',
        '      fail:',
        '        when required column missing: [id, name]',
        'checks for orders:',
        `  - values in (customer_id) must exist in ${other.schema}.customers (id)`,
        'checks for "odd.name":',
        '  - row_count = 1',
        '',
      ].join('\n'),
    );
    const outcome = (name: string) => [scan.check(name).outcome, scan.check(name).value];
    expect(outcome('row_count = 3')).toEqual(['pass', 3]);
    expect(outcome('Schema Check')).toEqual(['pass', 0]);
    expect(outcome(`values in (customer_id) must exist in ${other.schema}.customers (id)`)).toEqual([
      'fail',
      1,
    ]);
    expect(outcome('row_count = 1')).toEqual(['pass', 1]);
    expect(scan.statements.join('\n')).toContain(`FROM "${other.schema}"."customers"`);
  });
});
