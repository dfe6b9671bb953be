/**
 * Failed-row samples on the real PostgreSQL: off by default with no sample query at all (Soda still runs them,
 * sodacl.md §6.7); when on, limited in SQL, restricted to allowed columns, and always agreeing with the count.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { runScan } from '../../src/scan/run-scan.js';
import { SAMPLES_OFF, type SamplingPolicy } from '../../src/scan/sampling/policy.js';
import { parseChecks } from '../../src/sodacl/parse.js';
import { countingConnector } from '../support/counting-connector.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { engineName, openTestConnector } from '../support/test-engine.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const ON: SamplingPolicy = { enabled: true, defaultLimit: 100, excludeColumns: {} };

describe('failed-row samples', () => {
  let db: TestSchema;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('samples');
    // 30 people: ids 3, 6, … have no email (10 rows); ids 5, 10, … have a category outside the valid list.
    await db.sql(`CREATE TABLE people AS SELECT g AS id,
      CASE WHEN g % 3 = 0 THEN NULL ELSE 'p' || g || '@example.com' END AS email,
      'secret-' || g AS ssn,
      CASE WHEN g % 5 = 0 THEN 'XL' WHEN g % 7 = 0 THEN 'MEDIUMLARGE' ELSE 'S' END AS size
      FROM generate_series(1, 30) g`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function scan(checks: string, sampling: SamplingPolicy) {
    const parsed = parseChecks([{ filePath: 'checks.yml', text: checks }], { env: {} });
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const opened = await openTestConnector(db);
    const connector = countingConnector(opened.connector);
    try {
      const result = await runScan({
        checks: parsed.checks,
        connector,
        schema: opened.schema,
        definitionName: 't',
        sampling,
      });
      return { result, statements: connector.statements };
    } finally {
      await connector.close();
    }
  }

  const missingEmail = 'checks for people:\n  - missing_count(email) = 0\n';

  test('off by default: not one sample query runs, and the result holds no rows', async () => {
    const { result, statements } = await scan(missingEmail, SAMPLES_OFF);
    expect(result.checks[0]?.outcome).toBe('fail');
    expect(statements).toHaveLength(1);
    expect(statements.some((sql) => /LIMIT/.test(sql))).toBe(false);
    expect(result.checks[0]?.samples).toBeUndefined();
  });

  test('on: the LIMIT is in the SQL and the sample holds exactly the counted rows', async () => {
    const { result, statements } = await scan(
      'checks for people:\n  - missing_count(email) = 0:\n      samples limit: 4\n',
      ON,
    );
    const sampleSql = statements.find((sql) => /failed_rows/.test(sql));
    expect(sampleSql).toMatch(/LIMIT 4$/);
    const sample = result.checks[0]?.samples;
    expect(sample).toMatchObject({ totalRowCount: 10, storedRowCount: 4, limit: 4 });
    const emailColumn = sample?.columns.findIndex((c) => c.name === engineName('email')) ?? -1;
    expect(sample?.rows.every((row) => row[emailColumn] === null)).toBe(true);
    expect(result.queries.map((q) => q.name)).toContain('warehouse.people.failed_rows[missing_count]');
  });

  test('the data source limit applies when the check sets none; samples limit 0 runs no query', async () => {
    const limited = await scan(missingEmail, { ...ON, defaultLimit: 2 });
    expect(limited.result.checks[0]?.samples?.storedRowCount).toBe(2);
    const none = await scan(
      'checks for people:\n  - missing_count(email) = 0:\n      samples limit: 0\n',
      ON,
    );
    expect(none.statements).toHaveLength(1);
  });

  test('passing checks are not sampled', async () => {
    const { statements, result } = await scan('checks for people:\n  - missing_count(email) < 100\n', ON);
    expect(result.checks[0]?.outcome).toBe('pass');
    expect(statements).toHaveLength(1);
  });

  test('excluded columns are never selected; samples columns is an allowlist', async () => {
    const excluded = await scan(missingEmail, { ...ON, excludeColumns: { 'peo*': ['SSN'] } });
    const sample = excluded.result.checks[0]?.samples;
    expect(sample?.columns.map((c) => c.name)).toEqual(['id', 'email', 'size'].map(engineName));
    const selecting = excluded.statements.find((sql) => /failed_rows\nLIMIT/.test(sql));
    const columns = ['id', 'email', 'size'].map((name) => `"${engineName(name)}"`).join(', ');
    expect(selecting?.startsWith(`SELECT ${columns} FROM`)).toBe(true);
    expect(JSON.stringify(sample?.rows)).not.toContain('secret-');

    const allowlisted = await scan(
      'checks for people:\n  - missing_count(email) = 0:\n      samples columns: [id]\n',
      ON,
    );
    expect(allowlisted.result.checks[0]?.samples?.columns.map((c) => c.name)).toEqual([engineName('id')]);
  });

  test('invalid_count with valid and invalid keys: sample and count agree (Soda: §6.2)', async () => {
    const { result } = await scan(
      'checks for people:\n  - invalid_count(size) = 0:\n      invalid values: [XL]\n      valid max length: 6\n',
      ON,
    );
    // Invalid: XL (ids 5,10,…,30: 6 rows) or longer than 6 characters (MEDIUMLARGE: ids 7,14,21,28 but 35… → 4 rows).
    const check = result.checks[0];
    expect(check?.value).toBe(10);
    expect(check?.samples?.storedRowCount).toBe(10);
    expect(check?.samples?.totalRowCount).toBe(10);
  });

  test('duplicates, reference, failed rows and user metrics sample the rows they counted', async () => {
    await db.sql("CREATE TABLE IF NOT EXISTS sizes AS SELECT unnest(ARRAY['S']) AS code");
    const { result } = await scan(
      `checks for people:
  - duplicate_count(size) = 0
  - values in (size) must exist in sizes (code)
  - failed rows:
      fail condition: id > 27
  - failed rows:
      fail query: |
        SELECT id FROM people WHERE id <= 2 -- the first two
  - big_ids = 0:
      big_ids query: SELECT COUNT(*) FROM people WHERE id > 28
      failed rows query: SELECT id FROM people WHERE id > 28
`,
      ON,
    );
    const [duplicates, reference, condition, query, user] = result.checks;
    // Every size occurs more than once, so every row belongs to a duplicated group.
    expect(duplicates?.samples?.storedRowCount).toBe(30);
    expect(reference?.value).toBe(10);
    expect(reference?.samples).toMatchObject({ totalRowCount: 10, storedRowCount: 10 });
    expect(condition?.samples).toMatchObject({ totalRowCount: 3, storedRowCount: 3 });
    expect(query?.samples?.rows).toEqual([[1], [2]]);
    expect(user?.samples?.rows).toEqual([[29], [30]]);
  });
});
