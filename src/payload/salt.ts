/**
 * The salt that keys `hash_identifiers`: 32 random bytes made once per workspace and kept there (0600), never
 * put in a payload. The same salt gives the same hashes scan after scan, so the cloud can follow a dataset's
 * history without learning its name; without the salt, a list of likely names cannot be tested against them.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const SALT_FILE = 'privacy-salt';

export function saltPath(workspace: string): string {
  return join(workspace, SALT_FILE);
}

function parseSalt(text: string, path: string): Uint8Array {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not a privacy salt (64 hex digits)`);
  return hexToBytes(hex);
}

/** Reads the workspace's salt, creating it on first use; two processes racing agree on the first one written. */
export async function workspaceSalt(workspace: string): Promise<Uint8Array> {
  const path = saltPath(workspace);
  try {
    return parseSalt(await readFile(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(workspace, { recursive: true, mode: 0o700 });
  // Written whole to a temp file, then linked into place: link never overwrites, so a racing process's salt wins
  // intact and nobody ever reads a half-written one.
  const temp = `${path}.${process.pid}.${bytesToHex(randomBytes(4))}.tmp`;
  try {
    await writeFile(temp, `${bytesToHex(randomBytes(32))}\n`, { mode: 0o600, flag: 'wx' });
    await link(temp, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(temp, { force: true });
  }
  return parseSalt(await readFile(path, 'utf8'), path);
}

/** HMAC-SHA256(salt, name), shortened: 16 hex digits (64 bits) keep collisions out of any real schema. */
export function keyedName(salt: Uint8Array, name: string, prefix = 'h_'): string {
  return `${prefix}${bytesToHex(hmac(sha256, salt, utf8ToBytes(name))).slice(0, 16)}`;
}
