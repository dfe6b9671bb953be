/**
 * Where approved bytes may go, and what a destination hands back: the vocabulary the outbox stores and every
 * destination speaks.
 */
import * as z from 'zod/mini';
import { DESTINATION_KINDS } from './destination-kinds.js';

export { DESTINATION_KINDS, type DestinationKind } from './destination-kinds.js';

/** Where an approval allows the bytes to go: a kind and its exact address (URL, or folder for a file export). */
export const destinationRefSchema = z.object({
  kind: z.enum(DESTINATION_KINDS),
  address: z.string(),
});
export type DestinationRef = z.infer<typeof destinationRefSchema>;

export const receiptSchema = z.object({
  /** HTTP status; absent for a file export. */
  status: z.optional(z.int()),
  /** SHA-256 of the response body, or of the sidecar for a file export. */
  responseSha256: z.optional(z.string()),
  /** An id the receiver returned, or the path written. */
  id: z.optional(z.string()),
  /** Soda Cloud: the fileId it gave each sample file, in the approval's order. */
  sampleFileIds: z.optional(z.array(z.string())),
});
export type Receipt = z.infer<typeof receiptSchema>;
