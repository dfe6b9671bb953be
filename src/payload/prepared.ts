import type { SampleFile } from './sample-files.js';

/**
 * A prepared payload: the exact bytes that would leave the machine for one scan under one privacy policy.
 * The bytes are serialised once; the preview shows them, approval binds their SHA-256, and the uploader sends
 * them unchanged. Anything that changes the bytes (policy, content) changes the hash and needs a new approval.
 * For Soda Cloud, sample rows are files of their own; the document names each by its SHA-256, so the one hash
 * binds them too.
 */
export interface PreparedPayload {
  /** The scan's own id (ScanResult.scanId). */
  scanId: string;
  definitionName: string;
  dataSource: string;
  /** Canonical UTF-8 JSON of the Soda Cloud scan-results document after the privacy policy. */
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  /** SHA-256 of the canonical privacy policy the bytes were built under. */
  policySha256: string;
  /** Sample files sent before the document (Soda Cloud at level full); empty otherwise. */
  sampleFiles: SampleFile[];
}
