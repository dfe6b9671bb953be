/**
 * Scratch folders named after the process that owns them (`<prefix><pid>-<random>`), so a later run can tell
 * the leftovers of a killed process from the folders of one still running, and remove only the former.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export async function createOwnedDir(parent: string, prefix: string): Promise<string> {
  const path = join(parent, `${prefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(path, { recursive: true });
  return path;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove `<prefix><pid>-…` folders whose process is gone. Best effort: a folder in use is never touched. */
export async function removeAbandonedDirs(parent: string, prefix: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (!Number.isInteger(pid) || pid === process.pid || isProcessAlive(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true }).catch(() => {});
  }
}
