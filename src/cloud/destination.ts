/** A destination delivers one approved payload, unchanged, and answers with a receipt or a DeliveryError. */
import { packageVersion } from '../common/package-root.js';
import type { ApprovalRecord, DestinationRef, Receipt } from '../outbox/item.js';

export interface Delivery {
  /** The approved bytes, already re-hashed against the approval. */
  bytes: Uint8Array;
  sha256: string;
  /** Who approved what, for destinations that name their output after it (file export). */
  record: ApprovalRecord;
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
