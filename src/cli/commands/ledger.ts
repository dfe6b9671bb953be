/** `gatehouse ledger [--json] [--export FILE]` and `gatehouse ledger verify [--file FILE]`. */
import { checkLedger, exportLedger, showLedger } from '../../api/ledger.js';
import type { LedgerVerification } from '../../outbox/ledger.js';
import { reportOutboxError } from './outbox-errors.js';

function brokenMessage(result: LedgerVerification): string {
  return `gatehouse: the ledger ${result.path} is broken at line ${result.badLine}: ${result.problem}.\n`;
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

export async function runLedgerCommand(options: {
  workspace?: string;
  json?: boolean;
  export?: string;
}): Promise<number> {
  try {
    if (options.export !== undefined) {
      const result = await exportLedger({ workspace: options.workspace, to: options.export });
      if (!result.ok) {
        process.stderr.write(`${brokenMessage(result)}Nothing was exported.\n`);
        return 3;
      }
      process.stdout.write(
        `Exported ${entries(result.entries)} to ${result.exportedTo}. Head hash: ${result.headHash}\n`,
      );
      return 0;
    }
    const { path, entries: listed } = await showLedger({ workspace: options.workspace });
    // The entries are shown even when the chain is broken (they are what there is to look into), but never as if
    // they could be trusted: the break is named on stderr and the exit code is 3, as for `ledger verify`.
    const verification = await checkLedger({ workspace: options.workspace });
    const code = verification.ok ? 0 : 3;
    if (!verification.ok) {
      process.stderr.write(`${brokenMessage(verification)}The entries below cannot be trusted.\n`);
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
      return code;
    }
    if (listed.length === 0) {
      process.stdout.write(`The ledger ${path} is empty: nothing has been sent yet.\n`);
      return code;
    }
    for (const entry of listed) {
      const receipt = entry.receipt.status ? `HTTP ${entry.receipt.status}` : (entry.receipt.id ?? '');
      process.stdout.write(
        `${String(entry.seq).padStart(4)}  ${entry.time}  ${entry.destination.address}\n      sha256 ${entry.sha256}, ${entry.size} bytes, scan ${entry.scanId}, approved by ${entry.approver}; ${receipt}\n`,
      );
    }
    return code;
  } catch (error) {
    return reportOutboxError(error);
  }
}

export async function runLedgerVerifyCommand(options: {
  workspace?: string;
  file?: string;
}): Promise<number> {
  try {
    const result = await checkLedger({ workspace: options.workspace, file: options.file });
    if (!result.ok) {
      process.stderr.write(brokenMessage(result));
      return 3;
    }
    process.stdout.write(
      `The ledger ${result.path} is intact: ${entries(result.entries)}, chain verified. Head hash: ${result.headHash}\n`,
    );
    return 0;
  } catch (error) {
    return reportOutboxError(error);
  }
}
