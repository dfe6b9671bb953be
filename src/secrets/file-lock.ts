/**
 * A lock file around a read-modify-write, so two processes updating the vault at once both keep their change.
 * The lock is created with O_EXCL (`wx`): exactly one process wins. It records pid, host and a random token; a
 * lock whose process is gone (same host) or that is older than `staleMs` is broken — by renaming it aside and
 * checking it was the very lock judged stale, so a lock taken meanwhile by a live process is never removed.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { SecretStoreError } from './store.js';

export interface LockOptions {
  /** Give up waiting after this long. */
  timeoutMs?: number;
  /** A lock this old is abandoned whoever holds it (a vault write takes well under a second). */
  staleMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  token: string;
}

function isNodeError(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

async function readLock(path: string): Promise<{ info: LockInfo | undefined; ageMs: number } | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let info: LockInfo | undefined;
    try {
      info = JSON.parse(text) as LockInfo;
    } catch {
      info = undefined; // being written right now, or garbage: only its age can condemn it
    }
    return { info, ageMs: Date.now() - stats.mtimeMs };
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isNodeError(error, 'EPERM'); // exists, owned by someone else
  }
}

function isStale(lock: { info: LockInfo | undefined; ageMs: number }, staleMs: number): boolean {
  if (lock.ageMs > staleMs) return true;
  const { info } = lock;
  return info !== undefined && info.host === hostname() && !processAlive(info.pid);
}

async function breakStaleLock(path: string, staleToken: string | undefined): Promise<void> {
  const aside = `${path}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return; // someone else broke it first
    throw error;
  }
  const moved = await readLock(aside);
  if (moved?.info?.token !== staleToken) {
    // A live lock was taken between our check and the rename: put it back unless yet another one exists.
    await link(aside, path).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

async function acquire(path: string, timeoutMs: number, staleMs: number): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const file = await open(path, 'wx', 0o600);
      try {
        await file.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), token }));
      } finally {
        await file.close();
      }
      return token;
    } catch (error) {
      if (!isNodeError(error, 'EEXIST')) throw error;
    }
    const held = await readLock(path);
    if (held === undefined) continue; // released between our attempt and the read
    if (isStale(held, staleMs)) {
      await breakStaleLock(path, held.info?.token);
      continue;
    }
    if (Date.now() > deadline) {
      const holder = held.info ? `process ${held.info.pid} on ${held.info.host}` : 'another process';
      throw new SecretStoreError(
        'unavailable',
        `The vault is busy: ${path} has been held by ${holder} for ${Math.round(held.ageMs / 1000)} s.`,
        'Wait for it to finish; if no Gatehouse process is running, delete that lock file.',
      );
    }
    // Back off a little, randomly, so waiting writers do not retry in lock step.
    await delay(5 + Math.random() * 20);
  }
}

async function release(path: string, token: string): Promise<void> {
  const held = await readLock(path);
  if (held?.info?.token === token) await unlink(path).catch(() => {});
}

export async function withFileLock<T>(
  path: string,
  action: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const token = await acquire(path, options.timeoutMs ?? 15_000, options.staleMs ?? 30_000);
  try {
    return await action();
  } finally {
    await release(path, token);
  }
}
