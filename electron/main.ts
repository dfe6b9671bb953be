/**
 * The Electron main process's entry: the real Electron modules handed to app.ts. The engine (src/api through the
 * desktop handlers) runs here in main — never in the renderer. Built to dist/electron/main.js (ESM) by
 * build/bundle-electron.mjs, next to the CommonJS preload, preload.cjs.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { pathsNextTo, runApp } from './app.js';

runApp(
  { app, BrowserWindow, dialog, ipcMain, protocol, session, shell },
  pathsNextTo(dirname(fileURLToPath(import.meta.url))),
);
