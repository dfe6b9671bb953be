import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import { planQueries } from '../../../src/scan/plan.js';
import type { UserMetricCheck } from '../../../src/sodacl/model.js';
import { ctx } from './fixtures.js';

const userMetric = (over: Partial<UserMetricCheck> = {}): UserMetricCheck => ({
  kind: 'user-metric',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'avg_surface between 1 and 2',
  header: 'checks for t',
  configuration: {},
  dataset: { name: 't', quoted: false },
  metricName: 'avg_surface',
  fail: { gt: 2, lt: 1, union: true },
  ...over,
});
const evaluateWith = (check: UserMetricCheck, value: unknown) => {
  const planned = planCheck(check, ctx);
  return planned.evaluate(new Map([[planned.computations[0]?.key as string, { value }]]));
};

describe('user-defined metrics: expression', () => {
  it('joins the aggregate pass, parenthesised; the key includes the expression text', () => {
    const a = planCheck(userMetric({ expression: 'AVG(size * distance)' }), ctx);
    const same = planCheck(
      userMetric({ expression: 'AVG(size * distance)', source: 'avg_surface > 0' }),
      ctx,
    );
    const other = planCheck(userMetric({ expression: 'AVG(size)' }), ctx);
    expect(a.computations[0]).toMatchObject({ type: 'aggregate', sql: '(AVG(size * distance))' });
    expect(a.computations[0]?.key).toBe(same.computations[0]?.key);
    expect(a.computations[0]?.key).not.toBe(other.computations[0]?.key);
    const queries = planQueries(
      [...a.computations, ...same.computations, ...other.computations],
      postgresDialect,
      'sales',
      'pg',
    );
    expect(queries.map((q) => q.name)).toEqual(['pg.t.aggregation[0]']);
    expect(queries[0]?.keys).toHaveLength(2);
  });

  it('is judged like a metric check and reported under its own name and optional column', () => {
    const check = userMetric({ expression: 'AVG(size)', column: { name: 'size', quoted: false } });
    const evaluation = evaluateWith(check, '1.5');
    expect(evaluation).toMatchObject({ outcome: 'pass', value: 1.5, column: 'size' });
    expect(evaluation.metrics[0]).toMatchObject({
      metricName: 'avg_surface',
      dataset: 't',
      column: 'size',
      value: 1.5,
    });
    expect(evaluateWith(check, 3).outcome).toBe('fail');
    expect(evaluateWith(check, null)).toMatchObject({ outcome: null, value: null });
  });

  it('needs a dataset', () => {
    const planned = planCheck(
      userMetric({ dataset: undefined, header: 'checks', expression: 'COUNT(*)' }),
      ctx,
    );
    expect(planned.computations).toEqual([]);
    expect(planned.evaluate(new Map()).outcomeReasons[0]).toMatch(/needs a dataset/);
  });
});

describe('user-defined metrics: query', () => {
  it('runs the query as written, on its own, also under data-source-level checks', () => {
    const sql = "SELECT count(*) FROM customers WHERE country = 'BE'";
    const planned = planCheck(userMetric({ dataset: undefined, header: 'checks', query: sql }), ctx);
    expect(planned.computations).toEqual([
      expect.objectContaining({ type: 'scalar-query', name: 'pg.user_defined_query[avg_surface]', sql }),
    ]);
  });

  it('the value must be a number or NULL', () => {
    const check = userMetric({ query: 'SELECT 1' });
    expect(evaluateWith(check, 1)).toMatchObject({ outcome: 'pass', value: 1 });
    expect(evaluateWith(check, null)).toMatchObject({ outcome: null, value: null });
    expect(evaluateWith(check, 'hello').outcomeReasons[0]).toMatch(/not a number/);
    expect(evaluateWith(check, 1).metrics[0]).toMatchObject({
      metricName: 'avg_surface',
      variant: 'SELECT 1',
    });
  });

  it('a failed query leaves the check unevaluated', () => {
    const planned = planCheck(userMetric({ query: 'SELECT nope' }), ctx);
    const evaluation = planned.evaluate(
      new Map([[planned.computations[0]?.key as string, { error: 'bad column' }]]),
    );
    expect(evaluation).toMatchObject({ outcome: null, outcomeReasons: ['bad column'] });
  });

  it('a metric with neither expression nor query cannot be planned', () => {
    expect(planCheck(userMetric(), ctx).evaluate(new Map()).outcomeReasons[0]).toMatch(/not a known metric/);
  });
});
