/**
 * The two cancellable runs (connection test, scan) share one gate: without a configuration file in the workspace
 * both are refused with the same not-found answer before anything runs, and no run id stays registered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DesktopContext } from '../../../src/api/desktop/context.js';
import { createHandlers, dispatch } from '../../../src/api/desktop/handlers.js';
import { MemorySecretStore } from '../../support/memory-secret-store.js';

describe('runs in a workspace without a configuration', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'gatehouse-runs-'));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('are refused as not-found, the tester is never called, and the run id is left free', async () => {
    const context = new DesktopContext({
      version: '0',
      platform: process.platform,
      env: {},
      workspace,
      openStore: async () => new MemorySecretStore(),
      emit: () => {},
      pickPaths: async () => [],
      openExternal: async () => {},
    });
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
