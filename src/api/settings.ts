/**
 * The app's settings, kept where the CLI reads them — the workspace's configuration.yml: the `privacy:` block,
 * `soda_cloud:` and `destinations:` — plus the secret store's status. Destination secrets (Soda Cloud's API key
 * secret, the webhook's signing secret) go to the secret store; the settings only say whether they are stored.
 */
import { type Document, isMap, type YAMLMap } from 'yaml';
import type * as z from 'zod/mini';
import type { DestinationKind } from '../cloud/destination-ref.js';
import { SODA_CLOUD_SECRET_REF, sodaCloudRef } from '../cloud/soda-cloud.js';
import { WEBHOOK_SECRET_REF, webhookRef } from '../cloud/webhook.js';
import { registerSecret } from '../common/redaction.js';
import { ConfigError } from '../config/errors.js';
import type { Configuration, DestinationsConfig, SodaCloudConfig } from '../config/model.js';
import {
  DEFAULT_PRIVACY,
  type PrivacyConfig,
  type PrivacyRules,
  privacyBlock,
  toPrivacyConfig,
} from '../config/privacy.js';
import { destinationsBlock, sodaCloudBlock } from '../config/schema.js';
import { hasVariableReference } from '../config/variables.js';
import type { SecretRef } from '../secrets/store.js';
import type { DestinationSettings, SecretState, Settings, SettingsUpdate } from './desktop/contract.js';
import { defaultDestinationKind } from './destinations.js';
import {
  type ConfigDocument,
  editConfigFile,
  readConfigDocument,
  rootMap,
  workspaceConfigPath,
} from './workspace-config.js';
import type { WorkspaceContext } from './workspace-context.js';

function block<T>(config: ConfigDocument, key: string, schema: z.ZodMiniType<T>): T | undefined {
  const node = config.doc.get(key, true);
  if (node === undefined) return undefined;
  const parsed = schema.safeParse(config.doc.get(key) === null ? {} : (node as YAMLMap).toJS(config.doc));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(
    `The ${key}: block of ${config.path} is not valid at ${[key, ...(issue?.path ?? [])].join('.')}: ${issue?.message}. Fix it in the file or in Settings.`,
  );
}

function secretState(
  inFile: string | undefined,
  ref: SecretRef,
  stored: Set<string> | undefined,
): SecretState {
  if (inFile) return hasVariableReference(inFile) ? 'env-reference' : 'in-file';
  if (!stored) return 'unknown';
  return stored.has(`${ref.dataSource}:${ref.field}`) ? 'stored' : 'missing';
}

export async function getSettings(context: WorkspaceContext): Promise<Settings> {
  const configPath = workspaceConfigPath(context.workspace);
  const config = await readConfigDocument(configPath);
  const rawPrivacy = block(config, 'privacy', privacyBlock);
  const rawCloud = block(config, 'soda_cloud', sodaCloudBlock);
  const rawDestinations = block(config, 'destinations', destinationsBlock);

  const store = await context.store();
  const keychain = await store.status();
  const stored = keychain.available
    ? await store.list().then(
        (refs) => new Set(refs.map((ref) => `${ref.dataSource}:${ref.field}`)),
        () => undefined,
      )
    : undefined;

  const destinations: DestinationSettings = {};
  let sodaCloud: SodaCloudConfig | undefined;
  if (rawCloud) {
    sodaCloud = {
      scheme: rawCloud.scheme ?? 'https',
      host: rawCloud.host,
      port: rawCloud.port,
      apiKeyId: rawCloud.api_key_id,
    };
    destinations.sodaCloud = {
      ...(rawCloud.host !== undefined ? { host: rawCloud.host } : {}),
      ...(rawCloud.port !== undefined ? { port: rawCloud.port } : {}),
      scheme: sodaCloud.scheme,
      ...(rawCloud.api_key_id !== undefined ? { apiKeyId: rawCloud.api_key_id } : {}),
      apiKeySecret: secretState(rawCloud.api_key_secret || undefined, SODA_CLOUD_SECRET_REF, stored),
    };
  }
  const configured: DestinationsConfig = {};
  if (rawDestinations?.webhook) {
    configured.webhook = rawDestinations.webhook;
    destinations.webhook = {
      url: rawDestinations.webhook.url,
      signingSecret: secretState(undefined, WEBHOOK_SECRET_REF, stored),
    };
  }
  if (rawDestinations?.file) {
    configured.file = rawDestinations.file;
    destinations.file = { path: rawDestinations.file.path };
  }
  let defaultKind: DestinationKind | undefined;
  try {
    const configuration = { sodaCloud, destinations: configured } as Partial<Configuration> as Configuration;
    defaultKind = defaultDestinationKind({ configuration });
  } catch {
    defaultKind = undefined;
  }
  if (defaultKind) destinations.defaultKind = defaultKind;

  return {
    workspace: context.workspace,
    configPath,
    privacy: rawPrivacy ? toPrivacyConfig(rawPrivacy) : DEFAULT_PRIVACY,
    privacyIsDefault: rawPrivacy === undefined,
    destinations,
    keychain,
  };
}

