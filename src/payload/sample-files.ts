/**
 * Sample files for Soda Cloud, as Soda Core's `SodaCloud.upload_sample` sends them (reference/sodacl.md §3.2):
 * each failed-rows sample is a JSON Lines file, one JSON array of values per row and no column names, sent with
 * `POST /api/scan/upload` (raw body, `Content-Type: application/octet-stream`, `Is-V3: true`, `File-Path`), and
 * the Failed Rows block refers to the `fileId` Soda Cloud answers: `reference: {type: sodaCloudStorage, fileId}`.
 *
 * That id exists only after the upload, long after approval. So the approved document names each file by its
 * SHA-256 (`fileId: "sha256:<hex>"`): approving the document's hash approves every file byte by byte, and the
 * Soda Cloud destination swaps each placeholder for the id it was given (replaceFileIds) — the one change to
 * the document besides `token` and `type`, and the preview says so.
 */
import { sha256Hex } from '../common/sha256.js';
import { canonicalJson } from './canonical.js';
import { type ProjectedSample, withFailedRowsFile } from './sample-rows.js';

type Json = Record<string, unknown>;

/** One sample file: exactly the bytes `POST /api/scan/upload` sends, and the `File-Path` it names. */
export interface SampleFile {
  /** `File-Path`: `<definition>_<data time>_<scan end>/<dataset>[_<partition>][_<column>]_failed_rows.jsonl`. */
  path: string;
  bytes: Uint8Array;
  sha256: string;
  /** JSON Pointer of the `fileId` in the document that stands for this file. */
  pointer: string;
  rows: number;
}

const PLACEHOLDER = /^sha256:([0-9a-f]{64})$/;

/** What the approved document holds in place of a file id: the file's own SHA-256. */
export function fileIdPlaceholder(sha256: string): string {
  return `sha256:${sha256}`;
}

/** JSON Lines: one canonical JSON array per row, each ended by a newline (Soda writes `\n` after every row). */
export function sampleFileBytes(rows: readonly unknown[][]): Uint8Array {
  let text = '';
  for (const row of rows) text += `${canonicalJson(row)}\n`;
  return new TextEncoder().encode(text);
}

/** Files layout: the block's columns are the file's columns, and its reference names the file by its hash. */
export function withSampleFile(
  diagnostics: Json,
  projected: ProjectedSample,
  bytes: Uint8Array,
): { diagnostics: Json; sha256: string } {
  const sha256 = sha256Hex(bytes);
  const changed = withFailedRowsFile(diagnostics, (file) => ({
    ...file,
    columns: projected.columns.map((column) => ({ name: column.name, type: column.type })),
    storedRowCount: projected.rows.length,
    reference: { type: 'sodaCloudStorage', fileId: fileIdPlaceholder(sha256) },
  }));
  return { diagnostics: changed, sha256 };
}

/** Soda's `_fileify`: anything but letters, digits and `_` becomes `_`, lower case. */
export function fileify(name: string): string {
  return name.replace(/[^A-Za-z0-9_]+/g, '_').toLowerCase();
}

/** `2026-11-29T14:08:20+00:00` → `20261129140820`, as Soda's `strftime("%Y%m%d%H%M%S")`. */
function compactTime(timestamp: unknown): string {
  return String(timestamp ?? '')
    .slice(0, 19)
    .replace(/\D/g, '');
}

/**
 * The `File-Path` of each file, from the document as it will be sent (hashed names stay hashed). Soda puts the
 * upload time in the folder; Gatehouse puts the scan's end, so the path is known, and shown, before approval.
 * Two samples on one column get `_2`, `_3`… (Soda gives them the same path).
 */
export function sampleFilePath(document: Json, check: Json, taken: Set<string>): string {
  const folder = [
    document.definitionName,
    compactTime(document.dataTimestamp),
    compactTime(document.scanEndTimestamp),
  ]
    .map((part) => fileify(String(part ?? '')))
    .join('_');
  const name = [check.table, check.partition, check.column]
    .filter((part) => typeof part === 'string' && part !== '')
    .map((part) => fileify(String(part)))
    .join('_');
  const base = `${folder}/${name || 'sample'}_failed_rows`;
  let path = `${base}.jsonl`;
  for (let n = 2; taken.has(path); n++) path = `${base}_${n}.jsonl`;
  taken.add(path);
  return path;
}

/** Every `reference` of a Failed Rows block that names a sample file by its hash, with that hash. */
function* placeholderReferences(document: Json): Generator<{ reference: Json; sha256: string }> {
  for (const check of Array.isArray(document.checks) ? (document.checks as Json[]) : []) {
    const blocks = (check?.diagnostics as Json | undefined)?.blocks;
    for (const block of Array.isArray(blocks) ? (blocks as Json[]) : []) {
      const reference = (block?.file as Json | undefined)?.reference as Json | undefined;
      if (reference?.type !== 'sodaCloudStorage' || typeof reference.fileId !== 'string') continue;
      const sha256 = PLACEHOLDER.exec(reference.fileId)?.[1];
      if (sha256) yield { reference, sha256 };
    }
  }
}

/** The SHA-256 of every sample file a document names: the files it was approved with. */
export function fileIdPlaceholders(document: Json): string[] {
  return [...placeholderReferences(document)].map((found) => found.sha256);
}

/**
 * The document Soda Cloud gets: each placeholder `fileId` swapped for the id Soda Cloud answered for that file,
 * and nothing else changed (the document is parsed, the ids set where the placeholders stood, and serialised
 * canonically again). Every placeholder must have an id and every id a placeholder.
 */
export function replaceFileIds(documentBytes: Uint8Array, ids: ReadonlyMap<string, string>): Uint8Array {
  const document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(documentBytes)) as Json;
  const used = new Set<string>();
  for (const { reference, sha256 } of placeholderReferences(document)) {
    const id = ids.get(sha256);
    if (id === undefined) throw new Error(`no file id for the sample file with SHA-256 ${sha256}`);
    reference.fileId = id;
    used.add(sha256);
  }
  for (const sha256 of ids.keys()) {
    if (!used.has(sha256))
      throw new Error(`the document does not refer to the sample file with SHA-256 ${sha256}`);
  }
  const sent = canonicalJson(document);
  // The promise is that only the ids change: the same result by plain text replacement, or nothing is sent.
  let expected = new TextDecoder().decode(documentBytes);
  for (const [sha256, id] of ids) {
    expected = expected.replaceAll(
      `"fileId":"${fileIdPlaceholder(sha256)}"`,
      `"fileId":${JSON.stringify(id)}`,
    );
  }
  if (sent !== expected)
    throw new Error('swapping the file ids would change other bytes of the approved document');
  return new TextEncoder().encode(sent);
}
