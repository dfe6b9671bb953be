/** The preload (built as CommonJS: a sandboxed renderer cannot load an ESM preload): exposes window.gatehouse. */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './preload-api.js';

contextBridge.exposeInMainWorld('gatehouse', buildApi(ipcRenderer));
