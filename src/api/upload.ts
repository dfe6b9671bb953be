/**
 * `upload`: deliver the approved outbox items to their destinations — only approved bytes, re-hashed after
 * decryption, each to the exact address it was approved for. `offline` holds back every network destination
 * (a file export still happens: it sends nothing anywhere); dry-run mode (GATEHOUSE_DRY_RUN) sends and writes
 * nothing at all and only reports what is waiting.
 */
import * as z from 'zod/mini';
import type { HttpSettings } from '../cloud/destination.js';
import { DESTINATION_KINDS } from '../cloud/destination-ref.js';
import { loadConfiguration, NO_DATA_SOURCE } from '../config/load.js';
import { DEFAULT_PRIVACY } from '../config/privacy.js';
import type { BackoffPolicy } from '../outbox/backoff.js';
import {
  type DeliverOptions,
  type DeliverReport,
  deliverOutbox,
  type ItemOutcome,
} from '../outbox/deliver.js';
import { outboxKeyForReading } from '../outbox/key.js';
import { listItems } from '../outbox/store.js';
import { DRY_RUN_ENV, isDryRun } from '../payload/dry-run.js';
import { policySha256 } from '../payload/policy.js';
import { openSecretStore } from '../secrets/open.js';
import type { SecretStore } from '../secrets/store.js';
import { workspaceDir } from '../workspace/location.js';
import { openDestination } from './destinations.js';

const nonEmpty = z.string().check(z.minLength(1));

export const uploadRequestSchema = z.object({
  workspace: z.optional(nonEmpty),
  configPath: z.optional(nonEmpty),
  /** Only items approved for this kind of destination. */
  destination: z.optional(z.enum(DESTINATION_KINDS)),
  exportDir: z.optional(nonEmpty),
  offline: z.optional(z.boolean()),
});

export type UploadRequest = z.input<typeof uploadRequestSchema>;

export interface UploadResult extends DeliverReport {
  workspace: string;
  dryRun: boolean;
}

export interface UploadDependencies {
  store?: SecretStore;
  http?: Partial<HttpSettings>;
  backoff?: BackoffPolicy;
  maxAttempts?: number;
  onOutcome?: (outcome: ItemOutcome) => void;
  onRetry?: DeliverOptions['onRetry'];
}

export async function uploadOutbox(
  rawRequest: UploadRequest,
  env: NodeJS.ProcessEnv = process.env,
  dependencies: UploadDependencies = {},
): Promise<UploadResult> {
  const request = uploadRequestSchema.parse(rawRequest);
  const workspace = workspaceDir(request.workspace, env);
  if (isDryRun(env)) {
    const { items } = await listItems(workspace);
    const outcomes: ItemOutcome[] = items
      .filter((item) => item.state.status !== 'sent')
      .filter((item) => !request.destination || item.record.destination.kind === request.destination)
      .map((item) => ({
        id: item.record.id,
        item,
        result: 'held',
        detail: `dry run (${DRY_RUN_ENV} is set): nothing is sent or written`,
      }));
    return { workspace, dryRun: true, outcomes };
  }
  const configuration = request.configPath
    ? await loadConfiguration(request.configPath, { env, only: NO_DATA_SOURCE })
    : undefined;
  const choice = { configuration, exportDir: request.exportDir };
  let store: Promise<SecretStore> | undefined;
  const openStore = () => {
    store ??= dependencies.store ? Promise.resolve(dependencies.store) : openSecretStore({ workspace, env });
    return store;
  };
  const http: HttpSettings = { timeoutMs: 30_000, env, ...dependencies.http };
  const report = await deliverOutbox({
    workspace,
    key: async () => outboxKeyForReading(await openStore()),
    destinationFor: (kind) => openDestination(kind, choice, openStore, http),
    only: request.destination,
    offline: request.offline,
    // The policy approve would use with this configuration (approve.ts): only then is a policy change known.
    ...(configuration ? { policySha256: policySha256(configuration.privacy ?? DEFAULT_PRIVACY) } : {}),
    backoff: dependencies.backoff,
    maxAttempts: dependencies.maxAttempts,
    env,
    onOutcome: dependencies.onOutcome,
    onRetry: dependencies.onRetry,
  });
  return { workspace, dryRun: false, ...report };
}
