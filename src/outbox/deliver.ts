/**
 * Delivering the outbox: every approved item not yet sent goes to its destination, exactly once in the ledger.
 *
 * Per item, each step durable before the next:
 *   1. `sending` marker written (attempts + 1)                         crash point: after-sending-marker
 *   2. the request; only a 2xx (or a written file) counts as delivered crash point: after-delivery
 *   3. ledger entry appended and fsynced                               crash point: after-ledger
 *   4. state `sent` with the receipt
 * After a crash the item is still `sending` and is retried with the same idempotency key (its SHA-256), unless
 * the ledger already records it (crash between 3 and 4): then it is only marked sent. So the wire sees a repeat
 * only when a crash hit between 1 and 3 — at-least-once there, with the key to drop it — and the ledger exactly one
 * entry per delivered item.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Destination } from '../cloud/destination.js';
import type { DestinationKind, Receipt } from '../cloud/destination-ref.js';
import { DeliveryError, DestinationConfigError } from '../cloud/errors.js';
import { SecretStoreError } from '../secrets/store.js';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { crashPoint } from './crash-points.js';
import { OutboxError } from './errors.js';
import type { DeliveryState, ItemFile } from './item.js';
import { appendLedger, readLedger } from './ledger.js';
import { withUploadLock } from './lock.js';
import { listItems, type OpenedSampleFile, openItem, openSampleFiles, updateState } from './store.js';

/** A run waits this long at most before a retry; an upload should not sit silent for minutes. */
const MAX_WAIT_IN_RUN_MS = 30_000;

export type ItemResult = 'sent' | 'recovered' | 'failed' | 'held' | 'refused' | 'skipped';

export interface ItemOutcome {
  id: string;
  item?: ItemFile;
  result: ItemResult;
  /** Why it failed, was held back, refused or skipped; for `recovered`, what happened. */
  detail?: string;
  receipt?: Receipt;
}

export interface DeliverOptions {
  workspace: string;
  /** The outbox key, asked for only when an item is about to be opened. */
  key: () => Promise<Uint8Array>;
  /** The destination configured now for a kind; undefined or a throw means it cannot be used. */
  destinationFor: (kind: DestinationKind) => Destination | undefined;
  only?: DestinationKind;
  /** Hold back every destination that needs the network. */
  offline?: boolean;
  /**
   * The SHA-256 of the privacy policy in force now (payload/policy.ts). An item approved under another policy is
   * skipped: its bytes were built and reviewed under rules that no longer hold (a stricter policy must not be
   * bypassed by what was queued before it). Absent: not checked (no configuration to read the policy from).
   */
  policySha256?: string;
  /** Tries per item in this run, the first included. */
  maxAttempts?: number;
  /** The longest wait between tries within one run; a longer one (a Retry-After) leaves the item failed until then. */
  maxWaitInRunMs?: number;
  backoff?: BackoffPolicy;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  onOutcome?: (outcome: ItemOutcome) => void;
  /** A try failed and another follows after `waitMs`: a slow, flaky network shows why the run is still going. */
  onRetry?: (retry: {
    id: string;
    attempt: number;
    maxAttempts: number;
    waitMs: number;
    reason: string;
  }) => void;
}

export interface DeliverReport {
  outcomes: ItemOutcome[];
}

export function deliverOutbox(options: DeliverOptions): Promise<DeliverReport> {
  return withUploadLock(options.workspace, () => deliverLocked(options));
}

async function deliverLocked(options: DeliverOptions): Promise<DeliverReport> {
  const outcomes: ItemOutcome[] = [];
  const report = (outcome: ItemOutcome) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  };
  const listing = await listItems(options.workspace);
  for (const refused of listing.refused)
    report({ id: refused.path, result: 'refused', detail: refused.problem });
  const pending = listing.items.filter(
    (item) =>
      item.state.status !== 'sent' && (!options.only || item.record.destination.kind === options.only),
  );
  if (pending.length === 0) return { outcomes };
  const recorded = new Map((await readLedger(options.workspace)).map((entry) => [entry.itemId, entry]));
  let key: Uint8Array | undefined;
  for (const item of pending) {
    const entry = recorded.get(item.record.id);
    if (entry) {
      await updateState(options.workspace, item, sentState(item, entry.receipt, now(options)));
      report({
        id: item.record.id,
        item,
        result: 'recovered',
        detail: 'delivered before an interruption; the ledger already records it',
        receipt: entry.receipt,
      });
      continue;
    }
    if (options.policySha256 !== undefined && item.record.policySha256 !== options.policySha256) {
      report({
        id: item.record.id,
        item,
        result: 'skipped',
        detail:
          'the privacy policy changed after this payload was approved, so it is not sent: preview the scan again and approve what the policy now allows',
      });
      continue;
    }
    const destination = usableDestination(item, options);
    if (typeof destination === 'string') {
      report({ id: item.record.id, item, result: 'skipped', detail: destination });
      continue;
    }
    if (options.offline && destination.network) {
      report({
        id: item.record.id,
        item,
        result: 'held',
        detail: 'offline: nothing is sent over the network',
      });
      continue;
    }
    let bytes: Uint8Array;
    let sampleFiles: OpenedSampleFile[];
    try {
      key ??= await options.key();
      bytes = openItem(options.workspace, key, item);
      sampleFiles = openSampleFiles(options.workspace, key, item);
    } catch (error) {
      if (!(error instanceof OutboxError) || error.code !== 'tampered') throw error;
      report({ id: item.record.id, item, result: 'refused', detail: error.message });
      continue;
    }
    report(await deliverOne(item, { bytes, sampleFiles }, destination, options));
  }
  return { outcomes };
}

