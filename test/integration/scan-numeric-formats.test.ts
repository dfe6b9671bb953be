/**
 * Numeric text formats (`valid format: decimal`, `decimal comma`, `percentage`, …) make statistics and
 * `valid min`/`valid max` read the text as a number. The decimal separator is the format's: `1,5` under
 * `decimal` is one and a half, and `1.234,5` under `decimal comma` is 1234.5 — not 15 and 1.2345.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml, type YamlScan } from '../support/scan-yaml.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('numbers written as text', () => {
  let db: TestSchema;
  let scan: YamlScan;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('numfmt');
    await db.sql('CREATE TABLE t (plain text, eu text, us text, pct text, money text)');
    await db.sql(`INSERT INTO t VALUES
      ('1,5', '1234,5', '1234.5', '12,5 %', '1.234,50 EUR'),
      ('2.5', '0,5', '0.5', '7.5%', '0,25 EUR'),
      ('-1', '-2', '-2', 'n/a', '-1 EUR')`);
    scan = await scanYaml(
      db,
      [
        'checks for t:',
        '  - sum(plain) = 3:',
        '      valid format: decimal',
        '  - sum(eu) = 1233:',
        '      valid format: decimal comma',
        '  - sum(us) = 1233:',
        '      valid format: decimal point',
        '  - sum(money) = 1233.75:',
        '      valid format: money comma',
        '  - max(pct) = 12.5:',
        '      valid format: percentage',
        '  - invalid_count(eu) = 1:',
        '      valid format: decimal comma',
        '      valid min: 0',
        '      valid max: 1',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  test.each([
    ['sum(plain) = 3', 3],
    ['sum(eu) = 1233', 1233],
    ['sum(us) = 1233', 1233],
    ['sum(money) = 1233.75', 1233.75],
    ['max(pct) = 12.5', 12.5],
    // 1234,5 is above the valid max and -2 below the min; 0,5 is within (read as 5 it was not).
    ['invalid_count(eu) = 1', 2],
  ])('%s → %s', (name, value) => {
    expect(scan.check(name).value).toBe(value);
  });
});
