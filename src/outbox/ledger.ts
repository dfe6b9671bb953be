/**
 * The ledger, `<workspace>/ledger.jsonl`: one line per delivery, append-only and hash-chained. Each entry carries
 * the previous entry's hash, and its own hash is the SHA-256 of its canonical JSON (sorted keys) without `hash`,
 * so an edited, removed, reordered or inserted line breaks the chain at that line. `ledger.jsonl.head` keeps the last
 * sequence number and hash, so cutting entries off the end is caught too (unless head is cut with them: record
 * the head hash `verify` prints somewhere else to anchor it).
 */

import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from 'zod/mini';
import { destinationRefSchema, receiptSchema } from '../cloud/destination-ref.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { sha256Hex } from '../common/sha256.js';
import { sortedJson } from '../common/sorted-json.js';

export const GENESIS = '0'.repeat(64);

export function ledgerPath(workspace: string): string {
  return join(workspace, 'ledger.jsonl');
}

function headPath(ledger: string): string {
  return `${ledger}.head`;
}

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const ledgerEntrySchema = z.strictObject({
  seq: z.int().check(z.minimum(1)),
  time: z.string(),
  itemId: z.string(),
  scanId: z.string(),
  definitionName: z.string(),
  destination: destinationRefSchema,
  size: z.int().check(z.minimum(0)),
  sha256: hex64,
  approver: z.string(),
  approvedAt: z.string(),
  receipt: receiptSchema,
  /** Sample files delivered with the document (Soda Cloud, level full): File-Path, size, SHA-256. */
  sampleFiles: z.optional(z.array(z.object({ path: z.string(), size: z.int(), sha256: hex64 }))),
  prev: hex64,
  hash: hex64,
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export type NewLedgerEntry = Omit<LedgerEntry, 'seq' | 'prev' | 'hash'>;

export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  const { hash: _ignored, ...body } = entry as LedgerEntry;
  return sha256Hex(sortedJson(body));
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Complete lines only: a crash mid-append can leave a torn last line, which never was an entry. */
function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  return end < 0 ? [] : text.slice(0, end).split('\n');
}

/** Entries as far as they parse; for lookups (is this item in the ledger?), not for verification. */
export async function readLedger(workspace: string, path = ledgerPath(workspace)): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for (const line of completeLines(await readText(path))) {
    try {
      const parsed = ledgerEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // An unparseable line is verify's business; lookups skip it.
    }
  }
  return entries;
}

/**
 * Appends one entry, chained to the last. Callers hold the outbox lock, so appends never interleave. The line is
 * fsynced before the head is moved: a crash in between leaves the head one behind, which verify accepts.
 */
export async function appendLedger(workspace: string, fresh: NewLedgerEntry): Promise<LedgerEntry> {
  const path = ledgerPath(workspace);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const text = await readText(path);
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) await truncate(path, Buffer.byteLength(complete));
  const lines = completeLines(text);
  const last =
    lines.length > 0 ? ledgerEntrySchema.safeParse(safeJson(lines[lines.length - 1] ?? '')) : undefined;
  const prev = last?.success
    ? last.data.hash
    : lines.length > 0
      ? lineHash(lines[lines.length - 1] ?? '')
      : GENESIS;
  const unhashed = { ...fresh, seq: lines.length + 1, prev };
  const entry: LedgerEntry = { ...unhashed, hash: entryHash(unhashed) };
  const file = await open(path, 'a', 0o600);
  try {
    await file.write(`${sortedJson(entry)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await writeFileAtomic(headPath(path), `${JSON.stringify({ seq: entry.seq, hash: entry.hash })}\n`);
  return entry;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A line that is not an entry still chains: the next entry points at the hash of its raw text. */
function lineHash(line: string): string {
  return sha256Hex(line);
}

export interface LedgerVerification {
  path: string;
  ok: boolean;
  entries: number;
  /** The hash of the last entry: write it down elsewhere to anchor the whole ledger. */
  headHash: string;
  /** 1-based line number of the first line that breaks the chain. */
  badLine?: number;
  problem?: string;
}

export async function verifyLedger(path: string): Promise<LedgerVerification> {
  const text = await readText(path);
  const lines = text === '' ? [] : text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  let prev = GENESIS;
  const bad = (index: number, problem: string): LedgerVerification => ({
    path,
    ok: false,
    entries: index,
    headHash: prev,
    badLine: index + 1,
    problem,
  });
  for (const [index, line] of lines.entries()) {
    if (index === lines.length - 1 && !text.endsWith('\n')) return bad(index, 'the line is incomplete');
    const parsed = ledgerEntrySchema.safeParse(safeJson(line));
    if (!parsed.success) return bad(index, 'the line is not a ledger entry');
    const entry = parsed.data;
    if (entry.seq !== index + 1) {
      return bad(index, `the entry says it is number ${entry.seq} (a line was removed, inserted or moved)`);
    }
    if (entry.prev !== prev) {
      return bad(
        index,
        'the entry does not follow the one before it (a line was removed, inserted or moved)',
      );
    }
    if (entryHash(entry) !== entry.hash) return bad(index, 'the entry was edited (its hash does not match)');
    prev = entry.hash;
  }
  const head = safeJson(await readText(headPath(path))) as { seq?: unknown; hash?: unknown } | undefined;
  if (head && typeof head.seq === 'number') {
    const at = head.seq === 0 ? GENESIS : (safeJson(lines[head.seq - 1] ?? '') as { hash?: string })?.hash;
    // The head may lag one entry behind after a crash between the append and the head update, never more.
    if (head.seq > lines.length || head.seq < lines.length - 1 || at !== head.hash) {
      return {
        path,
        ok: false,
        entries: lines.length,
        headHash: prev,
        badLine: Math.min(head.seq, lines.length + 1),
        problem: `ledger.jsonl.head records entry ${head.seq} with another hash: entries were removed from the end or replaced`,
      };
    }
  }
  return { path, ok: true, entries: lines.length, headHash: prev };
}