/** How to name, for `upload`, the destination an item was approved for. */
const HOW_TO_NAME: Record<DestinationKind, (address: string) => string> = {
  file: (folder) => `it was approved for the folder ${folder}; pass --to ${folder} to write it there`,
  soda_cloud: (url) =>
    `it was approved for ${url}; pass -c with the configuration.yml whose soda_cloud: block names it`,
  webhook: (url) =>
    `it was approved for ${url}; pass -c with the configuration.yml whose destinations: webhook: names it`,
};

/** The destination for this item, or why it cannot be used: the approval names an address, and only it will do. */
function usableDestination(item: ItemFile, options: DeliverOptions): Destination | string {
  const approved = item.record.destination;
  let destination: Destination | undefined;
  try {
    destination = options.destinationFor(approved.kind);
  } catch (error) {
    return `${approved.kind} cannot be used: ${(error as Error).message}`;
  }
  if (!destination)
    return `no ${approved.kind} destination is configured: ${HOW_TO_NAME[approved.kind](approved.address)}`;
  if (destination.ref.address !== approved.address) {
    return `approved for ${approved.address}, but ${approved.kind} is now configured as ${destination.ref.address}: approve the scan again for the new address`;
  }
  return destination;
}

async function deliverOne(
  item: ItemFile,
  opened: { bytes: Uint8Array; sampleFiles: OpenedSampleFile[] },
  destination: Destination,
  options: DeliverOptions,
): Promise<ItemOutcome> {
  const maxAttempts = options.maxAttempts ?? 3;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let current = item;
  for (let attempt = 1; ; attempt++) {
    const attempts = current.state.attempts + 1;
    current = await updateState(options.workspace, current, {
      ...current.state,
      status: 'sending',
      attempts,
      updatedAt: now(options).toISOString(),
    });
    crashPoint('after-sending-marker', options.env);
    let receipt: Receipt;
    try {
      receipt = await destination.deliver({ ...opened, sha256: item.record.sha256, record: item.record });
    } catch (caught) {
      const error = asDeliveryError(caught);
      // Never sooner than the receiver asked (Retry-After); a wait longer than a run should take ends this run.
      const wait = Math.max(backoffDelay(attempts, backoff), error.retryAfterMs ?? 0);
      if (
        error.retryable &&
        attempt < maxAttempts &&
        wait <= (options.maxWaitInRunMs ?? MAX_WAIT_IN_RUN_MS)
      ) {
        options.onRetry?.({
          id: item.record.id,
          attempt: attempt + 1,
          maxAttempts,
          waitMs: wait,
          reason: error.message,
        });
        await (options.sleep ?? sleep)(wait);
        continue;
      }
      const at = now(options);
      const failed: DeliveryState = {
        status: 'failed',
        attempts,
        updatedAt: at.toISOString(),
        lastError: error.message,
        ...(error.retryable ? { nextAttemptAt: new Date(at.getTime() + wait).toISOString() } : {}),
      };
      current = await updateState(options.workspace, current, failed);
      return { id: item.record.id, item: current, result: 'failed', detail: error.message };
    }
    crashPoint('after-delivery', options.env);
    const record = item.record;
    await appendLedger(options.workspace, {
      time: now(options).toISOString(),
      itemId: record.id,
      scanId: record.scanId,
      definitionName: record.definitionName,
      destination: record.destination,
      size: record.size,
      sha256: record.sha256,
      approver: record.approver,
      approvedAt: record.approvedAt,
      receipt,
      ...(record.sampleFiles ? { sampleFiles: record.sampleFiles } : {}),
    });
    crashPoint('after-ledger', options.env);
    current = await updateState(options.workspace, current, sentState(current, receipt, now(options)));
    return { id: record.id, item: current, result: 'sent', receipt };
  }
}

/**
 * A destination that cannot be used as configured (no stored API key secret, a locked keychain) fails the item
 * with the reason, like a refused request, instead of stopping the run: the other items may still go.
 */
function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DestinationConfigError || error instanceof SecretStoreError) {
    return new DeliveryError(error.message, false, undefined, { cause: error });
  }
  throw error;
}

function sentState(item: ItemFile, receipt: Receipt, at: Date): DeliveryState {
  return { status: 'sent', attempts: item.state.attempts, updatedAt: at.toISOString(), receipt };
}

function now(options: DeliverOptions): Date {
  return options.now?.() ?? new Date();
}

function sleep(ms: number): Promise<void> {
  return delay(ms).then(() => undefined);
}
