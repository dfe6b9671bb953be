/** Each run opens its own copy of the prepared data directory (PGlite writes to the folder it opens). */
import { cp, rm } from 'node:fs/promises';
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
    await cp(preparedPgdata, path, { recursive: true });
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}
