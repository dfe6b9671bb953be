import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import { planQueries } from '../../../src/scan/plan.js';
import type { MetricCheck, RowCountComparisonCheck } from '../../../src/sodacl/model.js';
import { ctx } from './fixtures.js';

const comparison = (over: Partial<RowCountComparisonCheck> = {}): RowCountComparisonCheck => ({
  kind: 'row-count-comparison',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'row_count same as other',
  header: 'checks for t',
  configuration: {},
  dataset: { name: 't', quoted: false },
  otherDataset: { name: 'other', quoted: false },
  ...over,
});
const rowCountCheck: MetricCheck = {
  kind: 'metric',
  location: { filePath: 'c.yml', line: 3, col: 5 },
  source: 'row_count > 0',
  header: 'checks for t',
  configuration: {},
  dataset: { name: 't', quoted: false },
  metric: { name: 'row_count', args: [] },
  fail: { lte: 0, union: false },
};

describe('row count comparison', () => {
  it('shares the row counts of both partitions with other checks: no query of its own', () => {
    const planned = planCheck(comparison({ otherPartition: 'recent', otherPartitionFilter: 'd > 1' }), ctx);
    const queries = planQueries(
      [...planned.computations, ...planCheck(rowCountCheck, ctx).computations],
      postgresDialect,
      'sales',
      'pg',
    );
    expect(queries.map((q) => q.name)).toEqual(['pg.t.aggregation[0]', 'pg.other[recent].aggregation[0]']);
    expect(queries[0]?.keys).toHaveLength(1);
    expect(queries[1]?.sql).toBe('SELECT\n  COUNT(*)\nFROM "sales"."other"\nWHERE d > 1');
  });

  it('value = row_count − other row_count; PASS iff 0; diagnostics carry both counts', () => {
    const planned = planCheck(comparison(), ctx);
    const [mine, theirs] = planned.computations.map((c) => c.key) as [string, string];
    const run = (a: unknown, b: unknown) =>
      planned.evaluate(
        new Map([
          [mine, { value: a }],
          [theirs, { value: b }],
        ]),
      );
    expect(run('10', '10')).toMatchObject({
      outcome: 'pass',
      value: 0,
      diagnostics: { rowCount: 10, otherRowCount: 10 },
    });
    const failed = run(7, 10);
    expect(failed).toMatchObject({
      outcome: 'fail',
      value: -3,
      diagnostics: { rowCount: 7, otherRowCount: 10 },
    });
    expect(failed.metrics).toEqual([
      { metricName: 'row_count', dataset: 't', partition: undefined, value: 7 },
      { metricName: 'row_count', dataset: 'other', partition: undefined, value: 10 },
    ]);
  });

  it('an error of either count leaves it unevaluated', () => {
    const planned = planCheck(comparison(), ctx);
    const [mine, theirs] = planned.computations.map((c) => c.key) as [string, string];
    const evaluation = planned.evaluate(
      new Map([
        [mine, { value: 1 }],
        [theirs, { error: 'relation "other" does not exist' }],
      ]),
    );
    expect(evaluation).toMatchObject({ outcome: null, outcomeReasons: ['relation "other" does not exist'] });
  });
});
