/**
 * One uploader at a time per workspace: two processes sending the same queue would both deliver an item. The lock
 * file is created exclusively and holds the owner's pid; a lock whose process is gone (a crash, kill -9) is taken
 * over. A live owner makes the second upload stop at once with a clear error rather than wait behind a slow send.
 */
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OutboxError } from './errors.js';
import { outboxDir } from './store.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Unreadable means being written this instant: treated as held (no pid), and a later look settles it. */
async function readOwner(path: string): Promise<{ pid?: number; host?: string }> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return {};
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const file = await open(path, 'wx', 0o600);
    await file.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
    await file.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function withUploadLock<T>(workspace: string, work: () => Promise<T>): Promise<T> {
  const dir = outboxDir(workspace);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, '.upload.lock');
  for (let tries = 0; !(await tryCreate(path)); tries++) {
    const owner = await readOwner(path);
    const gone = owner.host === hostname() && typeof owner.pid === 'number' && !alive(owner.pid);
    if (!gone || tries > 2) {
      throw new OutboxError(
        'busy',
        `Another gatehouse upload${owner.pid ? ` (process ${owner.pid})` : ''} is sending from this outbox; try again when it has finished. If no upload is running, delete ${path}.`,
      );
    }
    // Rename aside, then look again: if what was moved is a live lock another process took meanwhile, put it back.
    const aside = `${path}.${process.pid}.stale`;
    if (
      await rename(path, aside).then(
        () => true,
        () => false,
      )
    ) {
      const moved = await readOwner(aside);
      if (moved.pid !== undefined && moved.pid !== owner.pid && alive(moved.pid)) {
        await link(aside, path).catch(() => {});
      }
      await unlink(aside).catch(() => {});
    }
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}
