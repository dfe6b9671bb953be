/**
 * Destinations from configuration.yml: `soda_cloud:` (Soda's keys) and Gatehouse's `destinations:` block
 * (`webhook: {url}`, `file: {path}`), or a folder given on the command line for a file export. Approval needs only
 * the address (`destinationRef`); upload builds the sender (`openDestination`), reading secrets on first use.
 */

import type { Destination, HttpSettings } from '../cloud/destination.js';
import type { DestinationKind, DestinationRef } from '../cloud/destination-ref.js';
import { DestinationConfigError } from '../cloud/errors.js';
import { FileExportDestination, fileRef } from '../cloud/file-export.js';
import { SODA_CLOUD_SECRET_REF, SodaCloudDestination, sodaCloudRef } from '../cloud/soda-cloud.js';
import { WEBHOOK_SECRET_REF, WebhookDestination, webhookRef } from '../cloud/webhook.js';
import type { Configuration } from '../config/model.js';
import { OutboxError } from '../outbox/errors.js';
import type { SecretRef, SecretStore } from '../secrets/store.js';

export interface DestinationChoice {
  configuration?: Configuration;
  /** `--to DIR` for a file export: wins over `destinations.file.path`. */
  exportDir?: string;
}

/** The one destination a choice names when none is asked for: Soda Cloud, else the webhook, else the file export. */
export function defaultDestinationKind(choice: DestinationChoice): DestinationKind {
  const config = choice.configuration;
  if (config?.sodaCloud) return 'soda_cloud';
  if (config?.destinations?.webhook) return 'webhook';
  if (choice.exportDir || config?.destinations?.file) return 'file';
  throw new OutboxError(
    'no-destination',
    'No destination is configured: add a soda_cloud: block, or destinations: webhook/file, to configuration.yml (-c), or export to a folder with --destination file --to DIR.',
  );
}

function missing(kind: DestinationKind): never {
  const where: Record<DestinationKind, string> = {
    soda_cloud: 'a soda_cloud: block in configuration.yml (-c)',
    webhook: 'destinations: webhook: url: in configuration.yml (-c)',
    file: 'destinations: file: path: in configuration.yml (-c), or --to DIR',
  };
  throw new DestinationConfigError(`No ${kind} destination is configured: it needs ${where[kind]}.`);
}

export function destinationRef(kind: DestinationKind, choice: DestinationChoice): DestinationRef {
  const config = choice.configuration;
  switch (kind) {
    case 'soda_cloud':
      return config?.sodaCloud ? sodaCloudRef(config.sodaCloud) : missing(kind);
    case 'webhook':
      return config?.destinations?.webhook ? webhookRef(config.destinations.webhook.url) : missing(kind);
    case 'file': {
      const folder = choice.exportDir ?? config?.destinations?.file?.path;
      return folder ? fileRef(folder) : missing(kind);
    }
  }
}

async function storedSecret(store: () => Promise<SecretStore>, ref: SecretRef, how: string): Promise<string> {
  const value = await (await store()).get(ref);
  if (value === undefined || value === '') {
    throw new DestinationConfigError(
      `No ${ref.dataSource} ${ref.field} is stored in the secret store: ${how}.`,
    );
  }
  return value;
}

/** The sender for a kind, or undefined when the choice does not configure it. Secrets are read at first send. */
export function openDestination(
  kind: DestinationKind,
  choice: DestinationChoice,
  store: () => Promise<SecretStore>,
  http?: HttpSettings,
): Destination | undefined {
  const config = choice.configuration;
  switch (kind) {
    case 'soda_cloud': {
      const cloud = config?.sodaCloud;
      if (!cloud) return undefined;
      if (!cloud.apiKeyId) throw new DestinationConfigError('The soda_cloud block has no api_key_id.');
      const fromFile = cloud.apiKeySecret;
      return new SodaCloudDestination(
        cloud,
        {
          apiKeyId: cloud.apiKeyId,
          apiKeySecret: async () =>
            fromFile ??
            storedSecret(
              store,
              SODA_CLOUD_SECRET_REF,
              'run `gatehouse secrets set soda_cloud api_key_secret`',
            ),
        },
        http,
      );
    }
    case 'webhook': {
      const webhook = config?.destinations?.webhook;
      if (!webhook) return undefined;
      return new WebhookDestination(
        webhook.url,
        () =>
          storedSecret(
            store,
            WEBHOOK_SECRET_REF,
            'store the webhook signing secret as webhook:signing_secret',
          ),
        http,
      );
    }
    case 'file': {
      const folder = choice.exportDir ?? config?.destinations?.file?.path;
      return folder ? new FileExportDestination(folder) : undefined;
    }
  }
}
