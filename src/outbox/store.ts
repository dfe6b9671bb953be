/**
 * The outbox folder, `<workspace>/outbox/`: one file per approved (payload, destination), written atomically.
 * Reading checks everything it can: a file that does not parse, whose name and record disagree, or whose sealed
 * payload fails to open or to hash to the approved SHA-256 is refused as tampered — and left where it is.
 */

import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { sha256Hex } from '../common/sha256.js';
import { OUTBOX_FORMAT, seal, unseal } from './crypto.js';
import { OutboxError } from './errors.js';
import { type ApprovalRecord, type DeliveryState, type ItemFile, itemFileSchema } from './item.js';

export function outboxDir(workspace: string): string {
  return join(workspace, 'outbox');
}

export function itemPath(workspace: string, id: string): string {
  return join(outboxDir(workspace), `${id}.json`);
}

const ITEM_FILE = /^([0-9a-f]{24})\.json$/;

function tampered(path: string, why: string): OutboxError {
  return new OutboxError(
    'tampered',
    `The outbox file ${path} ${why}: it was modified after Gatehouse wrote it. It is refused and left in place for inspection; nothing in it was sent. Once inspected, delete it; to send that scan's payload, preview and approve it again.`,
  );
}

function parseItem(path: string, id: string, text: string): ItemFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw tampered(path, 'is not valid JSON');
  }
  const parsed = itemFileSchema.safeParse(json);
  if (!parsed.success) throw tampered(path, 'is not a Gatehouse outbox item');
  if (parsed.data.record.id !== id) throw tampered(path, 'names another item than its file name');
  return parsed.data;
}

/** The item's file, parsed and checked for shape (not yet decrypted). Undefined when there is none. */
export async function readItem(workspace: string, id: string): Promise<ItemFile | undefined> {
  const path = itemPath(workspace, id);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseItem(path, id, text);
}

export interface OutboxListing {
  items: ItemFile[];
  /** Files that cannot be read as items, each with the reason: shown, never deleted. */
  refused: { path: string; problem: string }[];
}

/** Every item, oldest approval first. Temp files from an interrupted write are ignored. */
export async function listItems(workspace: string): Promise<OutboxListing> {
  const dir = outboxDir(workspace);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], refused: [] };
    throw error;
  }
  const listing: OutboxListing = { items: [], refused: [] };
  for (const name of names.sort()) {
    const id = ITEM_FILE.exec(name)?.[1];
    if (!id) continue;
    try {
      const item = await readItem(workspace, id);
      if (item) listing.items.push(item);
    } catch (error) {
      if (!(error instanceof OutboxError)) throw error;
      listing.refused.push({ path: join(dir, name), problem: error.message });
    }
  }
  listing.items.sort((a, b) => a.record.approvedAt.localeCompare(b.record.approvedAt));
  return listing;
}

async function writeItem(workspace: string, item: ItemFile): Promise<void> {
  await mkdir(outboxDir(workspace), { recursive: true, mode: 0o700 });
  await writeFileAtomic(itemPath(workspace, item.record.id), `${JSON.stringify(item)}\n`);
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Seals the approved bytes (and sample files, in the record's order) and writes a new queued item. */
export async function createItem(
  workspace: string,
  key: Uint8Array,
  record: ApprovalRecord,
  bytes: Uint8Array,
  now: Date,
  sampleFiles: readonly Uint8Array[] = [],
): Promise<ItemFile> {
  const sealed = seal(key, record, bytes);
  const files = sampleFiles.map((file, i) => seal(key, record, file, i));
  const item: ItemFile = {
    format: OUTBOX_FORMAT,
    record,
    nonce: base64(sealed.nonce),
    ciphertext: base64(sealed.ciphertext),
    ...(files.length > 0
      ? {
          sampleFiles: files.map((file) => ({
            nonce: base64(file.nonce),
            ciphertext: base64(file.ciphertext),
          })),
        }
      : {}),
    state: { status: 'queued', attempts: 0, updatedAt: now.toISOString() },
  };
  await writeItem(workspace, item);
  return item;
}

/** The approved bytes, decrypted and re-hashed: only bytes whose SHA-256 is the approved one come out. */
export function openItem(workspace: string, key: Uint8Array, item: ItemFile): Uint8Array {
  const path = itemPath(workspace, item.record.id);
  const bytes = unseal(key, item.record, {
    nonce: Buffer.from(item.nonce, 'base64'),
    ciphertext: Buffer.from(item.ciphertext, 'base64'),
  });
  if (!bytes)
    throw tampered(path, 'does not decrypt with the outbox key (its record or payload was changed)');
  if (bytes.length !== item.record.size || sha256Hex(bytes) !== item.record.sha256) {
    throw tampered(path, 'decrypts to bytes whose SHA-256 is not the approved one');
  }
  return bytes;
}

/** One approved sample file, decrypted and re-hashed against the approval record. */
export interface OpenedSampleFile {
  path: string;
  bytes: Uint8Array;
  sha256: string;
}

/** The approved sample files (none for most items); each must decrypt and hash to the approved SHA-256. */
export function openSampleFiles(workspace: string, key: Uint8Array, item: ItemFile): OpenedSampleFile[] {
  const path = itemPath(workspace, item.record.id);
  const approved = item.record.sampleFiles ?? [];
  const sealed = item.sampleFiles ?? [];
  if (sealed.length !== approved.length) {
    throw tampered(path, `holds ${sealed.length} sample file(s) where ${approved.length} were approved`);
  }
  return approved.map((file, i) => {
    const box = sealed[i] as { nonce: string; ciphertext: string };
    const bytes = unseal(
      key,
      item.record,
      { nonce: Buffer.from(box.nonce, 'base64'), ciphertext: Buffer.from(box.ciphertext, 'base64') },
      i,
    );
    if (!bytes)
      throw tampered(path, `has a sample file that does not decrypt with the outbox key (${file.path})`);
    if (bytes.length !== file.size || sha256Hex(bytes) !== file.sha256) {
      throw tampered(path, `has a sample file whose SHA-256 is not the approved one (${file.path})`);
    }
    return { path: file.path, bytes, sha256: file.sha256 };
  });
}

/** Rewrites only the delivery state; the record and the sealed payload are copied as they were read. */
export async function updateState(
  workspace: string,
  item: ItemFile,
  state: DeliveryState,
): Promise<ItemFile> {
  const next = { ...item, state };
  await writeItem(workspace, next);
  return next;
}
