// Bundles the desktop app's main process and preload with esbuild.
// - main: ESM (the package is "type": "module"), the engine included, like the CLI bundle; Electron itself and the
//   packages that load files relative to themselves (build/externals.mjs) stay external.
// - preload: CommonJS, because a sandboxed renderer cannot load an ESM preload; it holds only the IPC bridge.
// The renderer is built by Vite (renderer/vite.config.ts) into dist/renderer, which main serves on app://.
// `node build/bundle-electron.mjs [OUTDIR]` (default dist/electron; tests build elsewhere).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runtimeExternals } from './externals.mjs';
import { requireShim } from './require-shim.mjs';

const outdir = process.argv[2] ?? 'dist/electron';

await rm(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    entryPoints: { main: 'electron/main.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['electron', ...runtimeExternals],
    banner: { js: requireShim },
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  }),
  build({
    entryPoints: { preload: 'electron/preload.ts' },
    outfile: join(outdir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    legalComments: 'none',
    logLevel: 'warning',
  }),
]);
