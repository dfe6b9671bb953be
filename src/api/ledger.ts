/** The ledger for the CLI and the app: entries, verification, and an export for compliance review. */
import { copyFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { OutboxError } from '../outbox/errors.js';
import {
  type LedgerEntry,
  type LedgerVerification,
  ledgerPath,
  readLedger,
  verifyLedger,
} from '../outbox/ledger.js';
import { workspaceDir } from '../workspace/location.js';

const nonEmpty = z.string().check(z.minLength(1));

export const ledgerRequestSchema = z.object({
  workspace: z.optional(nonEmpty),
  /** verify: a ledger file elsewhere (an export) instead of the workspace's. */
  file: z.optional(nonEmpty),
});
export type LedgerRequest = z.input<typeof ledgerRequestSchema>;

export async function showLedger(
  rawRequest: LedgerRequest = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; entries: LedgerEntry[] }> {
  const request = ledgerRequestSchema.parse(rawRequest);
  const workspace = workspaceDir(request.workspace, env);
  return { path: ledgerPath(workspace), entries: await readLedger(workspace) };
}

export async function checkLedger(
  rawRequest: LedgerRequest = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<LedgerVerification> {
  const request = ledgerRequestSchema.parse(rawRequest);
  if (request.file) {
    const file = resolve(request.file);
    await mustBeLedgerFile(file);
    return verifyLedger(file);
  }
  return verifyLedger(ledgerPath(workspaceDir(request.workspace, env)));
}

/**
 * A workspace without a ledger has sent nothing, and its empty ledger is intact; an exported ledger named on the
 * command line must exist, or a mistyped path would be reported as an intact ledger of 0 entries.
 */
async function mustBeLedgerFile(path: string): Promise<void> {
  const remedy = 'Give the path of a file written by `gatehouse ledger --export`.';
  try {
    if ((await stat(path)).isFile()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new OutboxError('not-found', `There is no ledger file ${path}.`, { remedy });
  }
  throw new OutboxError('not-found', `${path} is not a file.`, { remedy });
}

/**
 * Copies the ledger byte for byte, after verifying it: an export is only made of a ledger whose chain holds, and
 * the result names the head hash, which anchors every entry of the copy.
 */
export async function exportLedger(
  rawRequest: LedgerRequest & { to: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<LedgerVerification & { exportedTo?: string }> {
  const { to: target } = z.object({ to: nonEmpty }).parse({ to: rawRequest.to });
  const verification = await checkLedger(rawRequest, env);
  if (!verification.ok) return verification;
  const to = resolve(target);
  if (verification.entries === 0) await writeFile(to, '');
  else await copyFile(verification.path, to);
  return { ...verification, exportedTo: to };
}
