/**
 * User-defined metrics on the real PostgreSQL, parsed from SodaCL: expressions join the aggregate pass,
 * queries run on their own, as written.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml, type YamlScan } from '../support/scan-yaml.js';

interface Row {
  id: number;
  size: number;
  distance: number;
  country: string;
}
const rows: Row[] = Array.from({ length: 120 }, (_, i) => ({
  id: i + 1,
  size: (i * 7) % 10,
  distance: (i * 3) % 50,
  country: ['NL', 'BE', 'FR', 'DE'][i % 4] as string,
}));
const avgSurface = rows.reduce((s, r) => s + r.size * r.distance, 0) / rows.length;
const belgians = rows.filter((r) => r.country === 'BE').length;

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('user-defined metrics on PostgreSQL', () => {
  let db: TestSchema;
  let scan: YamlScan;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('umetric');
    await db.sql('CREATE TABLE customers (id int, size int, distance int, country text)');
    await db.insertRows('customers', rows);
    scan = await scanYaml(
      db,
      `
checks for customers:
  - row_count > 0
  - avg_surface between ${Math.floor(avgSurface)} and ${Math.ceil(avgSurface)}:
      avg_surface expression: AVG(size * distance)
  - ones(size) = ${rows.length}:
      ones expression: SUM(CASE WHEN size >= 0 THEN 1 ELSE 0 END)
  - nothing < 1:
      nothing query: SELECT NULL::int
  - words > 0:
      words query: SELECT 'abc'
checks:
  - belgium_customers = ${belgians}:
      belgium_customers query: |
        SELECT count(*) AS belgium_customers FROM customers WHERE country = 'BE'
`,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('an expression is computed in the aggregate pass and judged by its thresholds', () => {
    const check = scan.check(`avg_surface between ${Math.floor(avgSurface)} and ${Math.ceil(avgSurface)}`);
    expect(check.value).toBeCloseTo(avgSurface, 9);
    expect(check.outcome).toBe('pass');
    expect(scan.check(`ones(size) = ${rows.length}`)).toMatchObject({ value: rows.length, column: 'size' });
    const aggregates = scan.statements.filter((sql) => sql.includes('AVG(size * distance)'));
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]).toContain('COUNT(*)');
  });

  test('a query metric is the first column of the first row, also under data-source-level checks', () => {
    expect(scan.check(`belgium_customers = ${belgians}`)).toMatchObject({ value: belgians, outcome: 'pass' });
    expect(scan.result.metrics.find((m) => m.metricName === 'belgium_customers')?.value).toBe(belgians);
  });

  test('NULL is not evaluated; a non-number is an error', () => {
    expect(scan.check('nothing < 1')).toMatchObject({ value: null, outcome: null });
    const words = scan.check('words > 0');
    expect(words.outcome).toBeNull();
    expect(words.outcomeReasons[0]).toMatch(/not a number/);
  });

  test('one aggregate pass plus one query per query metric', () => {
    expect(scan.statements).toHaveLength(4);
  });
});
