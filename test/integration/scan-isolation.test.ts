/**
 * One broken metric in a partition's shared pass (a misspelt or wrongly-quoted column) leaves only its own checks
 * unevaluated: the failed pass is probed column by column without reading rows, and run again without the
 * broken columns. Soda Core loses every check of the pass.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml } from '../support/scan-yaml.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('a broken metric in a shared pass', () => {
  let db: TestSchema;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('isolation');
    await db.sql('CREATE TABLE t (id int, "Total" int, code text)');
    await db.sql("INSERT INTO t VALUES (1, 1, '1'), (2, 2, '2'), (2, 3, 'x')");
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('fails only its own checks; the others get their values from a second pass', async () => {
    const scan = await scanYaml(
      db,
      [
        'checks for t:',
        '  - row_count = 3',
        '  - sum("Total") = 6',
        '  - sum(Total) = 6', // unquoted: folds to total, which does not exist
        '  - missing_count(cdoe) = 0',
        '  - max_length(code) = 1',
        '  - duplicate_count(id) = 1',
        '  - duplicate_count(idd) = 0',
        '',
      ].join('\n'),
    );
    const outcome = (name: string) => {
      const check = scan.check(name);
      return [check.outcome, check.value ?? null, check.outcomeReasons.join(' ')];
    };
    expect(outcome('row_count = 3')).toEqual(['pass', 3, '']);
    expect(outcome('sum("Total") = 6')).toEqual(['pass', 6, '']);
    expect(outcome('max_length(code) = 1')).toEqual(['pass', 1, '']);
    expect(outcome('duplicate_count(id) = 1')).toEqual(['pass', 1, '']);
    expect(outcome('sum(Total) = 6')).toEqual([
      null,
      null,
      expect.stringMatching(/column "total" does not exist/),
    ]);
    expect(outcome('missing_count(cdoe) = 0')).toEqual([null, null, expect.stringMatching(/"cdoe"/)]);
    expect(outcome('duplicate_count(idd) = 0')).toEqual([null, null, expect.stringMatching(/"idd"/)]);
    const names = scan.result.queries.map((q) => [q.name, q.error === undefined]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['warehouse.t.aggregation[0]', false],
        ['warehouse.t.aggregation[0].rerun', true],
        ['warehouse.t.duplicates[0]', false],
        ['warehouse.t.duplicates[0].rerun', true],
      ]),
    );
    // Probes read no rows: the table once, then one per column of each failed pass.
    const probes = scan.result.queries.filter((q) => q.name.includes('.probe['));
    expect(probes).toHaveLength(1 + 5 + 1 + 2);
    for (const probe of probes) expect(probe.sql).toMatch(/1 = 0$/);
  });

  test('an error only the data raises fails the whole pass once, with no second pass', async () => {
    const scan = await scanYaml(
      db,
      [
        'checks for t:',
        '  - row_count = 3',
        '  - as_number > 0:',
        '      as_number expression: SUM(CAST(code AS int))',
        '',
      ].join('\n'),
    );
    for (const name of ['row_count = 3', 'as_number > 0']) {
      expect(scan.check(name).outcome).toBeNull();
      expect(scan.check(name).outcomeReasons.join(' ')).toMatch(/invalid input syntax/);
    }
    expect(scan.result.queries.map((q) => q.name)).toEqual([
      'warehouse.t.aggregation[0]',
      'warehouse.t.aggregation[0].probe[table]',
      'warehouse.t.aggregation[0].probe[0]',
      'warehouse.t.aggregation[0].probe[1]',
    ]);
  });

  test('a broken partition filter fails every check of the partition after one probe, not one per column', async () => {
    const scan = await scanYaml(
      db,
      [
        'filter t [bad]:',
        '  where: nope > 1',
        'checks for t [bad]:',
        '  - row_count = 3',
        '  - max(id) = 2',
        '',
      ].join('\n'),
    );
    for (const name of ['row_count = 3', 'max(id) = 2']) {
      expect(scan.check(name).outcomeReasons.join(' ')).toMatch(/column "nope" does not exist/);
    }
    expect(scan.result.queries.map((q) => q.name)).toEqual([
      'warehouse.t[bad].aggregation[0]',
      'warehouse.t[bad].aggregation[0].probe[table]',
    ]);
  });
});
