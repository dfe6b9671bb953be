/** `for each dataset` on the real PostgreSQL: one listing query, checks instantiated per selected table. */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { runScan } from '../../src/scan/run-scan.js';
import { parseChecks } from '../../src/sodacl/parse.js';
import { countingConnector } from '../support/counting-connector.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { engineName, openTestConnector } from '../support/test-engine.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('for each dataset', () => {
  let db: TestSchema;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('foreach');
    await db.sql('CREATE TABLE raw_orders AS SELECT g AS id FROM generate_series(1, 3) g');
    await db.sql('CREATE TABLE raw_backup AS SELECT g AS id FROM generate_series(1, 4) g');
    await db.sql('CREATE TABLE customers AS SELECT g AS id FROM generate_series(1, 5) g');
    await db.sql('CREATE TABLE "Audit" AS SELECT NULL::int AS id');
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('selects by names and patterns, instantiates the checks per table with ${ALIAS}', async () => {
    const text = `
for each dataset T:
  datasets:
    - include raw_%
    - customers
    - Audit
    - exclude %backup
  checks:
    - row_count > 0:
        name: \${T} has rows
`;
    const parsed = parseChecks([{ filePath: 'each.yml', text }], { env: {} });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.checks).toEqual([]);
    const opened = await openTestConnector(db);
    const connector = countingConnector(opened.connector);
    try {
      const result = await runScan({
        checks: parsed.checks,
        forEach: { templates: parsed.forEach, parseOptions: { env: {} } },
        connector,
        schema: opened.schema,
        definitionName: 'each',
      });
      const byName = Object.fromEntries(result.checks.map((c) => [c.displayName, [c.value, c.outcome]]));
      // ${T} is the table's name as the database lists it (upper case on Snowflake for unquoted names).
      expect(byName).toEqual({
        'Audit has rows': [1, 'pass'],
        [`${engineName('customers')} has rows`]: [5, 'pass'],
        [`${engineName('raw_orders')} has rows`]: [3, 'pass'],
      });
      expect(result.checks.map((c) => c.check.header).sort()).toEqual(
        [
          'checks for T being Audit',
          `checks for T being ${engineName('customers')}`,
          `checks for T being ${engineName('raw_orders')}`,
        ].sort(),
      );
      // One listing query, then one aggregate pass per table.
      expect(connector.statements).toHaveLength(4);
      expect(result.queries[0]?.name).toBe('warehouse.tables');
    } finally {
      await connector.close();
    }
  });
});
