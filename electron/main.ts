/**
 * The Electron main process: one window on `app://gatehouse/`, sandboxed and isolated, with the security policy
 * of security.ts, and the engine (src/api through the desktop handlers) running here in main — never in the
 * renderer. Built to dist/electron/main.js (ESM) by build/bundle-electron.mjs; the preload to preload.cjs.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { EVENT_CHANNEL } from '../src/api/desktop/channels.js';
import { DesktopContext } from '../src/api/desktop/context.js';
import type { GatehouseEvent, PickPathsRequest } from '../src/api/desktop/contract.js';
import { createHandlers } from '../src/api/desktop/handlers.js';
import { dataDir } from '../src/common/app-dirs.js';
import { readWorkspaceChoice, writeWorkspaceChoice } from './app-settings.js';
import { registerIpc } from './ipc.js';
import { appProtocolHandler, SCHEME_PRIVILEGES } from './protocol.js';
import { APP_ENTRY, APP_SCHEME, denyPermissions, hardenWebContents, windowOptions } from './security.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/electron/main.js → dist/renderer, dist/electron/preload.cjs. */
const RENDERER_DIR = join(here, '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');

// Before `ready`: the scheme's privileges, and every renderer sandboxed whatever its options say.
protocol.registerSchemesAsPrivileged([SCHEME_PRIVILEGES]);
app.enableSandbox();

let mainWindow: BrowserWindow | undefined;

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

async function pickPaths(purpose: PickPathsRequest['purpose']): Promise<string[]> {
  const options = DIALOGS[purpose];
  const result = mainWindow
    ? await dialog.showOpenDialog(mainWindow, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

function emit(event: GatehouseEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, event);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(PRELOAD));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  void window.loadURL(APP_ENTRY);
  return window;
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const workspace = await readWorkspaceChoice(userData, dataDir(process.env));
  session.defaultSession.protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_DIR));
  denyPermissions(session.defaultSession);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (url) => void shell.openExternal(url)),
  );

  const context = new DesktopContext({
    version: app.getVersion(),
    platform: process.platform,
    env: process.env,
    workspace,
    persistWorkspace: (folder) => writeWorkspaceChoice(userData, folder),
    emit,
    pickPaths,
    openExternal: (url) => shell.openExternal(url),
  });
  registerIpc(ipcMain, createHandlers(context), () => mainWindow?.webContents.id);
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && app.isReady()) mainWindow = createWindow();
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Gatehouse could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });
}
