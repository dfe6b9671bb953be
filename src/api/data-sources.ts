/**
 * Data source management for the app: list the `data_source NAME:` blocks of the workspace's configuration.yml
 * with the state of their secrets, add or edit one from a form's values, remove one, and import another
 * configuration file. Secrets go to the secret store, never into the file: a plain-text secret found in an
 * imported file is moved into the store; the value a form sends is stored and the file gets no key for it.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import type * as z from 'zod/mini';
import { registerSecret } from '../common/redaction.js';
import { DATA_SOURCE_NAME } from '../config/data-source-name.js';
import { DATA_SOURCE_HEADER } from '../config/document.js';
import { ConfigError } from '../config/errors.js';
import { parseConfiguration } from '../config/load.js';
import { planSecretRemoval } from '../config/remove-secrets.js';
import { SECRET_FIELDS } from '../config/secret-fields.js';
import { hasVariableReference } from '../config/variables.js';
import { type SecretRef, type SecretStore, SecretStoreError } from '../secrets/store.js';
import {
  DEFINITION_KEYS,
  postgresDefinitionSchema,
  SNOWFLAKE_AUTH_MODES,
  snowflakeDefinitionSchema,
} from './data-source-definition.js';
import { checkKeyPair, KeyPairError } from './data-source-key.js';
import { storeName } from './data-source-secret.js';
import type {
  DataSourceDefinition,
  DataSourceList,
  DataSourceView,
  ImportConfigurationResult,
  KeyPairCheck,
  RemoveDataSourceResult,
  SaveDataSourceResult,
  SecretFieldCatalog,
  SecretFieldStatus,
  SecretState,
} from './desktop/contract.js';
import {
  type ConfigDocument,
  dataSourcePairs,
  editConfigFile,
  findDataSource,
  locationOf,
  parseConfigText,
  readConfigDocument,
  rootMap,
  workspaceConfigPath,
} from './workspace-config.js';
import type { WorkspaceContext } from './workspace-context.js';

/** A request the engine refuses, with what to do instead; `code` maps to the API's error codes. */
export class DataSourceError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'invalid-input',
    message: string,
    readonly remedy?: string,
  ) {
    super(message);
    this.name = 'DataSourceError';
  }
}

type Definition = DataSourceDefinition;

/** The secret fields a definition uses, and which of them it cannot do without. */
export function secretFieldsFor(
  definition: Definition | { type: string },
): Array<{ field: string; required: boolean }> {
  if (definition.type === 'postgres') {
    // A server that trusts the client (or uses certificates) asks for no password.
    return [{ field: 'password', required: false }];
  }
  if (definition.type === 'snowflake' && 'authenticator' in definition) {
    switch (definition.authenticator) {
      case 'snowflake':
        return [{ field: 'password', required: true }];
      case 'snowflake_jwt':
        return [
          { field: 'private_key', required: true },
          { field: 'private_key_passphrase', required: false },
        ];
      case 'oauth':
      case 'programmatic_access_token':
        return [{ field: 'token', required: true }];
      case 'externalbrowser':
        return [];
    }
  }
  return (SECRET_FIELDS[definition.type] ?? []).map((field) => ({ field, required: false }));
}

/** secretFieldsFor for every type and auth mode: what the app's form asks for. */
export function secretFieldCatalog(): SecretFieldCatalog {
  const snowflake = {} as SecretFieldCatalog['snowflake'];
  for (const authenticator of SNOWFLAKE_AUTH_MODES) {
    snowflake[authenticator] = secretFieldsFor({ type: 'snowflake', authenticator });
  }
  return { postgres: secretFieldsFor({ type: 'postgres' }), snowflake };
}

