/** `gatehouse upload`: send the approved outbox items, one line per item; exit 3 if any could not be delivered. */
import { uploadOutbox } from '../../api/upload.js';
import type { DestinationKind } from '../../cloud/destination-ref.js';
import { redact } from '../../common/redaction.js';
import type { ItemOutcome } from '../../outbox/deliver.js';
import { reportOutboxError } from './outbox-errors.js';
import { withRetryHint } from './retry-hint.js';

export interface UploadOptions {
  configuration?: string;
  workspace?: string;
  destination?: DestinationKind;
  to?: string;
  offline?: boolean;
  json?: boolean;
}

function line(outcome: ItemOutcome): string {
  const record = outcome.item?.record;
  const what = record ? `${record.id}  scan ${record.scanId} → ${record.destination.address}` : outcome.id;
  const receipt = outcome.receipt?.status ? ` (HTTP ${outcome.receipt.status})` : '';
  const text =
    outcome.result === 'failed' ? withRetryHint(outcome.detail ?? '', outcome.item?.state) : outcome.detail;
  const detail = text ? `: ${redact(text)}` : '';
  return `${outcome.result.padEnd(9)} ${what}${receipt}${detail}`;
}

/**
 * Ctrl+C mid-send: whether the request in flight arrived cannot be known, so say what that means instead of
 * dying silently. The item stays `sending`; the next upload sends it with the same Idempotency-Key (or, if the
 * ledger already has it, only marks it sent), so nothing is lost and the ledger records it once.
 */
function onInterrupt(): void {
  process.stderr.write(
    '\nInterrupted. An item that was being sent stays "sending": whether it arrived is not known. Nothing is lost: the next `gatehouse upload` sends it again with the same Idempotency-Key, so the receiver can drop a repeat, and the ledger records it once.\n',
  );
  process.exit(130);
}

export async function runUploadCommand(options: UploadOptions): Promise<number> {
  process.once('SIGINT', onInterrupt);
  try {
    const json = options.json === true;
    const result = await uploadOutbox(
      {
        configPath: options.configuration,
        workspace: options.workspace,
        destination: options.destination,
        exportDir: options.to,
        offline: options.offline,
      },
      process.env,
      // Each line as soon as its item is settled: a long queue shows progress, and a crash leaves the log so far.
      {
        onOutcome: json ? undefined : (outcome) => process.stdout.write(`${line(outcome)}\n`),
        // On stderr, so stdout keeps one line per item; a hanging receiver otherwise means minutes of silence.
        onRetry: (retry) =>
          process.stderr.write(
            `retrying ${retry.id} in ${(retry.waitMs / 1000).toFixed(1)} s (try ${retry.attempt} of ${retry.maxAttempts}): ${redact(retry.reason)}\n`,
          ),
      },
    );
    if (json) {
      const summary = result.outcomes.map(({ item, ...rest }) => ({
        ...rest,
        record: item?.record,
        state: item?.state,
      }));
      process.stdout.write(`${JSON.stringify({ dryRun: result.dryRun, outcomes: summary }, null, 2)}\n`);
    } else if (result.dryRun) {
      for (const outcome of result.outcomes) process.stdout.write(`${line(outcome)}\n`);
    }
    if (!json && result.outcomes.length === 0)
      process.stdout.write('Nothing to send: the outbox has no approved item waiting.\n');
    const bad = result.outcomes.filter((o) => ['failed', 'refused', 'skipped'].includes(o.result));
    return bad.length > 0 ? 3 : 0;
  } catch (error) {
    return reportOutboxError(error);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
