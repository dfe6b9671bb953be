/**
 * The app's start-up with every Electron module replaced by a fake: the scheme is registered and the sandbox
 * enforced before `ready`; after it, one window with the secure options loads app://gatehouse/index.html, the
 * app:// handler serves the renderer folder, permissions are denied, each new web contents is hardened, and the
 * IPC channels answer the window's own frame (an API call reaches the engine; events go to the window) and refuse
 * any other sender. A second instance only quits.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ElectronModules, runApp } from '../../../electron/app.js';
import { FORBIDDEN } from '../../../electron/ipc.js';
import { APP_ENTRY, windowOptions } from '../../../electron/security.js';
import { EVENT_CHANNEL, METHOD_NAMES } from '../../../src/api/desktop/channels.js';
import type { ConnectionTester } from '../../../src/api/desktop/handlers.js';
import type { StepReport } from '../../../src/diagnostics/report.js';

type Listener = (...args: unknown[]) => unknown;

class FakeWindow {
  static created: FakeWindow[] = [];
  readonly listeners = new Map<string, Listener>();
  readonly webContents = { id: 41, send: vi.fn() };
  loaded: string | undefined;
  constructor(readonly options: unknown) {
    FakeWindow.created.push(this);
  }
  once(name: string, listener: Listener) {
    this.listeners.set(name, listener);
    return this;
  }
  on(name: string, listener: Listener) {
    this.listeners.set(name, listener);
    return this;
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
  isDestroyed() {
    return false;
  }
  show() {}
}

function fakes(options: { lock?: boolean } = {}) {
  const calls: string[] = [];
  const appListeners = new Map<string, Listener>();
  const ipc = new Map<string, Listener>();
  let resolveReady: () => void = () => {};
  const whenReady = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  let protocolHandler: ((request: Request) => Promise<Response>) | undefined;
  let permissionRequest: Listener | undefined;
  const electron = {
    app: {
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => options.lock ?? true,
      quit: vi.fn(() => calls.push('quit')),
      on: (name: string, listener: Listener) => appListeners.set(name, listener),
      whenReady: () => whenReady,
      isReady: () => true,
      getPath: () => userData,
      getVersion: () => '9.9.9',
    },
    BrowserWindow: FakeWindow,
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    ipcMain: { handle: (channel: string, listener: Listener) => ipc.set(channel, listener) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) =>
        calls.push(`registerSchemes ${JSON.stringify(schemes)}`),
    },
    session: {
      defaultSession: {
        protocol: {
          handle: (scheme: string, handler: typeof protocolHandler) => {
            calls.push(`handle ${scheme}`);
            protocolHandler = handler;
          },
        },
        setPermissionRequestHandler: (handler: Listener) => {
          permissionRequest = handler;
        },
        setPermissionCheckHandler: () => {},
        on: () => {},
      },
    },
    shell: { openExternal: vi.fn(async () => {}) },
  };
  return {
    electron: electron as unknown as ElectronModules,
    calls,
    appListeners,
    ipc,
    resolveReady,
    protocol: () => protocolHandler,
    permissionRequest: () => permissionRequest,
  };
}

let root: string;
let userData: string;
let workspace: string;
let rendererDir: string;

beforeEach(async () => {
  FakeWindow.created = [];
  root = await mkdtemp(join(tmpdir(), 'gatehouse-app-'));
  userData = join(root, 'user-data');
  workspace = join(root, 'workspace');
  rendererDir = join(root, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<html><head></head><body>app</body></html>');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const paths = () => ({ rendererDir, preload: '/bundle/preload.cjs' });
const fromWindow = (url = APP_ENTRY) => ({ sender: { id: 41 }, senderFrame: { url, parent: null } });

describe('runApp', () => {
  it('registers the scheme and enforces the sandbox before ready, then opens one secure window on app://', async () => {
    const f = fakes();
    const { ready } = runApp(f.electron, paths(), { GATEHOUSE_HOME: workspace });
    expect(f.calls).toEqual([
      'registerSchemes [{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":false,"corsEnabled":false,"bypassCSP":false,"allowServiceWorkers":false,"stream":false,"codeCache":true}}]',
      'enableSandbox',
    ]);
    expect(FakeWindow.created).toHaveLength(0);
    f.resolveReady();
    await ready;
    expect(FakeWindow.created).toHaveLength(1);
    const [window] = FakeWindow.created;
    expect(window?.options).toEqual(windowOptions('/bundle/preload.cjs'));
    expect(window?.loaded).toBe('app://gatehouse/index.html');
    expect(f.calls).toContain('handle app');
  });

  it('serves the renderer folder on app:// and denies permissions', async () => {
    const f = fakes();
    const { ready } = runApp(f.electron, paths(), { GATEHOUSE_HOME: workspace });
    f.resolveReady();
    await ready;
    const response = await f.protocol()?.({ url: APP_ENTRY, method: 'GET' } as Request);
    expect(response?.status).toBe(200);
    expect(await response?.text()).toContain('body>app<');
    const callback = vi.fn();
    f.permissionRequest()?.({}, 'media', callback, { requestingUrl: APP_ENTRY });
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('hardens every web contents created', async () => {
    const f = fakes();
    runApp(f.electron, paths(), { GATEHOUSE_HOME: workspace });
    const registered = new Map<string, Listener>();
    const contents = {
      on: (name: string, listener: Listener) => registered.set(name, listener),
      setWindowOpenHandler: vi.fn(),
    };
    f.appListeners.get('web-contents-created')?.({}, contents);
    expect([...registered.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
  });

  it('answers the window’s own frame through the engine, streams events to it, and refuses other senders', async () => {
    const f = fakes();
    const step: StepReport = {
      id: 'tcp',
      name: 'TCP connect',
      description: 'd',
      mandatory: true,
      status: 'pass',
    };
    const tester: ConnectionTester = async (request, hooks) => {
      hooks.onStep(step, 0);
      return {
        dataSource: request.dataSource,
        type: 'postgres',
        steps: [step],
        ok: true,
        ip: {},
        startedAt: 'now',
        durationMs: 1,
      };
    };
    const { ready } = runApp(f.electron, paths(), { GATEHOUSE_HOME: workspace }, { testConnection: tester });
    f.resolveReady();
    await ready;
    expect([...f.ipc.keys()]).toHaveLength(METHOD_NAMES.length);
    const appInfo = f.ipc.get('gatehouse:appInfo');
    expect(await appInfo?.(fromWindow(), undefined)).toEqual({
      ok: true,
      value: {
        version: '9.9.9',
        platform: process.platform,
        workspace,
        configPath: join(workspace, 'configuration.yml'),
      },
    });
    expect(
      await appInfo?.({ sender: { id: 42 }, senderFrame: { url: APP_ENTRY, parent: null } }, undefined),
    ).toEqual(FORBIDDEN);
    expect(await appInfo?.(fromWindow('https://evil.example/'), undefined)).toEqual(FORBIDDEN);

    await mkdir(workspace, { recursive: true });
    await writeFile(join(workspace, 'configuration.yml'), 'data_source warehouse:\n  type: postgres\n');
    const tested = await f.ipc.get('gatehouse:testConnection')?.(fromWindow(), {
      runId: 'c-1',
      dataSource: 'warehouse',
    });
    expect(tested).toMatchObject({ ok: true, value: { ok: true } });
    const send = FakeWindow.created[0]?.webContents.send;
    expect(send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      type: 'connection-step',
      runId: 'c-1',
      index: 0,
      step,
    });
    expect(send).toHaveBeenCalledWith(EVENT_CHANNEL, { type: 'connection-finished', runId: 'c-1', ok: true });
  });

  it('only quits when another instance runs', () => {
    const f = fakes({ lock: false });
    runApp(f.electron, paths(), { GATEHOUSE_HOME: workspace });
    expect(f.electron.app.quit).toHaveBeenCalledOnce();
    expect(f.appListeners.size).toBe(0);
  });
});
