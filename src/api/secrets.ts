/**
 * The secret operations the CLI and the desktop app share: store, delete, list and check the backend. Inputs are
 * validated here, once. No function here returns a secret's value — except readSecret, which is for the engine
 * (connectors) only and must never be exposed to the renderer or printed.
 *
 * Field names: only the secret fields Gatehouse knows (SECRET_FIELDS) — soda_cloud's own for `soda_cloud`, else
 * those of any data source type, since the type is in configuration.yml, which these operations do not read.
 * A typo (`pasword`) is an error now rather than a secret that is silently never used.
 */
import * as z from 'zod/mini';
import { dataDir } from '../common/app-dirs.js';
import { openSecretStore } from '../secrets/open.js';
import {
  type BackendStatus,
  DATA_SOURCE_NAME,
  type SecretBackendKind,
  type SecretRef,
  type SecretStore,
  SecretStoreError,
  secretFieldsOf,
} from '../secrets/store.js';
import type { PassphraseSource } from '../secrets/vault.js';

const nonEmpty = z.string().check(z.minLength(1));

const backendFields = {
  backend: z.optional(z.enum(['keychain', 'vault', 'env'])),
  workspace: z.optional(nonEmpty),
};

const refFields = {
  dataSource: z.string().check(z.regex(DATA_SOURCE_NAME)),
  field: z.string(),
};

export const secretsBackendRequestSchema = z.object(backendFields);
export const secretRefRequestSchema = z.object({ ...backendFields, ...refFields });
export const setSecretRequestSchema = z.object({ ...backendFields, ...refFields, value: z.string() });

export type SecretsBackendRequest = z.input<typeof secretsBackendRequestSchema>;
export type SecretRefRequest = z.input<typeof secretRefRequestSchema>;
export type SetSecretRequest = z.input<typeof setSecretRequestSchema>;

/** What the caller's process supplies (never part of a request from the renderer). */
export interface SecretsContext {
  env?: NodeJS.ProcessEnv;
  /** How to ask for the vault passphrase when GATEHOUSE_VAULT_PASSPHRASE is not set. */
  passphrase?: PassphraseSource;
  /** A store already open (the desktop app keeps one per workspace); `backend` and `workspace` are then ignored. */
  store?: SecretStore;
}

/** The backend in use, for people: kind and description. */
export interface BackendInfo {
  kind: SecretBackendKind;
  description: string;
}

/** Largest value accepted: a PEM private key with a long chain fits; a pasted file by mistake does not. */
const MAX_SECRET_BYTES = 64 * 1024;

function invalid(message: string, remedy: string): SecretStoreError {
  return new SecretStoreError('invalid', message, remedy);
}

/** Validates without ever echoing the value: messages name the field, not what was received. */
function parseRequest<T>(schema: z.ZodMiniType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  if (path === 'dataSource') {
    throw invalid(
      `"${String((raw as { dataSource?: unknown }).dataSource)}" is not a data source name.`,
      'Use lower-case letters, digits and _ (at least two characters, not starting with a digit), or soda_cloud.',
    );
  }
  if (path === 'backend') throw invalid('Unknown secret backend.', 'Use keychain, vault or env.');
  throw invalid(
    `Invalid request: ${path || 'input'} is missing or of the wrong type.`,
    'Check the arguments.',
  );
}

function checkField(ref: SecretRef): void {
  const fields = secretFieldsOf(ref.dataSource);
  if (!fields.includes(ref.field)) {
    throw invalid(
      `"${ref.field}" is not a secret field of ${['soda_cloud', 'webhook'].includes(ref.dataSource) ? ref.dataSource : 'a data source'}.`,
      `Use one of: ${fields.join(', ')}.`,
    );
  }
}

async function open(
  request: { backend?: SecretBackendKind; workspace?: string },
  context: SecretsContext,
): Promise<SecretStore> {
  if (context.store) return context.store;
  const env = context.env ?? process.env;
  return openSecretStore({
    backend: request.backend,
    workspace: request.workspace ?? dataDir(env),
    env,
    passphrase: context.passphrase,
  });
}

function info(store: SecretStore): BackendInfo {
  return { kind: store.kind, description: store.description ?? store.kind };
}

/**
 * Checks a data source name and field without opening a store: the CLI calls it before asking for the value,
 * so a typo is reported before anyone types a secret twice for nothing.
 */
export function checkSecretRef(raw: { dataSource: string; field: string }): SecretRef {
  const request = parseRequest(secretRefRequestSchema, raw);
  const ref = { dataSource: request.dataSource, field: request.field };
  checkField(ref);
  return ref;
}

export async function setSecret(
  raw: SetSecretRequest,
  context: SecretsContext = {},
): Promise<{ ref: SecretRef; backend: BackendInfo }> {
  const request = parseRequest(setSecretRequestSchema, raw);
  const ref = { dataSource: request.dataSource, field: request.field };
  checkField(ref);
  if (request.value.length === 0) throw invalid('The secret is empty.', 'Give a non-empty value.');
  if (Buffer.byteLength(request.value) > MAX_SECRET_BYTES) {
    throw invalid(
      `The secret is longer than ${MAX_SECRET_BYTES / 1024} KiB.`,
      'Check that you gave the right value.',
    );
  }
  const store = await open(request, context);
  await store.set(ref, request.value);
  return { ref, backend: info(store) };
}

export async function deleteSecret(
  raw: SecretRefRequest,
  context: SecretsContext = {},
): Promise<{ ref: SecretRef; deleted: boolean; backend: BackendInfo }> {
  const request = parseRequest(secretRefRequestSchema, raw);
  const ref = { dataSource: request.dataSource, field: request.field };
  checkField(ref);
  const store = await open(request, context);
  return { ref, deleted: await store.delete(ref), backend: info(store) };
}

/** The secrets stored (names only) and the backend that holds them. */
export async function listSecrets(
  raw: SecretsBackendRequest = {},
  context: SecretsContext = {},
): Promise<{ secrets: SecretRef[]; backend: BackendInfo }> {
  const request = parseRequest(secretsBackendRequestSchema, raw);
  const store = await open(request, context);
  return { secrets: await store.list(), backend: info(store) };
}

/** Probes the backend; never throws for an unusable backend — `available: false` and `problem` say why. */
export async function secretsStatus(
  raw: SecretsBackendRequest = {},
  context: SecretsContext = {},
): Promise<BackendStatus> {
  const request = parseRequest(secretsBackendRequestSchema, raw);
  return (await open(request, context)).status();
}

/**
 * The value of a secret, or undefined when none is stored — for the engine only. Throws SecretStoreError when
 * the backend could not be read (never "not stored" for "could not look").
 */
export async function readSecret(
  ref: SecretRef,
  options: { backend?: SecretBackendKind; workspace?: string } = {},
  context: SecretsContext = {},
): Promise<string | undefined> {
  const request = parseRequest(secretRefRequestSchema, { ...options, ...ref });
  const store = await open(request, context);
  return store.get({ dataSource: request.dataSource, field: request.field });
}
