/**
 * Approval: the reviewer's hash against the payload rebuilt now. Only when the bytes Gatehouse would send are the
 * bytes the reviewer saw is anything queued; the approval record (who, when, for which address) is sealed with them.
 */

import type { DestinationRef } from '../cloud/destination-ref.js';
import { sha256Hex } from '../common/sha256.js';
import type { PreparedPayload } from '../payload/prepared.js';
import { fileIdPlaceholders } from '../payload/sample-files.js';
import type { SecretStore } from '../secrets/store.js';
import { crashPoint } from './crash-points.js';
import { OutboxError } from './errors.js';
import { type ApprovalRecord, type ItemFile, itemIdFor } from './item.js';
import { outboxKeyForWriting } from './key.js';
import { createItem, readItem } from './store.js';

export const HASH_MISMATCH_MESSAGE =
  'the payload changed since you previewed it (policy or content): run gatehouse preview again';

/** `sha256:ABC…` or `abc…` → `abc…`; anything that is not 64 hex digits is refused. */
export function normaliseSha256(text: string): string {
  const hex = text
    .trim()
    .replace(/^sha256[:=]/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new OutboxError('hash-mismatch', `"${text}" is not a SHA-256 (64 hexadecimal digits).`);
  }
  return hex;
}

export interface ApproveInput {
  workspace: string;
  /** The payload rebuilt from the saved scan under the current policy. */
  prepared: PreparedPayload;
  /** The hash the reviewer saw in the preview. */
  previewedSha256: string;
  approver: string;
  destination: DestinationRef;
  store: SecretStore;
  now?: Date;
}

export interface ApproveOutcome {
  item: ItemFile;
  /** False when these bytes were already approved for this destination (the existing item is kept as is). */
  created: boolean;
}

export async function approvePayload(input: ApproveInput): Promise<ApproveOutcome> {
  const previewed = normaliseSha256(input.previewedSha256);
  // Hash the bytes themselves: the prepared payload's own `sha256` field is not evidence of anything.
  const actual = sha256Hex(input.prepared.bytes);
  if (actual !== previewed || input.prepared.sha256 !== actual) {
    throw new OutboxError(
      'hash-mismatch',
      `${HASH_MISMATCH_MESSAGE} (you previewed sha256 ${previewed}; it now has sha256 ${actual})`,
    );
  }
  checkSampleFiles(input.prepared);
  const id = itemIdFor(actual, input.destination);
  const existing = await readItem(input.workspace, id);
  if (existing) return { item: existing, created: false };
  const now = input.now ?? new Date();
  const files = input.prepared.sampleFiles;
  const record: ApprovalRecord = {
    id,
    scanId: input.prepared.scanId,
    definitionName: input.prepared.definitionName,
    dataSource: input.prepared.dataSource,
    sha256: actual,
    size: input.prepared.bytes.length,
    policySha256: input.prepared.policySha256,
    destination: input.destination,
    approver: input.approver,
    approvedAt: now.toISOString(),
    ...(files.length > 0
      ? {
          sampleFiles: files.map((file) => ({
            path: file.path,
            size: file.bytes.length,
            sha256: file.sha256,
          })),
        }
      : {}),
  };
  const key = await outboxKeyForWriting(input.store);
  crashPoint('before-queue-write');
  const item = await createItem(
    input.workspace,
    key,
    record,
    input.prepared.bytes,
    now,
    files.map((file) => file.bytes),
  );
  return { item, created: true };
}

/**
 * The approved hash covers the sample files only because the document names each by its SHA-256: check that the
 * files are exactly the ones it names, in its order, and that each hashes to what it claims.
 */
function checkSampleFiles(prepared: PreparedPayload): void {
  const files = prepared.sampleFiles;
  const named =
    files.length > 0 ? fileIdPlaceholders(JSON.parse(new TextDecoder().decode(prepared.bytes))) : [];
  const mismatch =
    named.length !== files.length ||
    files.some((file, i) => sha256Hex(file.bytes) !== file.sha256 || named[i] !== file.sha256);
  if (mismatch) {
    throw new OutboxError(
      'hash-mismatch',
      `${HASH_MISMATCH_MESSAGE} (the sample files are not the ones the document names)`,
    );
  }
}
