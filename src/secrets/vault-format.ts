/**
 * The vault file: three lines of text.
 *
 *   1. the header, JSON: format, version, KDF name + parameters + salt, cipher, nonce, key check
 *   2. the ciphertext, base64: XChaCha20-Poly1305 of the secrets' JSON, the header line's exact bytes as AAD
 *   3. SHA-256 (hex) of lines 1 and 2: catches damage and naive edits before any passphrase is involved
 *
 * Why each check: the checksum tells "damaged" from "wrong passphrase" (a flipped salt byte would otherwise look
 * like a wrong passphrase); the key check (HMAC of a constant under the derived key) tells a wrong passphrase from
 * a forged file; the AEAD with the header as AAD is the real guarantee: no byte of either line can change unseen.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import * as z from 'zod/mini';
import { SecretStoreError } from './store.js';

export const VAULT_FORMAT = 'gatehouse-vault';
export const VAULT_VERSION = 1;

/**
 * scrypt N=2^15, r=8, p=1: 32 MiB of memory and ~250 ms on this project's machines (Node 20, @noble/hashes) —
 * a cost per guess that makes offline guessing of a decent passphrase slow, paid once per command.
 */
export const DEFAULT_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;
export type KdfCost = { N: number; r: number; p: number };

const KEY_CHECK_LABEL = utf8ToBytes('gatehouse-vault/v1 key check');

const base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]+={0,2}$/));
const headerSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  version: z.int(),
  kdf: z.object({
    name: z.literal('scrypt'),
    // Bounds keep a doctored header from asking for gigabytes of memory before its checks can fail.
    N: z.int().check(z.minimum(2 ** 10), z.maximum(2 ** 20)),
    r: z.int().check(z.minimum(1), z.maximum(32)),
    p: z.int().check(z.minimum(1), z.maximum(16)),
    salt: base64,
  }),
  cipher: z.literal('xchacha20-poly1305'),
  nonce: base64,
  keyCheck: base64,
});
export type VaultHeader = z.infer<typeof headerSchema>;

/** What the vault holds: `<dataSource>:<field>` → secret. */
export type VaultContents = Record<string, string>;
const contentsSchema = z.object({ secrets: z.record(z.string(), z.string()) });

export interface VaultKey {
  /** The header fields the key belongs to (same salt and cost → same key). */
  kdf: VaultHeader['kdf'];
  key: Uint8Array;
  keyCheck: string;
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** Derives the key for a salt and cost; a new vault gets a fresh 16-byte salt. */
export async function deriveVaultKey(
  passphrase: string,
  kdf: VaultHeader['kdf'] | (KdfCost & { salt?: undefined }),
): Promise<VaultKey> {
  const salt = kdf.salt ?? toBase64(randomBytes(16));
  const params = { name: 'scrypt' as const, N: kdf.N, r: kdf.r, p: kdf.p, salt };
  // NFC: the same passphrase typed on two keyboards (composed or decomposed accents) opens the same vault.
  const key = await scryptAsync(passphrase.normalize('NFC'), fromBase64(salt), {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    dkLen: 32,
    maxmem: 2 ** 31,
  });
  return { kdf: params, key, keyCheck: toBase64(hmac(sha256, key, KEY_CHECK_LABEL)) };
}

function tampered(path: string, what: string): SecretStoreError {
  return new SecretStoreError(
    'tampered',
    `The vault ${path} was modified or damaged (${what}); it is left untouched.`,
    'Restore it from a backup, or move it aside and store the secrets again.',
  );
}

export interface ParsedVault {
  header: VaultHeader;
  headerLine: string;
  ciphertext: Uint8Array;
}

/** Checks the file's shape and checksum; no passphrase needed. */
export function parseVaultFile(path: string, text: string): ParsedVault {
  const lines = text.split('\n');
  if (lines.length !== 4 || lines[3] !== '') throw tampered(path, 'it does not have its three lines');
  const [headerLine = '', body = '', checksum = ''] = lines;
  if (bytesToHex(sha256(utf8ToBytes(`${headerLine}\n${body}`))) !== checksum) {
    throw tampered(path, 'its checksum does not match');
  }
  let json: unknown;
  try {
    json = JSON.parse(headerLine);
  } catch {
    throw tampered(path, 'its header is not JSON');
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > VAULT_VERSION) {
    throw new SecretStoreError(
      'unavailable',
      `The vault ${path} has format version ${version}; this Gatehouse reads version ${VAULT_VERSION}.`,
      'Upgrade Gatehouse.',
    );
  }
  const header = headerSchema.safeParse(json);
  if (!header.success || header.data.version !== VAULT_VERSION || !base64.safeParse(body).success) {
    throw tampered(path, 'its header or body is malformed');
  }
  return { header: header.data, headerLine, ciphertext: fromBase64(body) };
}

/** Decrypts with a key derived from this vault's header (see deriveVaultKey). */
export function openVault(path: string, parsed: ParsedVault, key: VaultKey): VaultContents {
  const expected = Buffer.from(parsed.header.keyCheck, 'base64');
  const actual = Buffer.from(key.keyCheck, 'base64');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new SecretStoreError(
      'wrong-passphrase',
      `The passphrase does not open the vault ${path}.`,
      'Check GATEHOUSE_VAULT_PASSPHRASE (or what you typed) and try again.',
    );
  }
  let plaintext: Uint8Array;
  try {
    const cipher = xchacha20poly1305(
      key.key,
      fromBase64(parsed.header.nonce),
      utf8ToBytes(parsed.headerLine),
    );
    plaintext = cipher.decrypt(parsed.ciphertext);
  } catch {
    throw tampered(path, 'its contents fail authentication');
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(plaintext).toString('utf8'));
  } catch {
    throw tampered(path, 'its decrypted contents are not JSON');
  }
  const contents = contentsSchema.safeParse(json);
  if (!contents.success) throw tampered(path, 'its decrypted contents are malformed');
  return contents.data.secrets;
}

/** The file's text for these contents: a fresh random 24-byte nonce on every write. */
export function sealVault(contents: VaultContents, key: VaultKey): string {
  const header: VaultHeader = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    kdf: key.kdf,
    cipher: 'xchacha20-poly1305',
    nonce: toBase64(randomBytes(24)),
    keyCheck: key.keyCheck,
  };
  const headerLine = JSON.stringify(header);
  const sorted = Object.fromEntries(Object.entries(contents).sort(([a], [b]) => (a < b ? -1 : 1)));
  const plaintext = utf8ToBytes(JSON.stringify({ secrets: sorted }));
  const cipher = xchacha20poly1305(key.key, fromBase64(header.nonce), utf8ToBytes(headerLine));
  const body = toBase64(cipher.encrypt(plaintext));
  const checksum = bytesToHex(sha256(utf8ToBytes(`${headerLine}\n${body}`)));
  return `${headerLine}\n${body}\n${checksum}\n`;
}
