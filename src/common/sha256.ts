/** Lower-case hex SHA-256: the one hash every layer names bytes by (payloads, outbox items, the ledger). */
import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
