/**
 * What every browser test file needs: Chromium, the built renderer on a local server, a private keychain for the
 * engine in this process, and a temp workspace. `missingBrowserPrerequisites` says what is absent (the tests
 * then skip locally and fail on CI, through itWhen).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type BrowserApp, type BrowserAppOptions, type ColorScheme, openBrowserApp } from './browser-app.js';
import { type LaunchedChromium, launchChromium, missingChromium } from './chromium.js';
import { type KeyringDaemon, startKeyringDaemon } from './keyring-daemon.js';
import { missingKeyringPrerequisites } from './keyring-session.js';
import { postgresAvailable } from './postgres.js';
import { runCommand } from './run-command.js';
import { type StaticServer, serveStatic } from './static-server.js';

export async function missingBrowserPrerequisites(): Promise<string | undefined> {
  const missing = [
    await missingChromium(),
    await missingKeyringPrerequisites(),
    await runCommand('gdbus', ['help']).then(
      () => undefined,
      () => 'missing gdbus (apt-get install libglib2.0-bin)',
    ),
    (await postgresAvailable()) ? undefined : 'no PostgreSQL on 127.0.0.1:5432',
  ].filter(Boolean);
  return missing.length ? missing.join('; ') : undefined;
}

export interface E2eSession {
  root: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  open(colorScheme?: ColorScheme, options?: Pick<BrowserAppOptions, 'egressServices'>): Promise<BrowserApp>;
  close(): Promise<void>;
}

export async function startE2eSession(): Promise<E2eSession> {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-'));
  const workspace = join(root, 'workspace');
  let keyring: KeyringDaemon | undefined;
  let chromium: LaunchedChromium | undefined;
  let server: StaticServer | undefined;
  const apps: BrowserApp[] = [];
  const close = async () => {
    for (const app of apps) await app.close().catch(() => {});
    await chromium?.close();
    await server?.close();
    await keyring?.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    keyring = await startKeyringDaemon();
    // Built by the global setup for this run (test/support/global-setup.ts).
    server = await serveStatic(inject('rendererDir'));
    chromium = await launchChromium();
    // The engine's environment: this process's (PATH, the private bus) without the tester's Gatehouse settings.
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: root, GATEHOUSE_HOME: workspace };
    for (const name of ['GATEHOUSE_SECRET_BACKEND', 'GATEHOUSE_DRY_RUN', 'GATEHOUSE_VAULT_PATH'])
      delete env[name];
    const { browser } = chromium;
    const url = server.url;
    return {
      root,
      workspace,
      env,
      async open(colorScheme = 'light', options = {}) {
        const app = await openBrowserApp({ browser, url, workspace, env, colorScheme, ...options });
        apps.push(app);
        return app;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
