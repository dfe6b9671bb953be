/** A destination delivers one approved payload, unchanged, and answers with a receipt or a DeliveryError. */
import { packageVersion } from '../common/package-root.js';
import type { DestinationRef, Receipt } from './destination-ref.js';

/** The scan a delivery's bytes came from (an approval record has these and more). */
export interface DeliveryOrigin {
  definitionName: string;
  scanId: string;
  sha256: string;
}

/** An approved sample file: its `File-Path`, its bytes (re-hashed against the approval) and their SHA-256. */
export interface DeliveryFile {
  path: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface Delivery {
  /** The approved bytes, already re-hashed against the approval. */
  bytes: Uint8Array;
  sha256: string;
  /** Sample files approved with the document (Soda Cloud only); empty for most deliveries. */
  sampleFiles: DeliveryFile[];
  /** What was approved, for destinations that name their output after it (file export). */
  record: DeliveryOrigin;
}

export interface Destination {
  /** Kind and exact address: compared with the approval's before anything is sent. */
  readonly ref: DestinationRef;
  /** True when delivering uses the network (so `--offline` holds it back). */
  readonly network: boolean;
  deliver(delivery: Delivery): Promise<Receipt>;
}

export interface HttpSettings {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Extra trusted CA (PEM), for tests with their own certificate authority. */
  ca?: string;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = { timeoutMs: 30_000 };

export function userAgent(): string {
  return `Gatehouse/${packageVersion()}`;
}
