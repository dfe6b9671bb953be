/**
 * The two cancellable runs (connection test, scan) share one gate: without a configuration file in the workspace
 * both are refused with the same not-found answer before anything runs, and no run id stays registered.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DesktopContext } from '../../../src/api/desktop/context.js';
import { createHandlers, dispatch } from '../../../src/api/desktop/handlers.js';
import { MemorySecretStore } from '../../support/memory-secret-store.js';

/** A desktop context on this workspace with an in-memory secret store and no window. */
function contextFor(workspace: string): DesktopContext {
  return new DesktopContext({
    version: '0',
    platform: process.platform,
    env: {},
    workspace,
    openStore: async () => new MemorySecretStore(),
    emit: () => {},
    pickPaths: async () => [],
    openExternal: async () => {},
  });
}

describe('runs in a workspace without a configuration', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'gatehouse-runs-'));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('are refused as not-found, the tester is never called, and the run id is left free', async () => {
    const context = contextFor(workspace);
    const checks = join(workspace, 'checks.yml');
    context.grant([checks]);
    const tester = vi.fn();
    const handlers = createHandlers(context, { testConnection: tester });
    const refusal = {
      ok: false,
      error: {
        code: 'not-found',
        message: 'No data source is configured yet.',
        remedy: 'Add one under Data sources.',
      },
    };
    expect(await dispatch(handlers, 'testConnection', { runId: 'run-1', dataSource: 'warehouse' })).toEqual(
      refusal,
    );
    expect(
      await dispatch(handlers, 'runScan', { runId: 'run-1', dataSource: 'warehouse', checkPaths: [checks] }),
    ).toEqual(refusal);
    expect(tester).not.toHaveBeenCalled();
    expect(await dispatch(handlers, 'cancelRun', { runId: 'run-1' })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });
});

describe('switching the workspace while a run is going', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'gatehouse-runs-switch-'));
    await writeFile(
      join(workspace, 'configuration.yml'),
      'data_source warehouse:\n  type: postgres\n  host: h\n  username: u\n  database: d\n',
    );
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('is refused as busy with the workspace unchanged, and allowed once the run has ended', async () => {
    const context = contextFor(workspace);
    const other = join(workspace, 'other');
    context.grant([other]);
    let finish: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const handlers = createHandlers(context, {
      testConnection: () =>
        new Promise((resolve) => {
          finish = () => resolve({ dataSource: 'warehouse', ok: true, steps: [], durationMs: 1 } as never);
          started();
        }),
    });
    const test = dispatch(handlers, 'testConnection', { runId: 'run-1', dataSource: 'warehouse' });
    await running;

    expect(await dispatch(handlers, 'updateSettings', { workspace: other })).toEqual({
      ok: false,
      error: {
        code: 'busy',
        message: `A scan or connection test is still running in ${workspace}, so the workspace was not changed.`,
        remedy: 'Wait for it to finish, or cancel it, then choose the other folder again.',
      },
    });
    expect(context.workspace).toBe(workspace);

    finish();
    expect(await test).toMatchObject({ ok: true });
    expect(await dispatch(handlers, 'updateSettings', { workspace: other })).toMatchObject({ ok: true });
    expect(context.workspace).toBe(other);
  });
});
