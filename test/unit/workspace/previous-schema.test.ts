/** previousSchema: the columns from the newest saved scan of the data source that measured the dataset's schema. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scansDir } from '../../../src/workspace/location.js';
import { previousSchema, previousSchemas } from '../../../src/workspace/previous-schema.js';
import { saveScan } from '../../../src/workspace/save.js';
import { fakeResult, schemaMetric, seconds, tempWorkspace } from './helpers.js';

let workspace: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ workspace, cleanup } = await tempWorkspace()));
afterEach(() => cleanup());

describe('previousSchema', () => {
  it('is undefined with no history', async () => {
    expect(await previousSchema(workspace, 'warehouse', 'orders')).toBeUndefined();
  });

  it('picks the newest scan of that data source holding a schema metric for the dataset', async () => {
    const dates = seconds(5);
    const save = (i: number, dataSource: string, metrics: ReturnType<typeof schemaMetric>[]) =>
      saveScan(workspace, fakeResult({ dataSource, metrics }), dates[i]);
    await save(0, 'warehouse', [schemaMetric('orders', [['id', 'integer']])]);
    await save(1, 'warehouse', [
      schemaMetric('orders', [
        ['id', 'integer'],
        ['amount', 'numeric'],
      ]),
    ]);
    // Newer, but another data source, or no schema metric for orders: not the previous schema.
    await save(2, 'lake', [schemaMetric('orders', [['id', 'text']])]);
    await save(3, 'warehouse', [schemaMetric('customers', [['email', 'text']])]);
    await save(4, 'warehouse', [{ identity: 'rc', metricName: 'row_count', dataset: 'orders', value: 40 }]);

    expect(await previousSchema(workspace, 'warehouse', 'orders')).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'amount', type: 'numeric' },
    ]);
    expect(await previousSchema(workspace, 'lake', 'orders')).toEqual([{ name: 'id', type: 'text' }]);
    expect(await previousSchema(workspace, 'warehouse', 'customers')).toEqual([
      { name: 'email', type: 'text' },
    ]);
    expect(await previousSchema(workspace, 'warehouse', 'products')).toBeUndefined();
    const all = await previousSchemas(workspace, 'warehouse');
    expect([...all.schemas.keys()].sort()).toEqual(['customers', 'orders']);
  });

  it('passes over a damaged newer file with a warning', async () => {
    const [a, b] = seconds(2);
    await saveScan(workspace, fakeResult({ metrics: [schemaMetric('orders', [['id', 'integer']])] }), a);
    const newer = await saveScan(
      workspace,
      fakeResult({ metrics: [schemaMetric('orders', [['id', 'text']])] }),
      b,
    );
    await writeFile(join(scansDir(workspace), `${newer}.json`), '{"format":');
    const found = await previousSchemas(workspace, 'warehouse', ['orders']);
    expect(found.schemas.get('orders')).toEqual([{ name: 'id', type: 'integer' }]);
    expect(found.warnings).toEqual([expect.stringContaining(newer)]);
  });
});
