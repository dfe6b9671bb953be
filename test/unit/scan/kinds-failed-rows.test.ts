import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import type { Computed } from '../../../src/scan/computation.js';
import { countQuerySql } from '../../../src/scan/kinds/failed-rows.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import { planQueries } from '../../../src/scan/plan.js';
import type { FailedRowsCheck } from '../../../src/sodacl/model.js';
import { ctx } from './fixtures.js';

const failedRows = (over: Partial<FailedRowsCheck> = {}): FailedRowsCheck => ({
  kind: 'failed-rows',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'failed rows',
  header: 'checks for t',
  configuration: {},
  dataset: { name: 't', quoted: false },
  ...over,
});
const values = (entries: Array<[string, Computed]>) => new Map(entries);
const evaluateWith = (check: FailedRowsCheck, computed: Computed) => {
  const planned = planCheck(check, ctx);
  return planned.evaluate(values([[planned.computations[0]?.key as string, computed]]));
};

describe('failed rows: fail condition', () => {
  it('is a filtered row_count in the aggregate pass, shared with the same row_count filter', () => {
    const planned = planCheck(failedRows({ failCondition: 'size < 0' }), ctx);
    expect(planned.computations).toEqual([
      expect.objectContaining({ type: 'aggregate', sql: 'COUNT(CASE WHEN (size < 0) THEN 1 END)' }),
    ]);
    const rowCount = planCheck(
      {
        kind: 'metric',
        location: { filePath: 'c.yml', line: 5, col: 5 },
        source: 'row_count = 0',
        header: 'checks for t',
        configuration: {},
        dataset: { name: 't', quoted: false },
        metric: { name: 'row_count', args: [] },
        filter: 'size < 0',
      },
      ctx,
    );
    const queries = planQueries(
      [
        ...planned.computations,
        ...rowCount.computations,
        ...planCheck(failedRows({ failCondition: 'x' }), ctx).computations,
      ],
      postgresDialect,
      'sales',
      'pg',
    );
    expect(queries).toHaveLength(1);
    expect(queries[0]?.keys).toHaveLength(2);
  });

  it('reports the filtered row_count metric, as Soda does', () => {
    const evaluation = evaluateWith(failedRows({ failCondition: 'size < 0' }), { value: '3' });
    expect(evaluation).toMatchObject({ outcome: 'fail', value: 3, failedRowCount: 3 });
    expect(evaluation.metrics[0]).toMatchObject({ metricName: 'row_count', dataset: 't' });
    expect(evaluation.metrics[0]?.variant).toContain('size < 0');
  });

  it('needs a dataset', () => {
    const planned = planCheck(failedRows({ dataset: undefined, header: 'checks', failCondition: 'x' }), ctx);
    expect(planned.computations).toEqual([]);
    expect(planned.evaluate(new Map()).outcomeReasons[0]).toMatch(/needs a dataset/);
  });
});

describe('failed rows: fail query', () => {
  it('counts in SQL, never fetching the rows; trailing semicolons and comments cannot break the wrapper', () => {
    expect(countQuerySql('SELECT * FROM t WHERE x < 0 -- negatives\n;  \n')).toBe(
      'SELECT COUNT(*) FROM (\nSELECT * FROM t WHERE x < 0 -- negatives\n) AS failed_rows',
    );
    const planned = planCheck(
      failedRows({ dataset: undefined, header: 'checks', failQuery: 'SELECT 1' }),
      ctx,
    );
    expect(planned.computations).toEqual([
      expect.objectContaining({
        type: 'scalar-query',
        name: 'pg.failed_rows[failed rows]',
        sql: 'SELECT COUNT(*) FROM (\nSELECT 1\n) AS failed_rows',
      }),
    ]);
  });

  it('under a dataset, names the query after the dataset and partition and the check name', () => {
    const planned = planCheck(
      failedRows({ name: 'Negative sizes', partition: 'p', partitionFilter: 'y', failQuery: 'SELECT 1' }),
      ctx,
    );
    expect(planned.computations[0]).toMatchObject({
      name: 'pg.t[p].failed_rows[Negative sizes]',
      dataset: 't',
    });
  });

  it('reports Soda\'s "failed rows" metric, identified by the query', () => {
    const evaluation = evaluateWith(failedRows({ failQuery: 'SELECT 1' }), { value: 0 });
    expect(evaluation.metrics).toEqual([
      { metricName: 'failed rows', dataset: 't', partition: undefined, variant: 'SELECT 1', value: 0 },
    ]);
  });
});

describe('failed rows outcome', () => {
  it('without zones: FAIL iff count > 0 (Soda rule)', () => {
    expect(evaluateWith(failedRows({ failQuery: 'q' }), { value: 0 })).toMatchObject({
      outcome: 'pass',
      value: 0,
    });
    expect(evaluateWith(failedRows({ failQuery: 'q' }), { value: 1 })).toMatchObject({
      outcome: 'fail',
      value: 1,
    });
  });

  it('with zones: judged on the count, fail before warn', () => {
    const zoned = failedRows({
      failCondition: 'x',
      warn: { gte: 3, lte: 3, union: false },
      fail: { gt: 5, union: false },
    });
    expect(evaluateWith(zoned, { value: 3 }).outcome).toBe('warn');
    expect(evaluateWith(zoned, { value: 4 }).outcome).toBe('pass');
    expect(evaluateWith(zoned, { value: 6 }).outcome).toBe('fail');
  });

  it('a query error or a non-number leaves it unevaluated', () => {
    expect(evaluateWith(failedRows({ failQuery: 'q' }), { error: 'syntax error' })).toMatchObject({
      outcome: null,
      outcomeReasons: ['syntax error'],
    });
    expect(evaluateWith(failedRows({ failQuery: 'q' }), { value: 'abc' }).outcomeReasons[0]).toMatch(
      /not a number/,
    );
  });
});
