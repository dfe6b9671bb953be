/**
 * The outbox key: 32 random bytes kept in the secret store (`outbox` / `encryption_key`), made on first use.
 * No store, no outbox: an unreachable store is an error, never a reason to write approved payloads in clear.
 */
import { randomBytes } from 'node:crypto';
import type { SecretRef, SecretStore } from '../secrets/store.js';
import { KEY_BYTES } from './crypto.js';
import { OutboxError } from './errors.js';

export const OUTBOX_KEY_REF: SecretRef = { dataSource: 'outbox', field: 'encryption_key' };

function decode(value: string): Uint8Array {
  const key = Buffer.from(value, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== value) {
    throw new OutboxError(
      'key-unavailable',
      `The outbox key in the secret store (${OUTBOX_KEY_REF.dataSource}:${OUTBOX_KEY_REF.field}) is not a ${KEY_BYTES}-byte base64 key; it was changed outside Gatehouse.`,
    );
  }
  return new Uint8Array(key);
}

async function read(store: SecretStore): Promise<string | undefined> {
  try {
    return await store.get(OUTBOX_KEY_REF);
  } catch (error) {
    throw unavailable(error);
  }
}

function unavailable(error: unknown): OutboxError {
  return new OutboxError(
    'key-unavailable',
    `The outbox is encrypted with a key kept in the secret store, and the store cannot be used: ${(error as Error).message} Nothing was queued or sent; the outbox is never written in clear.`,
    { cause: error },
  );
}

/** The key for writing: created (and read back) when the store has none yet. */
export async function outboxKeyForWriting(store: SecretStore): Promise<Uint8Array> {
  const existing = await read(store);
  if (existing !== undefined) return decode(existing);
  const fresh = randomBytes(KEY_BYTES).toString('base64');
  try {
    await store.set(OUTBOX_KEY_REF, fresh);
  } catch (error) {
    throw unavailable(error);
  }
  // Read back: a store that silently drops writes would leave items nobody can ever open.
  const stored = await read(store);
  if (stored !== fresh) {
    throw new OutboxError(
      'key-unavailable',
      'The secret store accepted the new outbox key but gave something else back; nothing was queued.',
    );
  }
  return decode(fresh);
}

/** The key for reading: its absence means queued items cannot be opened, which is an error, not a new key. */
export async function outboxKeyForReading(store: SecretStore): Promise<Uint8Array> {
  const existing = await read(store);
  if (existing === undefined) {
    throw new OutboxError(
      'key-missing',
      `The outbox key (${OUTBOX_KEY_REF.dataSource}:${OUTBOX_KEY_REF.field}) is not in the ${store.kind} secret store, so queued payloads cannot be opened. If it was deleted, approve the scans again; the unreadable items stay in the outbox folder.`,
    );
  }
  return decode(existing);
}
