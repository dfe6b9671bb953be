/** Each run opens its own copy of the prepared data directory (PGlite writes to the folder it opens). */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createOwnedDir, removeAbandonedDirs } from './owned-dirs.js';

const RUN_PREFIX = 'run-';

export interface WorkingCopy {
  path: string;
  remove(): Promise<void>;
}

export async function createWorkingCopy(cacheDir: string, preparedPgdata: string): Promise<WorkingCopy> {
  // Copies left by runs that were killed before they could clean up.
  await removeAbandonedDirs(cacheDir, RUN_PREFIX);
  const path = await createOwnedDir(cacheDir, RUN_PREFIX);
  const remove = () => rm(path, { recursive: true, force: true });
  try {
    await copyTree(preparedPgdata, path);
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

/**
 * A data directory is about a thousand small files: copy them all at once rather than one after another as
 * `fs.cp` does, and as copy-on-write clones where the file system can (APFS, btrfs, XFS), which costs nothing.
 */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? copyTree(join(from, entry.name), join(to, entry.name))
        : copyFile(join(from, entry.name), join(to, entry.name), constants.COPYFILE_FICLONE),
    ),
  );
}
