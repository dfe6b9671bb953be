/**
 * `gatehouse secrets import`: move the secrets written in plain text in configuration.yml into the secret store.
 * Order matters, so that no step can lose a secret: plan the cut (refusing layouts it cannot cut cleanly), store
 * each secret and read it back, then back up the original file (0600: it still holds the secrets), then replace
 * the file atomically. Any failure before the last step leaves the file as it was.
 */
import { open, readFile, realpath, stat } from 'node:fs/promises';
import * as z from 'zod/mini';
import { writeFileAtomic } from '../common/atomic-write.js';
import { registerSecret } from '../common/redaction.js';
import { unreadableConfiguration } from '../config/errors.js';
import type { PlaintextSecret } from '../config/model.js';
import { type FoundSecret, planSecretRemoval } from '../config/remove-secrets.js';
import { openSecretStore } from '../secrets/open.js';
import { SECRET_BACKENDS, type SecretBackendKind, type SecretStore } from '../secrets/store.js';
import type { PassphraseSource } from '../secrets/vault.js';
import { storeName } from './data-source-secret.js';
import { resolveWorkspace } from './scans.js';

const nonEmpty = z.string().check(z.minLength(1));

export const importSecretsRequestSchema = z.object({
  configPath: nonEmpty,
  backend: z.optional(z.enum(SECRET_BACKENDS)),
  workspace: z.optional(nonEmpty),
  /** Report what would move; store nothing, change nothing. */
  dryRun: z._default(z.boolean(), false),
});

export type ImportSecretsRequest = z.input<typeof importSecretsRequestSchema>;

export interface ImportSecretsContext {
  env?: NodeJS.ProcessEnv;
  /** How to ask for the vault passphrase when GATEHOUSE_VAULT_PASSPHRASE is not set. */
  passphrase?: PassphraseSource;
  /** The store to move the secrets into (tests); default: the one `backend` names. */
  store?: SecretStore;
  /** The backup's timestamp (tests). */
  now?: Date;
}

export interface ImportSecretsResult {
  configPath: string;
  dryRun: boolean;
  /** The secrets moved (or, in a dry run, that would move), in file order: never their values. */
  moved: PlaintextSecret[];
  /** The store's kind and, for people, its name; absent when nothing was to move. */
  store?: { kind: SecretBackendKind; name: string };
  /** The original file, still holding the secrets in plain text, mode 0600. */
  backupPath?: string;
  /** Lines written in place of a removed secret to keep its meaning (a key pair's `authenticator: snowflake_jwt`). */
  added: Array<{ dataSource: string; line: string }>;
}

/** A step that failed; the configuration file is unchanged. */
export class SecretsImportError extends Error {
  override name = 'SecretsImportError';
}

export async function importSecrets(
  raw: ImportSecretsRequest,
  context: ImportSecretsContext = {},
): Promise<ImportSecretsResult> {
  const request = importSecretsRequestSchema.parse(raw);
  const env = context.env ?? process.env;
  const { configPath, dryRun } = request;
  const text = await readConfig(configPath);
  const plan = planSecretRemoval(configPath, text);
  // Entry point of plaintext secrets into this process: register them before anything can print them.
  for (const secret of plan.secrets) registerSecret(secret.value);
  if (plan.blocks === 0) {
    throw new SecretsImportError(
      `${configPath} has none of the blocks of a configuration.yml (\`data_source NAME:\`, \`soda_cloud:\`, \`destinations:\`, \`privacy:\`)${/^checks for /m.test(text) ? ' (it looks like a check file)' : ''}. Pass the configuration file with -c.`,
    );
  }
  const moved = plan.secrets.map(({ dataSource, field, location }) => ({ dataSource, field, location }));
  const { added } = plan;
  if (plan.secrets.length === 0) return { configPath, dryRun, moved, added };
  const toStore = oneValuePerRef(plan.secrets);

  const store =
    context.store ??
    (await openSecretStore({
      backend: request.backend,
      workspace: resolveWorkspace(request.workspace, env),
      env,
      passphrase: context.passphrase,
    }));
  const storeInfo = { kind: store.kind, name: storeName(store.kind) };
  if (dryRun) return { configPath, dryRun, moved, added, store: storeInfo };

  for (const secret of toStore) {
    const ref = { dataSource: secret.dataSource, field: secret.field };
    await store.set(ref, secret.value);
    // Never remove from the file a secret the store did not confirm.
    const readBack = await store.get(ref);
    if (readBack !== secret.value) {
      throw new SecretsImportError(
        `${storeInfo.name} did not give back the ${secret.field} of ${secret.dataSource} just stored (${readBack === undefined ? 'it holds none' : 'it holds another value'}), so ${configPath} was not changed. Check the store with \`gatehouse secrets status\`.`,
      );
    }
  }
  if ((await readConfig(configPath)) !== text) {
    throw new SecretsImportError(
      `${configPath} changed while its secrets were being stored; it was not rewritten. The secrets are stored: run the import again.`,
    );
  }
  const target = await realpath(configPath);
  const backupPath = await writeBackup(configPath, text, context.now ?? new Date());
  const mode = (await stat(target)).mode & 0o777;
  await writeFileAtomic(target, plan.text, mode);
  return { configPath, dryRun, moved, added, store: storeInfo, backupPath };
}

async function readConfig(configPath: string): Promise<string> {
  try {
    return await readFile(configPath, 'utf8');
  } catch (error) {
    throw unreadableConfiguration(configPath, error, 'Pass the right path with -c.');
  }
}

/**
 * The same secret may stand twice (top level and a legacy `connection:` map): one value is fine, two are a
 * question only the user can answer.
 */
function oneValuePerRef(secrets: FoundSecret[]): FoundSecret[] {
  const byRef = new Map<string, FoundSecret>();
  for (const secret of secrets) {
    const key = `${secret.dataSource}:${secret.field}`;
    const first = byRef.get(key);
    if (!first) byRef.set(key, secret);
    else if (first.value !== secret.value) {
      const at = (s: FoundSecret) => `${s.location.line}:${s.location.col}`;
      throw new SecretsImportError(
        `${secret.dataSource} has two different values for ${secret.field} in ${secret.location.filePath} (at ${at(first)} and ${at(secret)}): keep the right one, delete the other, and run the import again.`,
      );
    }
  }
  return [...byRef.values()];
}

/** `configuration.yml.bak-<timestamp>`, created new (never overwriting), readable by the user only. */
async function writeBackup(configPath: string, text: string, now: Date): Promise<string> {
  const path = `${configPath}.bak-${now.toISOString().replace(/[:.]/g, '-')}`;
  const file = await open(path, 'wx', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  return path;
}
