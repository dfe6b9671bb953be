import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import type { Computed } from '../../../src/scan/computation.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import { planQueries } from '../../../src/scan/plan.js';
import type { DuplicateCheck } from '../../../src/sodacl/model.js';
import { ctx, id } from './fixtures.js';

const duplicate = (over: Partial<DuplicateCheck> = {}): DuplicateCheck => ({
  kind: 'duplicate',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'duplicate_count(a) = 0',
  header: 'checks for t',
  configuration: {},
  dataset: id('t'),
  metric: 'duplicate_count',
  columns: [id('a')],
  fail: { gt: 0, lt: 0, union: true },
  ...over,
});

const values = (entries: Array<[string, Computed]>) => new Map(entries);

describe('duplicate_count', () => {
  it('counts groups of non-NULL combinations seen more than once, every column non-NULL (as Soda)', () => {
    const planned = planCheck(duplicate({ columns: [id('a'), id('B', true)] }), ctx);
    expect(planned.computations).toHaveLength(1);
    const [computed] = planned.computations;
    expect(computed?.type).toBe('grouped');
    expect(computed && 'sql' in computed ? computed.sql : '').toBe(
      'SELECT COUNT(*) FROM (SELECT 1 FROM "sales"."t" WHERE "a" IS NOT NULL AND "B" IS NOT NULL GROUP BY "a", "B" HAVING COUNT(*) > 1) AS d',
    );
  });

  it('puts the partition filter and the check filter into the WHERE, each parenthesised', () => {
    const planned = planCheck(
      duplicate({ partition: 'recent', partitionFilter: 'x > 1 OR y', filter: "country = 'NL'" }),
      ctx,
    );
    const sql = (planned.computations[0] as { sql: string }).sql;
    expect(sql).toContain(`WHERE "a" IS NOT NULL AND (x > 1 OR y) AND (country = 'NL') GROUP BY "a"`);
  });

  it('one query per partition holds every duplicate metric; identical metrics share one subquery', () => {
    const checks = [
      duplicate(),
      duplicate({ source: 'duplicate_count(a) < 5', fail: { gte: 5, union: false } }),
      duplicate({ columns: [id('A')] }), // folds to the same column as `a`
      duplicate({ columns: [id('b')] }),
      duplicate({ columns: [id('a'), id('b')] }),
      duplicate({ columns: [id('b'), id('a')] }), // column order is part of the identity
      duplicate({ columns: [id('a')], filter: 'x = 1' }),
    ];
    const planned = checks.map((check) => planCheck(check, ctx));
    const keys = planned.map((p) => p.computations[0]?.key);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).toBe(keys[2]);
    expect(new Set(keys).size).toBe(5);
    const queries = planQueries(
      planned.flatMap((p) => p.computations),
      postgresDialect,
      'sales',
      'pg',
    );
    expect(queries.map((q) => q.name)).toEqual(['pg.t.duplicates[0]']);
    expect(queries[0]?.keys).toHaveLength(5);
  });

  it('judges the count with the thresholds and reports the metric with its column', () => {
    const planned = planCheck(duplicate(), ctx);
    const key = planned.computations[0]?.key as string;
    const failed = planned.evaluate(values([[key, { value: '2' }]]));
    expect(failed).toMatchObject({ outcome: 'fail', value: 2, column: 'a' });
    expect(failed.metrics).toEqual([
      {
        metricName: 'duplicate_count',
        dataset: 't',
        partition: undefined,
        column: 'a',
        variant: undefined,
        value: 2,
      },
    ]);
    expect(planned.evaluate(values([[key, { value: 0 }]])).outcome).toBe('pass');
  });

  it('a multi-column metric names no column (as Soda) and carries its columns in its identity', () => {
    const planned = planCheck(duplicate({ columns: [id('a'), id('b')] }), ctx);
    const key = planned.computations[0]?.key as string;
    const evaluation = planned.evaluate(values([[key, { value: 1 }]]));
    expect(evaluation.column).toBeUndefined();
    expect(evaluation.metrics[0]?.variant).toContain('"columns":["a","b"]');
  });

  it('a query error leaves the check unevaluated with the reason', () => {
    const planned = planCheck(duplicate(), ctx);
    const key = planned.computations[0]?.key as string;
    const evaluation = planned.evaluate(values([[key, { error: 'relation "t" does not exist' }]]));
    expect(evaluation.outcome).toBeNull();
    expect(evaluation.outcomeReasons).toEqual(['relation "t" does not exist']);
  });
});

describe('duplicate_percent', () => {
  const percent = (over: Partial<DuplicateCheck> = {}) =>
    duplicate({
      metric: 'duplicate_percent',
      source: 'duplicate_percent(a) < 10',
      fail: { gte: 10, union: false },
      ...over,
    });

  it('shares the row_count aggregate with the same filter', () => {
    const planned = planCheck(percent({ filter: "c = 'NL'" }), ctx);
    const [, rows] = planned.computations;
    expect(rows).toMatchObject({ type: 'aggregate', sql: "COUNT(CASE WHEN (c = 'NL') THEN 1 END)" });
    const rowCountCheck = planCheck(
      {
        kind: 'metric',
        location: { filePath: 'c.yml', line: 3, col: 5 },
        source: 'row_count > 0',
        header: 'checks for t',
        configuration: {},
        dataset: id('t'),
        metric: { name: 'row_count', args: [] },
        filter: "c = 'NL'",
      },
      ctx,
    );
    expect(rowCountCheck.computations[0]?.key).toBe(rows?.key);
  });

  // sodacl.md §6.6: Soda's duplicate_percent is duplicate GROUPS × 100 ÷ ALL rows, not the share of duplicate
  // rows. Kept for compatibility: rows a, a, a, b → 1 group ÷ 4 rows = 25%, though 3 of the 4 rows repeat a value.
  it('is duplicate groups × 100 ÷ all rows, rounded to 2 decimals, 0 without rows (§6.6)', () => {
    const planned = planCheck(percent(), ctx);
    const [groups, rows] = planned.computations.map((c) => c.key) as [string, string];
    const evaluate = (g: number, r: number) =>
      planned.evaluate(
        values([
          [groups, { value: g }],
          [rows, { value: r }],
        ]),
      );
    expect(evaluate(1, 4)).toMatchObject({ value: 25, outcome: 'fail' });
    expect(evaluate(1, 3).value).toBe(33.33);
    expect(evaluate(0, 0)).toMatchObject({ value: 0, outcome: 'pass' });
    expect(evaluate(1, 4).metrics[0]).toMatchObject({ metricName: 'duplicate_percent', value: 25 });
  });

  it('reports an error of either computation', () => {
    const planned = planCheck(percent(), ctx);
    const [groups, rows] = planned.computations.map((c) => c.key) as [string, string];
    const evaluation = planned.evaluate(
      values([
        [groups, { value: 1 }],
        [rows, { error: 'timeout' }],
      ]),
    );
    expect(evaluation).toMatchObject({ outcome: null, outcomeReasons: ['timeout'] });
  });
});
