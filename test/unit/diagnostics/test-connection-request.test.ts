/** testConnection's edges: a bad request or configuration ends in the configuration step, never in a throw. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../../src/api/test-connection.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-conntest-request-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('testConnection request validation', () => {
  it('reports an invalid request in the configuration step', async () => {
    const report = await testConnection({ configPath: '', dataSource: 'x', stepTimeoutMs: -5 });
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({ id: 'config', status: 'fail' });
    expect(report.steps[0]?.message).toMatch(/configPath: .*stepTimeoutMs: /);
    expect(report.steps.slice(1).every((step) => step.status === 'skipped')).toBe(true);
  });

  it('reports a missing configuration file with what to do', async () => {
    const report = await testConnection({ configPath: join(dir, 'nope.yml'), dataSource: 'x' });
    expect(report.steps[0]?.message).toContain('does not exist. Pass the right path with -c.');
  });

  it('reports an invalid data source block with its place in the file', async () => {
    const path = join(dir, 'configuration.yml');
    await writeFile(path, 'data_source bad:\n  type: postgres\n  host: db\n  port: seventy\n');
    const report = await testConnection({ configPath: path, dataSource: 'bad' }, { env: {} });
    expect(report.steps[0]).toMatchObject({ status: 'fail', classification: { layer: 'config' } });
    expect(report.steps[0]?.raw).toContain(`${path}:`);
  });

  it('warns about a password written in plain text, with the command that moves it, never the value', async () => {
    const path = join(dir, 'plaintext.yml');
    await writeFile(
      path,
      'data_source pt:\n  type: postgres\n  host: 127.0.0.1\n  port: 1\n  username: u\n  password: hunter2-plain\n  database: d\n',
    );
    const report = await testConnection(
      { configPath: path, dataSource: 'pt', stepTimeoutMs: 2_000 },
      { env: {} },
    );
    expect(report.steps[0]?.status).toBe('pass');
    const warning = report.steps[0]?.facts?.find((fact) => fact.label === 'Warning')?.value;
    expect(warning).toContain(`password of data source pt is stored in plain text in ${path}:6:`);
    expect(warning).toContain('gatehouse secrets import -c');
    expect(JSON.stringify(report)).not.toContain('hunter2-plain');
  });
});
