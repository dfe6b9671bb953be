/**
 * The built bundles, not the sources: build/bundle-electron.mjs writes main.js (ESM, engine included) and
 * preload.cjs (CommonJS, only the IPC bridge), and main.js starts under Node with a stand-in `electron` package
 * — so a bundling mistake (a module that cannot load as bundled) fails here, not on a user's machine. The
 * stand-in records what main does and, once the window loads, asks the engine for appInfo over "IPC" and the
 * app:// handler for the page.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeExternals } from '../../../build/externals.mjs';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security.js';
import { METHOD_NAMES } from '../../../src/api/desktop/channels.js';
import { runCommand } from '../../support/run-command.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

const FAKE_ELECTRON = `
const log = [];
const channels = new Map();
let serve;
let resolveReady;
const ready = new Promise((resolve) => { resolveReady = resolve; });
const record = (entry) => log.push(entry);
async function finish() {
  const frame = { sender: { id: 1 }, senderFrame: { url: 'app://gatehouse/index.html', parent: null } };
  const appInfo = await channels.get('gatehouse:appInfo')(frame, undefined);
  const page = await serve({ url: 'app://gatehouse/index.html', method: 'GET' });
  record({ appInfo, status: page.status, csp: page.headers.get('content-security-policy'), channels: channels.size });
  process.stdout.write(JSON.stringify(log));
  process.exit(0);
}
export const app = {
  enableSandbox: () => record('enableSandbox'),
  requestSingleInstanceLock: () => true,
  quit: () => record('quit'),
  on: () => {},
  whenReady: () => { setImmediate(resolveReady); return ready; },
  isReady: () => true,
  getPath: () => process.env.FAKE_USER_DATA,
  getVersion: () => '1.2.3',
};
export class BrowserWindow {
  constructor(options) { record({ window: options.webPreferences }); this.webContents = { id: 1, send() {} }; }
  once() {} on() {} show() {}
  isDestroyed() { return false; }
  loadURL(url) { record({ loadURL: url }); setImmediate(finish); return Promise.resolve(); }
}
export const protocol = { registerSchemesAsPrivileged: (schemes) => record({ schemes }) };
export const session = { defaultSession: {
  protocol: { handle: (scheme, handler) => { serve = handler; record({ handle: scheme }); } },
  setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, on: () => {},
} };
export const ipcMain = { handle: (channel, listener) => channels.set(channel, listener) };
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: (t, m) => record({ error: m }) };
export const shell = { openExternal: async () => {} };
`;

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gatehouse-bundle-'));
  await runCommand(process.execPath, [join(ROOT, 'build', 'bundle-electron.mjs'), join(root, 'electron')], {
    cwd: ROOT,
  });
  await mkdir(join(root, 'renderer'));
  await writeFile(
    join(root, 'renderer', 'index.html'),
    '<!doctype html><html><head></head><body></body></html>',
  );
  const fake = join(root, 'node_modules', 'electron');
  await mkdir(fake, { recursive: true });
  await writeFile(join(fake, 'package.json'), '{"name":"electron","type":"module","main":"index.js"}');
  await writeFile(join(fake, 'index.js'), FAKE_ELECTRON);
  // The packages the bundle leaves external come from the project, as they come from node_modules when packaged.
  await mkdir(join(root, 'node_modules', '@napi-rs'));
  await symlink(
    join(ROOT, 'node_modules', '@napi-rs', 'keyring'),
    join(root, 'node_modules', '@napi-rs', 'keyring'),
  );
  await writeFile(join(root, 'package.json'), '{"type":"module"}');
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the Electron bundles', () => {
  it('main.js starts: scheme, sandbox, secure window on app://, engine answering over IPC, CSP on the page', async () => {
    const workspace = join(root, 'workspace');
    const { stdout: output } = await run(process.execPath, [join(root, 'electron', 'main.js')], {
      cwd: root,
      env: { ...process.env, GATEHOUSE_HOME: workspace, FAKE_USER_DATA: join(root, 'user-data') },
      timeout: 60_000,
    });
    const log = JSON.parse(output) as unknown[];
    expect(log[0]).toMatchObject({
      schemes: [{ scheme: 'app', privileges: { standard: true, secure: true } }],
    });
    expect(log[1]).toBe('enableSandbox');
    expect(log).toContainEqual({ handle: 'app' });
    expect(log).toContainEqual(
      expect.objectContaining({
        window: expect.objectContaining({
          preload: join(root, 'electron', 'preload.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
        }),
      }),
    );
    expect(log).toContainEqual({ loadURL: 'app://gatehouse/index.html' });
    expect(log.at(-1)).toMatchObject({
      appInfo: { ok: true, value: { version: '1.2.3', workspace } },
      status: 200,
      csp: CONTENT_SECURITY_POLICY,
      channels: METHOD_NAMES.length,
    });
  });

  it('main.js leaves the packages that load their own files to node_modules (the keychain binding, the SDK)', async () => {
    const main = await readFile(join(root, 'electron', 'main.js'), 'utf8');
    expect(runtimeExternals).toEqual(expect.arrayContaining(['@napi-rs/keyring', 'snowflake-sdk']));
    for (const name of ['@napi-rs/keyring', 'snowflake-sdk']) expect(main).toContain(`import("${name}")`);
  });

  it('preload.cjs is CommonJS that needs nothing but electron', async () => {
    const preload = await readFile(join(root, 'electron', 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld("gatehouse"');
  });
});
