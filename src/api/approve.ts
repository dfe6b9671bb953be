/**
 * `approve`: rebuild the payload of a saved scan under the current privacy policy — exactly as the preview does —
 * and, only if its SHA-256 is the one the reviewer saw, record the approval and queue the bytes in the outbox.
 */
import { userInfo } from 'node:os';
import * as z from 'zod/mini';
import { DESTINATION_KINDS, type DestinationKind } from '../cloud/destination-ref.js';
import { loadConfiguration, NO_DATA_SOURCE } from '../config/load.js';
import type { Configuration } from '../config/model.js';
import { DEFAULT_PRIVACY } from '../config/privacy.js';
import { approvePayload, normaliseSha256 } from '../outbox/approval.js';
import { OutboxError } from '../outbox/errors.js';
import type { ItemFile } from '../outbox/item.js';
import { buildPayload, needsSalt } from '../payload/prepare.js';
import type { PreparedPayload } from '../payload/prepared.js';
import { workspaceSalt } from '../payload/salt.js';
import { openSecretStore } from '../secrets/open.js';
import type { SecretStore } from '../secrets/store.js';
import { workspaceDir } from '../workspace/location.js';
import { readScan } from '../workspace/read.js';
import { defaultDestinationKind, destinationRef } from './destinations.js';
import { sampleLayoutFor } from './preview.js';

const nonEmpty = z.string().check(z.minLength(1));

export const approveRequestSchema = z.object({
  workspace: z.optional(nonEmpty),
  /** A scan id, or `latest`. */
  scan: z._default(nonEmpty, 'latest'),
  /** The SHA-256 shown by `gatehouse preview`. */
  sha256: nonEmpty,
  /** Who approves; default: the OS user. */
  approver: z.optional(nonEmpty),
  configPath: z.optional(nonEmpty),
  destination: z.optional(z.enum(DESTINATION_KINDS)),
  /** Folder for a file export (wins over destinations.file.path). */
  exportDir: z.optional(nonEmpty),
});

export type ApproveRequest = z.input<typeof approveRequestSchema>;

export interface ApproveResult {
  workspace: string;
  scanId: string;
  item: ItemFile;
  /** False when these bytes were already approved for this destination. */
  created: boolean;
  warnings: string[];
}

export interface ApproveDependencies {
  store?: SecretStore;
}

/** The payload as `gatehouse preview` builds it: same policy source, same salt, same builder, same layout. */
export async function rebuildPayload(
  workspace: string,
  scan: string,
  configuration: Configuration | undefined,
  destination: DestinationKind,
): Promise<{ prepared: PreparedPayload; scanId: string; warnings: string[] }> {
  const policy = configuration?.privacy ?? DEFAULT_PRIVACY;
  const saved = await readScan(workspace, scan);
  const salt = needsSalt(policy) ? await workspaceSalt(workspace) : undefined;
  const samples = sampleLayoutFor(destination);
  const { prepared } = buildPayload(saved.result, policy, { samples, ...(salt ? { salt } : {}) });
  return { prepared, scanId: saved.id, warnings: saved.warnings };
}

export function defaultApprover(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

export async function approveScan(
  rawRequest: ApproveRequest,
  env: NodeJS.ProcessEnv = process.env,
  dependencies: ApproveDependencies = {},
): Promise<ApproveResult> {
  const request = approveRequestSchema.parse(rawRequest);
  // A malformed hash is the first thing to say: it is wrong whatever the configuration and the scan.
  normaliseSha256(request.sha256);
  const workspace = workspaceDir(request.workspace, env);
  const configuration = request.configPath
    ? await loadConfiguration(request.configPath, { env, only: NO_DATA_SOURCE })
    : undefined;
  const choice = { configuration, exportDir: request.exportDir };
  const kind = request.destination ?? defaultDestinationKind(choice);
  const destination = destinationRef(kind, choice);
  const { prepared, scanId, warnings } = await rebuildPayload(workspace, request.scan, configuration, kind);
  const store = dependencies.store ?? (await openSecretStore({ workspace, env }));
  const outcome = await approvePayload({
    workspace,
    // The approval names the scan as the user does: by its id in the workspace history.
    prepared: { ...prepared, scanId },
    previewedSha256: request.sha256,
    approver: request.approver ?? defaultApprover(env),
    destination,
    store,
  }).catch(async (error: unknown) => {
    if (!(error instanceof OutboxError && error.code === 'hash-mismatch')) throw error;
    throw (await layoutMismatch(workspace, request.scan, configuration, kind, request.sha256)) ?? error;
  });
  return { workspace, scanId, warnings, ...outcome };
}

const LAYOUT_WORDS = {
  files: 'Soda Cloud, which takes sample rows as separate files',
  inline: 'a webhook or file export, which carries sample rows inside the document',
} as const;

/**
 * Approval refused for a hash mismatch: were the previewed bytes laid out for the other kind of destination?
 * If so, an error that says so (the generic "payload changed" would send the user looking in the wrong place);
 * otherwise undefined.
 */
async function layoutMismatch(
  workspace: string,
  scan: string,
  configuration: Configuration | undefined,
  approvedFor: DestinationKind,
  previewedSha256: string,
): Promise<OutboxError | undefined> {
  const layout = sampleLayoutFor(approvedFor);
  const other: DestinationKind = layout === 'files' ? 'webhook' : 'soda_cloud';
  const rebuilt = await rebuildPayload(workspace, scan, configuration, other).catch(() => undefined);
  if (rebuilt?.prepared.sha256 !== previewedSha256.trim().toLowerCase()) return undefined;
  return new OutboxError(
    'hash-mismatch',
    `Not approved: the bytes you previewed were laid out for ${LAYOUT_WORDS[sampleLayoutFor(other)]}, but this approval is for ${approvedFor} (${LAYOUT_WORDS[layout]}). Their sample rows differ, and so does their SHA-256.`,
    { remedy: `Preview the payload for ${approvedFor}, check it, then approve that preview.` },
  );
}
