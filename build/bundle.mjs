// Bundles the `gatehouse` CLI (and the benchmark) with esbuild. One ESM file per command, loaded on demand, starts
// several times faster than hundreds of small modules: `--version` never parses a driver, and a scan skips Node's
// per-file module resolution. Packages that load their own files at run time stay external (build/externals.mjs).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { runtimeExternals } from './externals.mjs';
import { requireShim } from './require-shim.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: runtimeExternals,
  banner: { js: requireShim },
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

// Only this script's own folders: dist/electron and dist/renderer belong to the desktop builds.
await Promise.all(['dist/cli', 'dist/bench'].map((dir) => rm(dir, { recursive: true, force: true })));
await Promise.all([
  build({
    ...common,
    entryPoints: { gatehouse: 'src/cli/main.ts' },
    outdir: 'dist/cli',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: { bench: 'test/bench/run.ts' }, outdir: 'dist/bench' }),
]);
