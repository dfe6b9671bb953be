/** `gatehouse outbox`: the approved items and where each stands (queued, sending, sent, failed). */
import { listOutbox, type OutboxEntry } from '../../api/outbox.js';
import { reportOutboxError } from './outbox-errors.js';
import { withRetryHint } from './retry-hint.js';

function describe(entry: OutboxEntry): string {
  const head = `${entry.status.padEnd(8)} ${entry.id}  scan ${entry.scanId} (${entry.definitionName})`;
  const lines = [
    head,
    `         sha256 ${entry.sha256}, ${entry.size} bytes, approved by ${entry.approver} at ${entry.approvedAt}`,
    `         → ${entry.destination.kind} ${entry.destination.address}`,
  ];
  if (entry.status === 'sent' && entry.receipt) {
    const status = entry.receipt.status ? `HTTP ${entry.receipt.status}` : 'written';
    lines.push(
      `         sent ${entry.updatedAt} (${status}${entry.receipt.id ? `, ${entry.receipt.id}` : ''})`,
    );
  }
  if (entry.status === 'sending') {
    lines.push(
      `         sending since ${entry.updatedAt} (attempt ${entry.attempts}); if no upload is running, it was interrupted: the next gatehouse upload sends it again with the same Idempotency-Key`,
    );
  }
  if (entry.status === 'failed') {
    lines.push(
      `         failed after ${entry.attempts} attempt(s): ${withRetryHint(entry.lastError ?? '', entry)}`,
    );
  }
  return lines.join('\n');
}

export async function runOutboxCommand(options: { workspace?: string; json?: boolean }): Promise<number> {
  try {
    const view = await listOutbox({ workspace: options.workspace });
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ items: view.items, refused: view.refused, warnings: view.warnings }, null, 2)}\n`,
      );
    } else if (view.items.length === 0 && view.refused.length === 0) {
      process.stdout.write(
        `The outbox in ${view.workspace} is empty: \`gatehouse approve\` queues a previewed scan.\n`,
      );
    } else {
      for (const entry of view.items) process.stdout.write(`${describe(entry)}\n`);
      for (const refused of view.refused) process.stdout.write(`refused  ${refused.problem}\n`);
    }
    for (const warning of view.warnings) process.stderr.write(`Warning: ${warning}\n`);
    return view.refused.length > 0 ? 3 : 0;
  } catch (error) {
    return reportOutboxError(error);
  }
}
