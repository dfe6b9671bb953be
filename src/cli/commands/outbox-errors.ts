/** The errors of approve, upload, outbox and ledger that are the user's to fix: one clear line, exit 3. */
import { DestinationConfigError } from '../../cloud/errors.js';
import { redact } from '../../common/redaction.js';
import { ConfigError } from '../../config/errors.js';
import { OutboxError } from '../../outbox/errors.js';
import { SecretStoreError } from '../../secrets/store.js';
import { WorkspaceError } from '../../workspace/errors.js';

export function reportOutboxError(error: unknown): number {
  const known = [OutboxError, DestinationConfigError, ConfigError, SecretStoreError, WorkspaceError];
  if (!known.some((kind) => error instanceof kind)) throw error;
  const remedy = error instanceof OutboxError && error.remedy ? ` ${error.remedy}` : '';
  process.stderr.write(`gatehouse: ${redact(`${(error as Error).message}${remedy}`)}\n`);
  return 3;
}
