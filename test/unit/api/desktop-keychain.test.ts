/**
 * The desktop API on the real OS keychain (a private Secret Service on its own D-Bus, never the tester's): the
 * backend is named as people know it, a password saved with a data source lands in the keychain (seen by
 * `secret-tool`, not in any file), the listing says `stored` without the value, and removing the data source
 * deletes it from the keychain.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { DesktopContext } from '../../../src/api/desktop/context.js';
import { createHandlers, dispatch, type Handlers } from '../../../src/api/desktop/handlers.js';
import { newCanary } from '../../support/canary.js';
import { type KeyringDaemon, startKeyringDaemon } from '../../support/keyring-daemon.js';
import { missingKeyringPrerequisites } from '../../support/keyring-session.js';
import { itWhen } from '../../support/prerequisites.js';

const run = promisify(execFile);
const missing = await missingKeyringPrerequisites();
const CANARY = newCanary();
let daemon: KeyringDaemon | undefined;
let workspace: string;
let handlers: Handlers;

beforeAll(async () => {
  if (missing) return;
  daemon = await startKeyringDaemon();
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-desktop-keychain-'));
  const context = new DesktopContext({
    version: '0',
    platform: process.platform,
    env: { ...process.env, GATEHOUSE_SECRET_BACKEND: 'keychain' },
    workspace,
    emit: () => {},
    pickPaths: async () => [],
    openExternal: async () => {},
  });
  handlers = createHandlers(context);
});

afterAll(async () => {
  await daemon?.stop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

const secretTool = async (...args: string[]) =>
  (
    await run('secret-tool', args, { env: process.env }).catch((error: { stdout?: string }) => ({
      stdout: error.stdout ?? '',
    }))
  ).stdout;

itWhen(!missing, missing ?? '')(
  'stores a data source’s password in the keychain and never hands it back',
  async () => {
    const status = await dispatch(handlers, 'secretsStatus', undefined);
    expect(status).toMatchObject({ ok: true, value: { kind: 'keychain', available: true } });
    if (status.ok) expect((status.value as { description: string }).description).toMatch(/Secret Service/);

    const saved = await dispatch(handlers, 'saveDataSource', {
      definition: {
        type: 'postgres',
        name: 'warehouse',
        host: 'db.internal',
        username: 'analyst',
        database: 'sales',
      },
      secrets: { password: CANARY },
    });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        storedSecrets: ['password'],
        backend: { kind: 'keychain' },
        dataSource: { secrets: [{ state: 'stored' }] },
      },
    });
    expect(await secretTool('lookup', 'service', 'gatehouse', 'username', 'warehouse:password')).toBe(CANARY);
    expect(await readFile(join(workspace, 'configuration.yml'), 'utf8')).not.toContain(CANARY);

    const answers = await Promise.all(
      (['listDataSources', 'listSecrets', 'secretsStatus', 'getSettings'] as const).map((method) =>
        dispatch(handlers, method, undefined),
      ),
    );
    for (const answer of [saved, ...answers]) {
      expect(answer.ok).toBe(true);
      expect(JSON.stringify(answer)).not.toContain(CANARY);
    }

    expect(await dispatch(handlers, 'removeDataSource', { name: 'warehouse' })).toMatchObject({
      ok: true,
      value: { removed: true, deletedSecrets: ['password'] },
    });
    expect(await secretTool('lookup', 'service', 'gatehouse', 'username', 'warehouse:password')).toBe('');
  },
);
