/**
 * Secrets from environment variables, read-only: `GATEHOUSE_SECRET_<DATASOURCE>_<FIELD>`, upper-case, every
 * character that is not a letter or digit turned into `_` — e.g. GATEHOUSE_SECRET_WAREHOUSE_PASSWORD. For CI and
 * containers, where secrets arrive as variables and nothing should be written.
 */
import {
  type BackendStatus,
  compareRefs,
  DATA_SOURCE_NAME,
  SECRET_FIELDS,
  type SecretRef,
  type SecretStore,
  SecretStoreError,
  secretFieldsOf,
} from './store.js';

export const ENV_SECRET_PREFIX = 'GATEHOUSE_SECRET_';

const upper = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

export function envSecretName(ref: SecretRef): string {
  return `${ENV_SECRET_PREFIX}${upper(ref.dataSource)}_${upper(ref.field)}`;
}

/**
 * The ref a variable name stands for. `_` separates both the two parts and the words inside them, so the name
 * is split before the longest known secret field it ends with (`…_PRIVATE_KEY_PASSPHRASE` before `…_PASSPHRASE`);
 * a name ending in no known field is not a Gatehouse secret.
 */
export function parseEnvSecretName(name: string): SecretRef | undefined {
  if (!name.startsWith(ENV_SECRET_PREFIX)) return undefined;
  const rest = name.slice(ENV_SECRET_PREFIX.length);
  const fields = [...new Set(Object.values(SECRET_FIELDS).flat())].sort((a, b) => b.length - a.length);
  for (const field of fields) {
    const suffix = `_${upper(field)}`;
    if (!rest.endsWith(suffix)) continue;
    const dataSource = rest.slice(0, -suffix.length).toLowerCase();
    if (DATA_SOURCE_NAME.test(dataSource) && secretFieldsOf(dataSource).includes(field)) {
      return { dataSource, field };
    }
  }
  return undefined;
}

function readOnly(action: string, ref: SecretRef): SecretStoreError {
  return new SecretStoreError(
    'read-only',
    `Environment variables are read-only: cannot ${action} ${ref.dataSource}:${ref.field} (${envSecretName(ref)}).`,
    'Store it in the keychain (--backend keychain), or reference a variable as ${VAR} in configuration.yml.',
  );
}

export class EnvStore implements SecretStore {
  readonly kind = 'env' as const;
  readonly description = `environment variables ${ENV_SECRET_PREFIX}<DATASOURCE>_<FIELD> (read-only)`;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async status(): Promise<BackendStatus> {
    return { kind: this.kind, description: this.description, available: true };
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    // An empty variable counts as unset: `export X=` is how shells clear a value.
    return this.env[envSecretName(ref)] || undefined;
  }

  async set(ref: SecretRef): Promise<void> {
    throw readOnly('store', ref);
  }

  async delete(ref: SecretRef): Promise<boolean> {
    throw readOnly('delete', ref);
  }

  async list(): Promise<SecretRef[]> {
    return Object.entries(this.env)
      .filter(([, value]) => value)
      .map(([name]) => parseEnvSecretName(name))
      .filter((ref): ref is SecretRef => ref !== undefined)
      .sort(compareRefs);
  }
}