/** The definition a block holds, or why it does not hold one the form can edit. */
function readDefinition(name: string, block: unknown): { definition?: Definition; problem?: string } {
  if (!block || typeof block !== 'object' || Array.isArray(block)) {
    return { problem: `data_source ${name} is not a map of settings.` };
  }
  const raw = block as Record<string, unknown>;
  const type = raw.type;
  if (type !== 'postgres' && type !== 'snowflake') {
    return {
      problem: `data_source ${name} has type ${JSON.stringify(type ?? null)}: use postgres or snowflake.`,
    };
  }
  const candidate: Record<string, unknown> = { type, name };
  for (const [field, key] of DEFINITION_KEYS[type]) {
    let value = raw[key];
    if (value === undefined || value === null) continue;
    if (field === 'authenticator' && typeof value === 'string') value = value.toLowerCase();
    candidate[field] = value;
  }
  const schema: z.ZodMiniType<Definition> =
    type === 'postgres' ? postgresDefinitionSchema : snowflakeDefinitionSchema;
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { definition: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  const key = DEFINITION_KEYS[type].find(([f]) => f === field)?.[1] ?? String(field ?? 'a key');
  const value = typeof field === 'string' ? raw[key] : undefined;
  const why =
    typeof value === 'string' && hasVariableReference(value)
      ? 'it is a ${VAR} reference, which the form cannot edit (edit the file)'
      : (issue?.message ?? 'it is not valid');
  return { problem: `${key} of data_source ${name}: ${why}.` };
}

function secretState(
  block: Record<string, unknown>,
  ref: SecretRef,
  stored: ReadonlySet<string> | undefined,
): SecretState {
  const inFile = block[ref.field];
  if (inFile !== undefined && inFile !== null && inFile !== '') {
    return typeof inFile === 'string' && hasVariableReference(inFile) ? 'env-reference' : 'in-file';
  }
  if (!stored) return 'unknown';
  return stored.has(`${ref.dataSource}:${ref.field}`) ? 'stored' : 'missing';
}

/** Names of the stored secrets, or undefined when the store cannot be read (every state is then `unknown`). */
async function storedKeys(store: SecretStore): Promise<Set<string> | undefined> {
  try {
    return new Set((await store.list()).map((ref) => `${ref.dataSource}:${ref.field}`));
  } catch (error) {
    if (error instanceof SecretStoreError) return undefined;
    throw error;
  }
}

function viewOf(
  config: Omit<ConfigDocument, 'exists'>,
  name: string,
  pair: Pair,
  stored: ReadonlySet<string> | undefined,
  fileProblem?: ConfigError,
): DataSourceView {
  const block = isMap(pair.value) ? (pair.value.toJS(config.doc) as Record<string, unknown>) : {};
  const { definition, problem } = readDefinition(name, isMap(pair.value) ? block : pair.value);
  const type = typeof block.type === 'string' ? block.type : 'unknown';
  const secrets: SecretFieldStatus[] = secretFieldsFor(definition ?? { type }).map(({ field, required }) => ({
    field,
    required,
    state: secretState(block, { dataSource: name, field }, stored),
  }));
  const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  const end = (pair.value as YAMLMap | null)?.range?.[2];
  const location = locationOf(config, start);
  let validation: string | undefined;
  if (fileProblem?.location && start !== undefined && end !== undefined) {
    const last = config.lineCounter.linePos(end).line;
    if (fileProblem.location.line >= location.line && fileProblem.location.line <= last) {
      validation = `${fileProblem.location.line}:${fileProblem.location.col}: ${fileProblem.detail}`;
    }
  }
  const shown = problem ?? validation;
  return {
    name,
    type,
    ...(definition ? { definition } : {}),
    secrets,
    location,
    ...(shown ? { problem: shown } : {}),
  };
}

export async function listDataSources(context: WorkspaceContext): Promise<DataSourceList> {
  const path = workspaceConfigPath(context.workspace);
  const store = await context.store();
  const backend = await store.status();
  let config: ConfigDocument;
  try {
    config = await readConfigDocument(path);
  } catch (error) {
    if (error instanceof ConfigError)
      return {
        configPath: path,
        dataSources: [],
        secretFields: secretFieldCatalog(),
        fileProblem: error.message,
        backend,
      };
    throw error;
  }
  // The whole file as a scan would read it: its first problem is shown at the block it belongs to.
  let fileProblem: ConfigError | undefined;
  try {
    parseConfiguration(path, config.text, { env: context.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    fileProblem = error;
  }
  const stored = backend.available ? await storedKeys(store) : undefined;
  const dataSources = dataSourcePairs(config.doc).map(({ name, pair }) =>
    viewOf(config, name, pair, stored, fileProblem),
  );
  const blockProblem = dataSources.some((ds) => ds.problem !== undefined);
  return {
    configPath: path,
    dataSources,
    secretFields: secretFieldCatalog(),
    ...(fileProblem && !blockProblem ? { fileProblem: fileProblem.message } : {}),
    backend,
  };
}

const MAX_SECRET_BYTES = 64 * 1024;

/** The secrets a form sends, checked against what its type takes, values registered for redaction at once. */
function checkedSecrets(
  definition: Definition,
  secrets: Record<string, string> | undefined,
): Array<[string, string]> {
  const entries = Object.entries(secrets ?? {});
  for (const [, value] of entries) registerSecret(value);
  const allowed = SECRET_FIELDS[definition.type] ?? [];
  for (const [field, value] of entries) {
    if (!allowed.includes(field)) {
      throw new DataSourceError(
        'invalid-input',
        `"${field}" is not a secret field of a ${definition.type} data source.`,
        `Use one of: ${allowed.join(', ')}.`,
      );
    }
    if (value === '')
      throw new DataSourceError(
        'invalid-input',
        `The ${field} is empty.`,
        'Give a value, or leave the field out.',
      );
    if (Buffer.byteLength(value) > MAX_SECRET_BYTES) {
      throw new DataSourceError(
        'invalid-input',
        `The ${field} is longer than 64 KiB.`,
        'Check that you gave the right value.',
      );
    }
  }
  return entries;
}

/** Sets the form's keys on a block, removes the keys the form manages but left empty, keeps every other key. */
function writeDefinition(block: YAMLMap, definition: Definition): void {
  block.set('type', definition.type);
  const managed = new Set([...DEFINITION_KEYS.postgres, ...DEFINITION_KEYS.snowflake].map(([, key]) => key));
  const values = new Map<string, unknown>();
  for (const [field, key] of DEFINITION_KEYS[definition.type]) {
    const value = (definition as unknown as Record<string, unknown>)[field];
    if (value !== undefined) values.set(key, value);
  }
  for (const key of managed) if (!values.has(key)) block.delete(key);
  for (const [key, value] of values) block.set(key, value);
}

export interface SaveDataSourceInput {
  definition: Definition;
  originalName?: string;
  secrets?: Record<string, string>;
}

export async function saveDataSource(
  input: SaveDataSourceInput,
  context: WorkspaceContext,
): Promise<SaveDataSourceResult> {
  const { definition, originalName } = input;
  const secrets = checkedSecrets(definition, input.secrets);
  const path = workspaceConfigPath(context.workspace);
  const store = await context.store();
  const renamed = originalName !== undefined && originalName !== definition.name;

  // Checked before anything is stored, so a refused save changes nothing.
  const current = await readConfigDocument(path);
  const existing = originalName === undefined ? undefined : findDataSource(current.doc, originalName);
  if (originalName !== undefined && !existing) {
    throw new DataSourceError(
      'not-found',
      `There is no data source ${originalName} in ${path}.`,
      'Reload the list.',
    );
  }
  if ((originalName === undefined || renamed) && findDataSource(current.doc, definition.name)) {
    throw new DataSourceError(
      'conflict',
      `A data source named ${definition.name} already exists in ${path}.`,
      'Choose another name, or edit that one.',
    );
  }

  // A key pair that cannot work is refused before anything is stored (as `gatehouse secrets set` does).
  let keyPair: KeyPairCheck | undefined;
  try {
    keyPair = await checkKeyPair(definition, new Map(secrets), store, originalName ?? definition.name);
  } catch (error) {
    if (error instanceof KeyPairError)
      throw new DataSourceError('invalid-input', error.message, error.remedy);
    throw error;
  }

  // Secrets first: the file never names a data source whose new secret failed to land. A rename copies them and
  // deletes the old ones only once the file says the new name: a failed write leaves both names working.
  const copied = renamed ? await copySecrets(store, originalName, definition.name) : [];
  for (const [field, value] of secrets) await store.set({ dataSource: definition.name, field }, value);

  await editConfigFile(path, context.workspace, (doc) => {
    const root = rootMap(doc);
    let pair = originalName === undefined ? undefined : findDataSource(doc, originalName);
    if (!pair) {
      pair = doc.createPair(`data_source ${definition.name}`, {});
      root.items.push(pair);
    } else if (renamed && isScalar(pair.key)) {
      pair.key.value = `data_source ${definition.name}`;
    }
    if (!isMap(pair.value)) pair.value = doc.createNode({});
    const block = pair.value as YAMLMap;
    writeDefinition(block, definition);
    // A secret just stored must not be shadowed by an old plain-text copy in the file (the file would win).
    for (const [field] of secrets) {
      const inFile = block.get(field);
      if (typeof inFile !== 'string' || !hasVariableReference(inFile)) block.delete(field);
    }
  });

  for (const ref of copied) await store.delete(ref);
  const deletedSecrets = await deleteUnusedSecrets(store, definition);

  const list = await listDataSources(context);
  const view = list.dataSources.find((ds) => ds.name === definition.name) as DataSourceView;
  return {
    dataSource: view,
    storedSecrets: secrets.map(([field]) => field),
    backend: { kind: store.kind, description: store.description ?? storeName(store.kind) },
    ...(keyPair ? { keyPair } : {}),
    ...(deletedSecrets.length > 0 ? { deletedSecrets } : {}),
  };
}

/**
 * Deletes the stored secrets of a data source that its sign-in no longer uses (a Snowflake password kept after a
 * switch to key pair): nothing would read them, no screen would show them, and a secret is not kept beyond use.
 */
async function deleteUnusedSecrets(store: SecretStore, definition: Definition): Promise<string[]> {
  const used = new Set(secretFieldsFor(definition).map(({ field }) => field));
  const deleted: string[] = [];
  try {
    for (const ref of await store.list()) {
      if (ref.dataSource === definition.name && !used.has(ref.field) && (await store.delete(ref)))
        deleted.push(ref.field);
    }
  } catch (error) {
    // The file is saved by now: a store that cannot list or delete (read-only environment variables) keeps them.
    if (!(error instanceof SecretStoreError)) throw error;
  }
  return deleted;
}

/** Copies every secret of `from` to `to`; returns the refs copied (to delete once the rename is written). */
async function copySecrets(store: SecretStore, from: string, to: string): Promise<SecretRef[]> {
  const copied: SecretRef[] = [];
  for (const ref of await store.list()) {
    if (ref.dataSource !== from) continue;
    const value = await store.get(ref);
    if (value === undefined) continue;
    await store.set({ dataSource: to, field: ref.field }, value);
    copied.push(ref);
  }
  return copied;
}

export async function removeDataSource(
  input: { name: string; deleteSecrets?: boolean },
  context: WorkspaceContext,
): Promise<RemoveDataSourceResult> {
  const path = workspaceConfigPath(context.workspace);
  const deleteSecrets = input.deleteSecrets ?? true;
  // The store is read before the file changes: a locked keychain refuses the removal with nothing changed,
  // rather than dropping the block and leaving its secrets behind under an error that says "not removed".
  const store = deleteSecrets ? await context.store() : undefined;
  const secrets = store ? (await store.list()).filter((ref) => ref.dataSource === input.name) : [];
  const removed = await editConfigFile(path, context.workspace, (doc) => {
    const pair = findDataSource(doc, input.name);
    if (!pair || !isMap(doc.contents)) return false;
    const items = doc.contents.items as Pair[];
    items.splice(items.indexOf(pair), 1);
    return true;
  });
  if (!removed) {
    throw new DataSourceError(
      'not-found',
      `There is no data source ${input.name} in ${path}.`,
      'Reload the list.',
    );
  }
  const deletedSecrets: string[] = [];
  for (const ref of secrets) if (await store?.delete(ref)) deletedSecrets.push(ref.field);
  return { removed, deletedSecrets };
}

/** Blocks besides data sources that an import brings along when the app's file has none yet. */
const OTHER_BLOCKS = ['soda_cloud', 'destinations', 'privacy'];

/**
 * Copies the data sources (and soda_cloud / destinations / privacy, when the app's file has none) of another
 * configuration.yml into the app's file, comments included. Plain-text secrets are moved into the secret store
 * and read back before the file is written; the imported file itself is not changed.
 */
export async function importConfiguration(
  input: { path: string; replace?: boolean },
  context: WorkspaceContext,
): Promise<ImportConfigurationResult & { sourceWarning?: string }> {
  let text: string;
  try {
    text = await readFile(input.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `Configuration file ${input.path} does not exist.`
        : `Cannot read configuration file ${input.path}: ${(error as Error).message}`,
    );
  }
  const removal = planSecretRemoval(input.path, text);
  for (const secret of removal.secrets) registerSecret(secret.value);
  const source = parseConfigText(input.path, removal.text);
  const target = workspaceConfigPath(context.workspace);
  const current = await readConfigDocument(target);

  const imported: string[] = [];
  const skipped: string[] = [];
  const copies: Pair[] = [];
  if (isMap(source.doc.contents)) {
    for (const pair of source.doc.contents.items) {
      const header = isScalar(pair.key) ? String(pair.key.value) : '';
      const name = DATA_SOURCE_HEADER.exec(header)?.[1];
      // A name the configuration loader refuses would make the app's whole file unusable for every scan, and a
      // secret moved under it would be one the store never lists (so never shown, never deleted): refused first.
      if (name && !DATA_SOURCE_NAME.test(name)) {
        const line = text.split(/\r?\n/).findIndex((candidate) => candidate.startsWith(`${header}:`)) + 1;
        throw new ConfigError(
          `Data source name "${name}" is invalid: use lower-case letters, digits and underscores, at least two characters, starting with a letter or underscore. Rename it in ${input.path} and import again; nothing was imported.`,
          line > 0 ? { filePath: input.path, line, col: 1 } : undefined,
        );
      }
      const exists = name ? findDataSource(current.doc, name) : current.doc.has(header);
      if (name) {
        if (exists && !input.replace) skipped.push(name);
        else {
          imported.push(name);
          copies.push(pair);
        }
      } else if (OTHER_BLOCKS.includes(header)) {
        if (exists) skipped.push(header);
        else {
          imported.push(header);
          copies.push(pair);
        }
      }
    }
  }
  const importedNames = new Set(imported);
  const moved = removal.secrets.filter((secret) => importedNames.has(secret.dataSource));

  const store = await context.store();
  for (const secret of moved) {
    const ref = { dataSource: secret.dataSource, field: secret.field };
    await store.set(ref, secret.value);
    if ((await store.get(ref)) !== secret.value) {
      throw new SecretStoreError(
        'unavailable',
        `${storeName(store.kind)} did not give back the ${secret.field} of ${secret.dataSource} just stored, so nothing was imported.`,
        'Check the secret store in Settings.',
      );
    }
  }

  await editConfigFile(target, context.workspace, (doc) => {
    const root = rootMap(doc);
    for (const pair of copies) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const name = DATA_SOURCE_HEADER.exec(key)?.[1];
      const old = name ? findDataSource(doc, name) : undefined;
      if (old) root.items.splice((root.items as Pair[]).indexOf(old), 1);
      root.items.push(pair.clone() as Pair);
    }
  });

  const backend = { kind: store.kind, description: store.description ?? storeName(store.kind) };
  return {
    imported,
    skipped,
    movedSecrets: moved.map(({ dataSource, field, location }) => ({ dataSource, field, location })),
    addedLines: removal.added.filter((added) => importedNames.has(added.dataSource)),
    backend,
    ...(removal.secrets.length > 0
      ? {
          sourceWarning: `${input.path} still holds ${removal.secrets.length === 1 ? '1 secret' : `${removal.secrets.length} secrets`} in plain text; remove them from it with: gatehouse secrets import -c ${input.path}`,
        }
      : {}),
  };
}
