// Bundles the `gatehouse` CLI (and the benchmark) with esbuild. One ESM file per command, loaded on demand, starts
// several times faster than hundreds of small modules: `--version` never parses a driver, and a scan skips Node's
// per-file module resolution. PGlite stays external: it loads its WebAssembly files relative to its own package;
// so does @napi-rs/keyring, which loads a native `.node` binary for the platform it runs on, and snowflake-sdk, which
// requires files and native helpers at run time (and loads only for a Snowflake scan).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { requireShim } from './require-shim.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@electric-sql/*', '@napi-rs/keyring', 'snowflake-sdk'],
  banner: { js: requireShim },
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

await rm('dist', { recursive: true, force: true });
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
