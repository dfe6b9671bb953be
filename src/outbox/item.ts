/**
 * One outbox item: the approval record (authenticated, never rewritten), the sealed payload, and a delivery state
 * that changes as the uploader works. On disk as one JSON file, `<workspace>/outbox/<id>.json`.
 */

import * as z from 'zod/mini';
import { type DestinationRef, destinationRefSchema, receiptSchema } from '../cloud/destination-ref.js';
import { sha256Hex } from '../common/sha256.js';

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const approvalRecordSchema = z.object({
  id: z.string().check(z.regex(/^[0-9a-f]{24}$/)),
  scanId: z.string(),
  definitionName: z.string(),
  dataSource: z.string(),
  sha256: hex64,
  size: z.int().check(z.minimum(0)),
  policySha256: z.string(),
  destination: destinationRefSchema,
  approver: z.string(),
  approvedAt: z.string(),
  /**
   * Sample files approved with the document (Soda Cloud, level full), in document order: each `File-Path`, size
   * and SHA-256. Absent when there are none, so items approved before sample files existed read as they were.
   */
  sampleFiles: z.optional(
    z.array(z.object({ path: z.string(), size: z.int().check(z.minimum(0)), sha256: hex64 })),
  ),
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryStateSchema = z.object({
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.int().check(z.minimum(0)),
  updatedAt: z.string(),
  /** failed: why the last attempt failed. */
  lastError: z.optional(z.string()),
  /** failed: when a scheduler may try again (exponential backoff with jitter); absent when retrying cannot help. */
  nextAttemptAt: z.optional(z.string()),
  /** sent: what the destination answered. */
  receipt: z.optional(receiptSchema),
});
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const itemFileSchema = z.object({
  format: z.literal('gatehouse-outbox/1'),
  record: approvalRecordSchema,
  nonce: z.string(),
  ciphertext: z.string(),
  /** The sealed sample files, in the record's order. */
  sampleFiles: z.optional(z.array(z.object({ nonce: z.string(), ciphertext: z.string() }))),
  state: deliveryStateSchema,
});
export type ItemFile = z.infer<typeof itemFileSchema>;

/** One item per (bytes, destination): approving the same bytes for the same address again is the same item. */
export function itemIdFor(sha256: string, destination: DestinationRef): string {
  return sha256Hex(`${sha256}\n${destination.kind}\n${destination.address}`).slice(0, 24);
}
