/**
 * The outbox as the CLI and the app show it: every approved item with its delivery state, no payload bytes (the
 * listing never needs the key), plus the last payload sent for a scan definition, for the preview's diff.
 */
import * as z from 'zod/mini';
import type { ApprovalRecord, DeliveryState, ItemFile } from '../outbox/item.js';
import { outboxKeyForReading } from '../outbox/key.js';
import { readLedger } from '../outbox/ledger.js';
import { listItems, openItem } from '../outbox/store.js';
import { openSecretStore } from '../secrets/open.js';
import type { SecretStore } from '../secrets/store.js';
import { workspaceDir } from '../workspace/location.js';

export const listOutboxRequestSchema = z.object({ workspace: z.optional(z.string().check(z.minLength(1))) });
export type ListOutboxRequest = z.input<typeof listOutboxRequestSchema>;

export type OutboxEntry = ApprovalRecord & DeliveryState;

export interface OutboxView {
  workspace: string;
  items: OutboxEntry[];
  /** Files that are not readable items: shown with the reason, never deleted. */
  refused: { path: string; problem: string }[];
  /** Inconsistencies worth a look, e.g. an item marked sent that the ledger does not record. */
  warnings: string[];
}

export async function listOutbox(
  rawRequest: ListOutboxRequest = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<OutboxView> {
  const request = listOutboxRequestSchema.parse(rawRequest);
  const workspace = workspaceDir(request.workspace, env);
  const listing = await listItems(workspace);
  const recorded = new Set((await readLedger(workspace)).map((entry) => entry.itemId));
  const warnings = listing.items
    .filter((item) => item.state.status === 'sent' && !recorded.has(item.record.id))
    .map((item) => `Item ${item.record.id} is marked sent but the ledger has no entry for it.`);
  return {
    workspace,
    items: listing.items.map((item) => ({ ...item.record, ...item.state })),
    refused: listing.refused,
    warnings,
  };
}

/** The bytes last sent for this scan definition and data source (for `preview --diff`), or undefined. */
export async function lastUploadedPayload(
  workspace: string,
  scan: { definitionName: string; dataSource: string },
  store: SecretStore,
): Promise<{ bytes: Uint8Array; description: string } | undefined> {
  const { items } = await listItems(workspace);
  const sent = items
    .filter(
      (item: ItemFile) =>
        item.state.status === 'sent' &&
        item.record.definitionName === scan.definitionName &&
        item.record.dataSource === scan.dataSource,
    )
    .sort((a, b) => a.state.updatedAt.localeCompare(b.state.updatedAt))
    .at(-1);
  if (!sent) return undefined;
  const bytes = openItem(workspace, await outboxKeyForReading(store), sent);
  return {
    bytes,
    description: `the payload of scan ${sent.record.scanId} sent to ${sent.record.destination.address} at ${sent.state.updatedAt}`,
  };
}

/** `lastUploadedPayload` as preview's `lastUpload` dependency, with the secret store opened on demand. */
export function lastUploadLookup(
  env: NodeJS.ProcessEnv = process.env,
): (
  workspace: string,
  scan: { definitionName: string; dataSource: string },
) => Promise<{ bytes: Uint8Array; description: string } | undefined> {
  return async (workspace, scan) =>
    lastUploadedPayload(workspace, scan, await openSecretStore({ workspace, env }));
}
