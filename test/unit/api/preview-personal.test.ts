/**
 * The preview's personal-looking columns say when a column's VALUES leave, not only in sample rows: a max(email)
 * is one person's email address.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewPayload } from '../../../src/api/preview.js';
import { saveScan } from '../../../src/workspace/save.js';
import { fixtureResult } from '../payload/fixture.js';

let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-personal-'));
  const result = fixtureResult();
  result.metrics.push({
    identity: 'metric-demo-pg-customers-email-max',
    metricName: 'max',
    dataset: 'customers',
    column: 'email',
    value: 'zoe@example.com',
  });
  await saveScan(workspace, result);
  await writeFile(join(workspace, 'strict.yml'), 'privacy:\n  level: strict\n');
  await writeFile(join(workspace, 'withhold.yml'), 'privacy:\n  withhold_values: [email]\n');
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const emailFlag = async (configPath?: string) => {
  const preview = await previewPayload({ workspace, ...(configPath ? { configPath } : {}) }, {});
  return preview.personal.find((p) => p.column === 'email');
};

describe('personal-looking columns in the preview', () => {
  it('name the data-derived metrics that send a value of the column', async () => {
    expect((await emailFlag())?.valuesIn).toEqual(['max']);
  });

  it('name none when the level or withhold_values keeps them back', async () => {
    expect((await emailFlag(join(workspace, 'strict.yml')))?.valuesIn).toEqual([]);
    expect((await emailFlag(join(workspace, 'withhold.yml')))?.valuesIn).toEqual([]);
  });
});
