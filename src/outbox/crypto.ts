/**
 * Sealing an approved payload for the outbox: XChaCha20-Poly1305 (random 24-byte nonces are safe at any volume),
 * with the approval record — payload hash, destination, approver — as associated data, so an edited record, a
 * swapped ciphertext or a payload moved to another destination all fail to open.
 */
import { randomBytes } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sortedJson } from '../common/sorted-json.js';
import type { ApprovalRecord } from './item.js';

export const OUTBOX_FORMAT = 'gatehouse-outbox/1';
export const NONCE_BYTES = 24;
export const KEY_BYTES = 32;

/** The record, and for a sample file its place, so a sealed file cannot stand in for another. */
function associatedData(record: ApprovalRecord, sampleFile?: number): Uint8Array {
  const place = sampleFile === undefined ? '' : `\nsample file ${sampleFile}`;
  return new TextEncoder().encode(`${OUTBOX_FORMAT}\n${sortedJson(record)}${place}`);
}

export interface Sealed {
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

export function seal(
  key: Uint8Array,
  record: ApprovalRecord,
  bytes: Uint8Array,
  sampleFile?: number,
): Sealed {
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  return {
    nonce,
    ciphertext: xchacha20poly1305(key, nonce, associatedData(record, sampleFile)).encrypt(bytes),
  };
}

/** The plaintext, or undefined when the tag does not verify (wrong key, or anything edited). */
export function unseal(
  key: Uint8Array,
  record: ApprovalRecord,
  sealed: Sealed,
  sampleFile?: number,
): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, sealed.nonce, associatedData(record, sampleFile)).decrypt(
      sealed.ciphertext,
    );
  } catch {
    return undefined;
  }
}
