/**
 * The prepared demo database on disk: a PGlite data directory with the dataset loaded, under the cache folder
 * as `prepared-<stamp>/{pgdata, stamp.json}`. It is built in a scratch folder and renamed into place, so an
 * interrupted build never leaves a half-made cache; once in place it is never opened for writing (each run works
 * on a copy), so concurrent runs cannot damage it.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOwnedDir, removeAbandonedDirs } from './owned-dirs.js';
import type { DemoStamp } from './stamp.js';

const PREPARED_PREFIX = 'prepared-';
const BUILD_PREFIX = 'build-';
export const STAMP_FILE = 'stamp.json';

export interface StampRecord extends DemoStamp {
  builtAt: string;
}

export function preparedFolder(cacheDir: string, stamp: DemoStamp): string {
  return join(cacheDir, `${PREPARED_PREFIX}${stamp.id}`);
}

export async function readStampRecord(folder: string): Promise<StampRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(folder, STAMP_FILE), 'utf8')) as StampRecord;
  } catch {
    return undefined;
  }
}

async function isComplete(folder: string, stamp: DemoStamp): Promise<boolean> {
  return (await readStampRecord(folder))?.id === stamp.id;
}

export interface PreparedDataDir {
  pgdataPath: string;
  /** True when this call built it, false when it was already cached. */
  built: boolean;
}

/** The prepared data directory for `stamp`, built with `build(pgdataPath)` when it is not cached yet. */
export async function ensurePreparedDataDir(
  cacheDir: string,
  stamp: DemoStamp,
  build: (pgdataPath: string) => Promise<void>,
): Promise<PreparedDataDir> {
  const folder = preparedFolder(cacheDir, stamp);
  if (await isComplete(folder, stamp)) return { pgdataPath: join(folder, 'pgdata'), built: false };

  await mkdir(cacheDir, { recursive: true });
  await removeAbandonedDirs(cacheDir, BUILD_PREFIX);
  const buildDir = await createOwnedDir(cacheDir, BUILD_PREFIX);
  try {
    await build(join(buildDir, 'pgdata'));
    const record: StampRecord = { ...stamp, builtAt: new Date().toISOString() };
    await writeFile(join(buildDir, STAMP_FILE), `${JSON.stringify(record, null, 2)}\n`);
    await moveIntoPlace(buildDir, folder, stamp);
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  await removeOtherPrepared(cacheDir, folder);
  return { pgdataPath: join(folder, 'pgdata'), built: true };
}

async function moveIntoPlace(buildDir: string, folder: string, stamp: DemoStamp): Promise<void> {
  try {
    await rename(buildDir, folder);
  } catch (error) {
    // Another process finished the same build first: use theirs.
    if (await isComplete(folder, stamp)) return;
    // A folder without a valid stamp is not ours to trust (e.g. edited by hand): replace it.
    if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await rm(folder, { recursive: true, force: true });
    await rename(buildDir, folder);
  }
}

/** Prepared folders of other stamps are outdated (older dataset or engine): free their space. */
async function removeOtherPrepared(cacheDir: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    const path = join(cacheDir, name);
    if (name.startsWith(PREPARED_PREFIX) && path !== keep) {
      await rm(path, { recursive: true, force: true }).catch(() => {});
    }
  }
}

/** Throw away the prepared folder of `stamp` (when it turned out unusable), so the next call rebuilds it. */
export async function discardPrepared(cacheDir: string, stamp: DemoStamp): Promise<void> {
  await rm(preparedFolder(cacheDir, stamp), { recursive: true, force: true });
}
