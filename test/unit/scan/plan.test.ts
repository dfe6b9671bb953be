import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import { planQueries } from '../../../src/scan/plan.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { ctx } from './fixtures.js';

function plan(yaml: string) {
  const parsed = parseChecks([{ filePath: 'checks.yml', text: yaml }], { env: {} });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const planned = parsed.checks.map((check) => planCheck(check, ctx));
  const queries = planQueries(
    planned.flatMap((p) => p.computations),
    postgresDialect,
    'sales',
    'pg',
  );
  return { queries, planned };
}

describe('planner', () => {
  it('puts every plain aggregate of a partition in one query, quoted and schema-qualified', () => {
    const { queries } = plan(`
checks for Orders:
  - row_count > 0
  - missing_count(email) = 0
  - avg(amount) > 1
  - max_length("Name") < 10
`);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.sql).toContain('FROM "sales"."orders"');
    expect(queries[0]?.sql).toContain('AVG("amount")');
    expect(queries[0]?.sql).toContain('MAX(LENGTH(("Name")::text))');
    expect(queries[0]?.keys).toHaveLength(4);
  });

  it('never shares a metric between a quoted column and an unquoted one of the same spelling', () => {
    const { queries } = plan(`
checks for orders:
  - sum("Total") > 0
  - sum(Total) > 0
`);
    expect(queries[0]?.keys).toHaveLength(2);
    expect(queries[0]?.sql).toContain('SUM("Total")');
    expect(queries[0]?.sql).toContain('SUM("total")');
  });

  it('gives percentiles a query of their own and each partition its own pass', () => {
    const { queries } = plan(`
filter orders [recent]:
  where: created_at > DATE '2024-01-01'
checks for orders:
  - percentile(amount, 0.5) > 1
  - row_count > 0
checks for orders [recent]:
  - row_count > 0
`);
    // Costliest first: the single-threaded percentile pass starts before the parallel aggregate pass.
    expect(queries.map((q) => q.name)).toEqual([
      'pg.orders.percentiles[0]',
      'pg.orders.aggregation[0]',
      'pg.orders[recent].aggregation[0]',
    ]);
    expect(queries[2]?.sql).toMatch(/WHERE created_at > DATE '2024-01-01'$/);
  });

  it('shares truly identical metrics and keeps apart metrics Soda would confuse', () => {
    const { queries, planned } = plan(`
checks for t:
  - missing_count(a) = 0
  - missing_count(a) < 5
  - missing_percent(a) < 1
  - row_count > 0
  - invalid_count(id) = 2:
      invalid values: [X]
  - invalid_count(id) = 0:
      invalid format: uuid
  - invalid_count(id) = 9:
      invalid regex: ^ID
`);
    // missing_count(a) once, row_count once (shared with missing_percent), three distinct invalid counts.
    expect(queries[0]?.keys).toHaveLength(5);
    const keys = planned.map((p) => p.computations[0]?.key);
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys.slice(4)).size).toBe(3);
  });

  it('applies check filters inside the aggregate, never to other metrics', () => {
    const { queries } = plan(`
checks for t:
  - row_count > 0:
      filter: country = 'NL'
  - row_count > 0
`);
    expect(queries[0]?.sql.split('\n').slice(1, 3)).toEqual([
      "  COUNT(CASE WHEN (country = 'NL') THEN 1 END),",
      '  COUNT(*)',
    ]);
  });

  it('values in value lists are literals, never pasted SQL', () => {
    const { queries } = plan(`
checks for t:
  - invalid_count(c) = 0:
      valid values: ["it's", "x'); DROP TABLE t; --"]
`);
    expect(queries[0]?.sql).toContain(`IN ('it''s', 'x''); DROP TABLE t; --')`);
  });

  it('reports invalid_count without any validity as a check error instead of a silent 0', () => {
    const { planned, queries } = plan(`
checks for t:
  - invalid_count(c) = 0
`);
    expect(planned[0]?.computations).toEqual([]);
    expect(planned[0]?.evaluate(new Map()).outcomeReasons[0]).toMatch(
      /invalid_count needs a validity configuration/,
    );
    expect(queries).toHaveLength(0);
  });
});
