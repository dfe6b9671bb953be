/**
 * The desktop app's start-up, with the Electron modules passed in (main.ts passes the real ones; tests pass
 * fakes): the app:// scheme registered before `ready`, every renderer sandboxed, one window on app://gatehouse/,
 * the security policy applied to the session and every web contents, and the engine's handlers on IPC.
 */
import { join } from 'node:path';
import type * as Electron from 'electron';
import { EVENT_CHANNEL } from '../src/api/desktop/channels.js';
import { DesktopContext } from '../src/api/desktop/context.js';
import type { GatehouseEvent, PickPathsRequest } from '../src/api/desktop/contract.js';
import { createHandlers, type HandlerOptions } from '../src/api/desktop/handlers.js';
import { dataDir } from '../src/common/app-dirs.js';
import { readWorkspaceChoice, writeWorkspaceChoice } from './app-settings.js';
import { registerIpc } from './ipc.js';
import { appProtocolHandler, SCHEME_PRIVILEGES } from './protocol.js';
import { APP_ENTRY, APP_SCHEME, denyPermissions, hardenWebContents, windowOptions } from './security.js';

/** The parts of the `electron` module the app uses. */
export interface ElectronModules {
  app: Pick<
    Electron.App,
    | 'enableSandbox'
    | 'requestSingleInstanceLock'
    | 'quit'
    | 'on'
    | 'whenReady'
    | 'isReady'
    | 'getPath'
    | 'getVersion'
  >;
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => Electron.BrowserWindow;
  dialog: Pick<Electron.Dialog, 'showOpenDialog' | 'showErrorBox'>;
  ipcMain: Pick<Electron.IpcMain, 'handle'>;
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged'>;
  session: {
    defaultSession: Pick<
      Electron.Session,
      'protocol' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'
    >;
  };
  shell: Pick<Electron.Shell, 'openExternal'>;
}

export interface AppPaths {
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The CommonJS preload (dist/electron/preload.cjs). */
  preload: string;
}

export function pathsNextTo(bundleDir: string): AppPaths {
  return { rendererDir: join(bundleDir, '..', 'renderer'), preload: join(bundleDir, 'preload.cjs') };
}

const DIALOGS: Record<PickPathsRequest['purpose'], Electron.OpenDialogOptions> = {
  'check-files': {
    title: 'Open check files',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'SodaCL check files', extensions: ['yml', 'yaml'] }],
  },
  'check-folder': { title: 'Open a folder of check files', properties: ['openDirectory'] },
  configuration: {
    title: 'Import a configuration.yml',
    properties: ['openFile'],
    filters: [{ name: 'Configuration', extensions: ['yml', 'yaml'] }],
  },
  'export-folder': { title: 'Folder for file exports', properties: ['openDirectory', 'createDirectory'] },
  'workspace-folder': { title: 'Workspace folder', properties: ['openDirectory', 'createDirectory'] },
};

/** Runs the app; returns once start-up is scheduled (the window opens when Electron is ready). */
export function runApp(
  electron: ElectronModules,
  paths: AppPaths,
  env: NodeJS.ProcessEnv = process.env,
  options: HandlerOptions = {},
): { ready: Promise<void>; mainWindow: () => Electron.BrowserWindow | undefined } {
  const { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } = electron;
  // Before `ready`: the scheme's privileges, and every renderer sandboxed whatever its options say.
  protocol.registerSchemesAsPrivileged([SCHEME_PRIVILEGES]);
  app.enableSandbox();

  let mainWindow: Electron.BrowserWindow | undefined;
  const current = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), mainWindow: current };
  }

  const createWindow = (): Electron.BrowserWindow => {
    const window = new BrowserWindow(windowOptions(paths.preload));
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    void window.loadURL(APP_ENTRY);
    return window;
  };

  const pickPaths = async (purpose: PickPathsRequest['purpose']): Promise<string[]> => {
    const window = current();
    const options = DIALOGS[purpose];
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };

  const emit = (event: GatehouseEvent): void => {
    current()?.webContents.send(EVENT_CHANNEL, event);
  };

  const start = async (): Promise<void> => {
    const userData = app.getPath('userData');
    const workspace = await readWorkspaceChoice(userData, dataDir(env));
    session.defaultSession.protocol.handle(APP_SCHEME, appProtocolHandler(paths.rendererDir));
    denyPermissions(session.defaultSession);
    const context = new DesktopContext({
      version: app.getVersion(),
      platform: process.platform,
      env,
      workspace,
      persistWorkspace: (folder) => writeWorkspaceChoice(userData, folder),
      emit,
      pickPaths,
      openExternal: (url) => shell.openExternal(url),
    });
    registerIpc(ipcMain, createHandlers(context, options), () => current()?.webContents.id);
    mainWindow = createWindow();
  };

  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (url) => void shell.openExternal(url)),
  );
  app.on('second-instance', () => {
    const window = current();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!current() && app.isReady()) mainWindow = createWindow();
  });
  const ready = app.whenReady().then(start);
  ready.catch((error: unknown) => {
    dialog.showErrorBox('Gatehouse could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });
  return { ready, mainWindow: current };
}
