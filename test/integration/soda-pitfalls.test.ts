/**
 * Soda Core's pitfalls (reference/sodacl.md §6), each shown the way Gatehouse behaves instead, on the real
 * PostgreSQL. Several are also covered where their feature is tested; this file keeps the whole list in one place.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parseChecks } from '../../src/sodacl/parse.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml } from '../support/scan-yaml.js';
import { engineName } from '../support/test-engine.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');
const SAMPLES_ON = { enabled: true, defaultLimit: 2, excludeColumns: {} };

const errorsOf = (text: string) =>
  parseChecks([{ filePath: 'checks.yml', text }], { env: {} }).diagnostics.filter(
    (d) => d.severity === 'error',
  );

describe("Soda Core's pitfalls, fixed", () => {
  let db: TestSchema;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('pitfalls');
    // ids ID1…ID9 and a NULL; cat: 3 × HIGH, 2 × MEDIUM, 1 × LOW, 1 × VERYHIGH, 3 NULLs.
    await db.sql(`CREATE TABLE items (id text, cat text, size int)`);
    await db.sql(`INSERT INTO items VALUES
      ('ID1','HIGH',1),('ID2','HIGH',2),('ID3','HIGH',3),('ID4','MEDIUM',4),('ID5','MEDIUM',5),
      ('ID6','LOW',6),('ID7','VERYHIGH',7),('ID8',NULL,8),('ID9',NULL,9),(NULL,NULL,10)`);
    await db.sql(`CREATE TABLE refs (item_id text)`);
    await db.sql(`INSERT INTO refs VALUES ('ID1'), ('ID2'), ('NOPE'), (NULL)`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('§6.1 different invalid_count configurations and reference directions never share a value', async () => {
    const scan = await scanYaml(
      db,
      `checks for items:
  - invalid_count(id) >= 0:
      name: invalid values
      invalid values: [ID1, ID2]
  - invalid_count(id) >= 0:
      name: invalid format
      invalid format: uuid
  - invalid_count(id) >= 0:
      name: invalid regex
      invalid regex: ^ID[1-3]$
checks for refs:
  - values in (item_id) must exist in items (id)
  - values in (item_id) must not exist in items (id)
`,
    );
    expect(scan.check('invalid values').value).toBe(2);
    // `invalid format`: values matching the format are invalid; no id is a UUID.
    expect(scan.check('invalid format').value).toBe(0);
    expect(scan.check('invalid regex').value).toBe(3);
    expect(scan.check('values in (item_id) must exist in items (id)').value).toBe(1);
    expect(scan.check('values in (item_id) must not exist in items (id)').value).toBe(2);
  });

  test('§6.2 with valid and invalid keys, the sample holds exactly the rows the count counted', async () => {
    const scan = await scanYaml(
      db,
      `checks for items:
  - invalid_count(cat) = 0:
      invalid values: [LOW]
      valid max length: 6
      samples limit: 10
`,
      { sampling: SAMPLES_ON },
    );
    const check = scan.result.checks[0];
    // LOW (invalid value) and VERYHIGH (too long): Soda's sample query found 0 rows for a count of 1 or 2.
    expect(check?.value).toBe(2);
    expect(check?.samples?.storedRowCount).toBe(2);
  });

  test('§6.3 include null widens invalid_count only; valid_count never counts NULLs', async () => {
    const scan = await scanYaml(
      db,
      `checks for items:
  - valid_count(cat) >= 0:
      name: valid
      valid values: [HIGH, MEDIUM, LOW]
      include null: true
  - invalid_count(cat) >= 0:
      name: invalid
      valid values: [HIGH, MEDIUM, LOW]
      include null: true
`,
    );
    expect(scan.check('valid').value).toBe(6);
    expect(scan.check('invalid').value).toBe(4);
  });

  test('§6.4 freshness thresholds Soda ignores are errors', () => {
    const errors = errorsOf('checks for items:\n  - freshness(ts):\n      warn: when < 23h\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.location).toMatchObject({ line: 3 });
  });

  test('§6.5 invalid_count without any validity configuration is not evaluated, never a silent 0', async () => {
    const scan = await scanYaml(db, 'checks for items:\n  - invalid_count(cat) = 0\n');
    expect(scan.result.checks[0]?.outcome).toBeNull();
    expect(scan.result.hasErrors).toBe(true);
  });

  test('§6.6 duplicate_percent keeps Soda’s definition: duplicate groups × 100 ÷ rows', async () => {
    const scan = await scanYaml(db, 'checks for items:\n  - duplicate_percent(cat) < 100\n');
    // Two duplicated groups (HIGH, MEDIUM) over 10 rows.
    expect(scan.result.checks[0]?.value).toBe(20);
  });

  test('§6.7 with samples off, no sample query runs at all', async () => {
    const scan = await scanYaml(
      db,
      'checks for items:\n  - missing_count(cat) = 0\n  - duplicate_count(cat) = 0\n',
    );
    expect(scan.result.checks.map((c) => c.outcome)).toEqual(['fail', 'fail']);
    expect(scan.statements).toHaveLength(2);
    expect(scan.statements.join('\n')).not.toMatch(/LIMIT/);
  });

  test('§6.8 fail condition samples obey the data source limit, in SQL', async () => {
    const scan = await scanYaml(db, 'checks for items:\n  - failed rows:\n      fail condition: size > 5\n', {
      sampling: SAMPLES_ON,
    });
    expect(scan.result.checks[0]?.value).toBe(5);
    expect(scan.result.checks[0]?.samples?.storedRowCount).toBe(2);
    expect(scan.statements.at(-1)).toMatch(/LIMIT 2$/);
  });

  test('§6.9 a line threshold with warn/fail keys is an error, not a silent override', () => {
    const errors = errorsOf('checks for items:\n  - row_count > 0:\n      warn: when < 5\n');
    expect(errors).toHaveLength(1);
  });

  test('§6.10 samples columns is honoured as an allowlist', async () => {
    const scan = await scanYaml(
      db,
      'checks for items:\n  - missing_count(cat) = 0:\n      samples columns: [id]\n',
      { sampling: SAMPLES_ON },
    );
    expect(scan.result.checks[0]?.samples?.columns.map((c) => c.name)).toEqual([engineName('id')]);
  });
});
