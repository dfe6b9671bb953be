/** `gatehouse ledger [--json] [--export FILE]` and `gatehouse ledger verify [--file FILE]`. */
import { checkLedger, exportLedger, showLedger } from '../../api/ledger.js';
import type { LedgerVerification } from '../../outbox/ledger.js';
import { reportOutboxError } from './outbox-errors.js';

function brokenMessage(result: LedgerVerification): string {
  return `gatehouse: the ledger ${result.path} is broken at line ${result.badLine}: ${result.problem}.\n`;
}

export async function runLedgerCommand(options: {
  workspace?: string;
  json?: boolean;
  export?: string;
}): Promise<number> {
  try {
    if (options.export) {
      const result = await exportLedger({ workspace: options.workspace, to: options.export });
      if (!result.ok) {
        process.stderr.write(`${brokenMessage(result)}Nothing was exported.\n`);
        return 3;
      }
      process.stdout.write(
        `Exported ${result.entries} entries to ${result.exportedTo}. Head hash: ${result.headHash}\n`,
      );
      return 0;
    }
    const { path, entries } = await showLedger({ workspace: options.workspace });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    if (entries.length === 0) {
      process.stdout.write(`The ledger ${path} is empty: nothing has been sent yet.\n`);
      return 0;
    }
    for (const entry of entries) {
      const receipt = entry.receipt.status ? `HTTP ${entry.receipt.status}` : (entry.receipt.id ?? '');
      process.stdout.write(
        `${String(entry.seq).padStart(4)}  ${entry.time}  ${entry.destination.address}\n      sha256 ${entry.sha256}, ${entry.size} bytes, scan ${entry.scanId}, approved by ${entry.approver}; ${receipt}\n`,
      );
    }
    return 0;
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
      `The ledger ${result.path} is intact: ${result.entries} entries, chain verified. Head hash: ${result.headHash}\n`,
    );
    return 0;
  } catch (error) {
    return reportOutboxError(error);
  }
}
