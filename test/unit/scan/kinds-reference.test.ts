import { describe, expect, it } from 'vitest';
import { planCheck } from '../../../src/scan/kinds/index.js';
import type { ReferenceCheck } from '../../../src/sodacl/model.js';
import { ctx, id } from './fixtures.js';

const reference = (over: Partial<ReferenceCheck> = {}): ReferenceCheck => ({
  kind: 'reference',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'values in (country, zip) must exist in customers (country, zip)',
  header: 'checks for orders',
  configuration: {},
  dataset: id('orders'),
  columns: [id('country'), id('Zip', true)],
  otherDataset: id('Customers'),
  otherColumns: [id('country'), id('zip')],
  mustExist: true,
  ...over,
});
const sqlOf = (check: ReferenceCheck) => (planCheck(check, ctx).computations[0] as { sql: string }).sql;

describe('reference checks', () => {
  it("counts rows where any non-NULL source value has no match (Soda's semantics), identifiers quoted", () => {
    expect(sqlOf(reference())).toBe(
      [
        'SELECT COUNT(*)',
        'FROM "sales"."orders" AS SOURCE',
        'LEFT JOIN "sales"."customers" AS TARGET ON SOURCE."country" = TARGET."country" AND SOURCE."Zip" = TARGET."zip"',
        'WHERE (SOURCE."country" IS NOT NULL AND TARGET."country" IS NULL) OR (SOURCE."Zip" IS NOT NULL AND TARGET."zip" IS NULL)',
      ].join('\n'),
    );
  });

  it('must not exist counts matching rows; the partition filter applies to the source, as written', () => {
    const sql = sqlOf(reference({ mustExist: false, partition: 'p', partitionFilter: 'SOURCE.day > 1' }));
    expect(sql).toContain(
      'WHERE (SOURCE.day > 1) AND ((SOURCE."country" IS NOT NULL AND TARGET."country" IS NOT NULL) OR (SOURCE."Zip" IS NOT NULL AND TARGET."zip" IS NOT NULL))',
    );
  });

  // sodacl.md §6.1: Soda's metric identity omits the "not", so must exist and must not exist on the same columns
  // shared one value. Here they are different computations, reported as different metrics.
  it('must exist and must not exist on the same columns are different computations and metrics (§6.1)', () => {
    const exists = planCheck(reference(), ctx);
    const notExists = planCheck(reference({ mustExist: false }), ctx);
    expect(exists.computations[0]?.key).not.toBe(notExists.computations[0]?.key);
    const a = exists.evaluate(new Map([[exists.computations[0]?.key as string, { value: 1 }]]));
    const b = notExists.evaluate(new Map([[notExists.computations[0]?.key as string, { value: 2 }]]));
    expect(a.metrics[0]?.variant).not.toBe(b.metrics[0]?.variant);
  });

  it('identical checks share one query; the name lists the source columns', () => {
    const [a, b] = [planCheck(reference(), ctx), planCheck(reference({ name: 'again' }), ctx)];
    expect(a.computations[0]?.key).toBe(b.computations[0]?.key);
    expect(a.computations[0]).toMatchObject({ name: 'pg.orders.reference[country,Zip]', dataset: 'orders' });
    const partitioned = planCheck(reference({ partition: 'p', partitionFilter: 'x' }), ctx);
    expect(partitioned.computations[0]).toMatchObject({
      name: 'pg.orders[p].reference[country,Zip]',
      partition: 'p',
    });
  });

  it('PASS iff 0, else FAIL; value = count; column only for a single source column', () => {
    const single = planCheck(reference({ columns: [id('customer_id')], otherColumns: [id('id')] }), ctx);
    const key = single.computations[0]?.key as string;
    expect(single.evaluate(new Map([[key, { value: '0' }]]))).toMatchObject({
      outcome: 'pass',
      value: 0,
      column: 'customer_id',
    });
    const failed = single.evaluate(new Map([[key, { value: 3 }]]));
    expect(failed).toMatchObject({ outcome: 'fail', value: 3, failedRowCount: 3 });
    expect(failed.metrics[0]).toMatchObject({
      metricName: 'reference',
      dataset: 'orders',
      column: 'customer_id',
      value: 3,
    });
    const multi = planCheck(reference(), ctx);
    expect(
      multi.evaluate(new Map([[multi.computations[0]?.key as string, { value: 0 }]])).column,
    ).toBeUndefined();
  });

  it('a failed query leaves the check unevaluated', () => {
    const planned = planCheck(reference(), ctx);
    const evaluation = planned.evaluate(
      new Map([[planned.computations[0]?.key as string, { error: 'no table' }]]),
    );
    expect(evaluation).toMatchObject({ outcome: null, value: null, outcomeReasons: ['no table'] });
  });

  it('refuses mismatched column lists instead of building broken SQL', () => {
    const planned = planCheck(reference({ otherColumns: [id('x')] }), ctx);
    expect(planned.computations).toEqual([]);
    expect(planned.evaluate(new Map()).outcomeReasons[0]).toMatch(/same number of columns/);
  });
});
