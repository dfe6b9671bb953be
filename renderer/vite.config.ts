/**
 * Builds the renderer to dist/renderer with relative asset paths, so the same files load from the desktop app's
 * `app://` protocol and from the browser tests' static server. Nothing inline (the CSP forbids inline scripts and
 * styles), nothing remote, no data: URLs for assets.
 */
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: join(import.meta.dirname, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    assetsInlineLimit: 0,
    // The polyfill is only for browsers without <link rel=modulepreload>; Electron's Chromium has it.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // A desktop app loads its one bundle from disk: size warnings meant for the web do not apply.
    chunkSizeWarningLimit: 2000,
  },
  logLevel: 'warn',
});
