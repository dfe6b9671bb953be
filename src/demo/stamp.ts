/** The version stamp of a prepared demo database: it changes whenever the data or the engine would. */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../common/sha256.js';

/** Bump when the layout of the prepared folder changes. */
const CACHE_FORMAT = 1;

export interface DemoStamp {
  /** Short hash of everything below; names the prepared folder. */
  id: string;
  cacheFormat: number;
  /** A data directory is tied to the PostgreSQL build that wrote it. */
  pgliteVersion: string;
  datasetSha256: string;
}

const PGLITE = '@electric-sql/pglite';

/** PGlite's package version, from its package.json (its `exports` do not expose that file to import). */
function pgliteVersion(): string {
  let folder = dirname(createRequire(import.meta.url).resolve(PGLITE));
  for (;;) {
    const manifestPath = join(folder, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === PGLITE && manifest.version) return manifest.version;
    }
    const parent = dirname(folder);
    if (parent === folder) return 'unknown';
    folder = parent;
  }
}

export function demoStamp(datasetSql: string): DemoStamp {
  const version = pgliteVersion();
  const datasetSha256 = sha256Hex(datasetSql);
  const id = sha256Hex(JSON.stringify([CACHE_FORMAT, version, datasetSha256])).slice(0, 16);
  return { id, cacheFormat: CACHE_FORMAT, pgliteVersion: version, datasetSha256 };
}