function rulesBlock(rules: PrivacyRules): Record<string, unknown> {
  return {
    ...(rules.level !== undefined ? { level: rules.level } : {}),
    ...(rules.excludeColumns?.length ? { exclude_columns: rules.excludeColumns } : {}),
    ...(rules.withholdValues !== undefined && rules.withholdValues !== false
      ? { withhold_values: rules.withholdValues }
      : {}),
    ...(rules.hashIdentifiers ? { hash_identifiers: true } : {}),
    ...(rules.sampleColumns !== undefined ? { sample_columns: rules.sampleColumns } : {}),
  };
}

/** A policy as the `privacy:` block writes it: only what differs from the defaults, datasets in order. */
export function privacyToBlock(policy: PrivacyConfig): Record<string, unknown> {
  const datasets = Object.entries(policy.datasets);
  const result: Record<string, unknown> = { ...rulesBlock(policy), level: policy.level };
  if (datasets.length > 0) {
    result.datasets = Object.fromEntries(datasets.map(([pattern, rules]) => [pattern, rulesBlock(rules)]));
  }
  // Whatever is written must read back as the same policy.
  const parsed = privacyBlock.safeParse(result);
  if (!parsed.success)
    throw new ConfigError(`The privacy settings are not valid: ${parsed.error.issues[0]?.message}.`);
  return result;
}

/** Sets or removes `key` inside a map, removing the map itself when it ends up empty. */
function setIn(doc: Document, path: [string, string], value: unknown | null): void {
  if (value === null) {
    doc.deleteIn(path);
    const parent = doc.get(path[0], true);
    if (isMap(parent) && parent.items.length === 0) doc.delete(path[0]);
  } else {
    if (!isMap(doc.get(path[0], true))) doc.set(path[0], doc.createNode({}));
    doc.setIn(path, doc.createNode(value));
  }
}

export async function updateSettings(
  update: Omit<SettingsUpdate, 'workspace'>,
  context: WorkspaceContext,
): Promise<Settings> {
  const configPath = workspaceConfigPath(context.workspace);
  // Validated before anything is stored or written: a refused update changes nothing.
  if (update.sodaCloud) sodaCloudRef({ scheme: 'https', ...update.sodaCloud });
  if (update.webhook) webhookRef(update.webhook.url);
  const privacy = update.privacy ? privacyToBlock(update.privacy) : undefined;

  if (update.secrets) {
    const store = await context.store();
    const { apiKeySecret, signingSecret } = update.secrets;
    if (apiKeySecret) {
      registerSecret(apiKeySecret);
      await store.set(SODA_CLOUD_SECRET_REF, apiKeySecret);
    }
    if (signingSecret) {
      registerSecret(signingSecret);
      await store.set(WEBHOOK_SECRET_REF, signingSecret);
    }
  }

  if (
    privacy ||
    update.sodaCloud !== undefined ||
    update.webhook !== undefined ||
    update.file !== undefined
  ) {
    await editConfigFile(configPath, context.workspace, (doc) => {
      rootMap(doc);
      if (privacy) doc.set('privacy', doc.createNode(privacy));
      if (update.sodaCloud === null) doc.delete('soda_cloud');
      else if (update.sodaCloud) {
        if (!isMap(doc.get('soda_cloud', true))) doc.set('soda_cloud', doc.createNode({}));
        const cloud = doc.get('soda_cloud', true) as YAMLMap;
        const fields: Array<[string, unknown]> = [
          ['host', update.sodaCloud.host],
          ['port', update.sodaCloud.port],
          ['scheme', update.sodaCloud.scheme],
          ['api_key_id', update.sodaCloud.apiKeyId],
        ];
        for (const [key, value] of fields) {
          if (value === undefined) cloud.delete(key);
          else cloud.set(key, value);
        }
      }
      if (update.webhook !== undefined) setIn(doc, ['destinations', 'webhook'], update.webhook);
      if (update.file !== undefined) setIn(doc, ['destinations', 'file'], update.file);
    });
  }
  return getSettings(context);
}
