/**
 * Which SecretStore a command uses: `backend` if given, else GATEHOUSE_SECRET_BACKEND, else the OS keychain.
 * Never a silent fallback: an unreachable keychain is an error that names the fix (one of which is choosing the
 * vault explicitly), never a quiet switch to another backend, and never plaintext.
 */
import { EnvStore } from './env.js';
import { SECRET_BACKENDS, type SecretBackendKind, type SecretStore, SecretStoreError } from './store.js';
import { defaultVaultPath, type PassphraseSource, VaultStore } from './vault.js';

export interface OpenSecretStoreOptions {
  backend?: SecretBackendKind;
  /** The workspace folder: the vault lives in it unless GATEHOUSE_VAULT_PATH says otherwise. */
  workspace: string;
  env?: NodeJS.ProcessEnv;
  /** Asked when the vault needs a passphrase and GATEHOUSE_VAULT_PASSPHRASE is not set (the CLI prompts). */
  passphrase?: PassphraseSource;
}

export function chooseBackend(
  backend: SecretBackendKind | undefined,
  env: NodeJS.ProcessEnv,
): SecretBackendKind {
  if (backend) return backend;
  const fromEnv = env.GATEHOUSE_SECRET_BACKEND;
  if (fromEnv === undefined || fromEnv === '') return 'keychain';
  if ((SECRET_BACKENDS as readonly string[]).includes(fromEnv)) return fromEnv as SecretBackendKind;
  throw new SecretStoreError(
    'invalid',
    `GATEHOUSE_SECRET_BACKEND=${fromEnv} is not a secret backend.`,
    `Use one of: ${SECRET_BACKENDS.join(', ')}.`,
  );
}

function vaultPassphrase(env: NodeJS.ProcessEnv, ask: PassphraseSource | undefined): PassphraseSource {
  const fromEnv = env.GATEHOUSE_VAULT_PASSPHRASE;
  if (fromEnv) return async () => fromEnv;
  if (ask) return ask;
  return async ({ path }) => {
    throw new SecretStoreError(
      'unavailable',
      `The vault ${path} needs a passphrase and none was given.`,
      'Set GATEHOUSE_VAULT_PASSPHRASE, or run the command in a terminal to type it.',
    );
  };
}

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const env = options.env ?? process.env;
  switch (chooseBackend(options.backend, env)) {
    case 'keychain': {
      // Loaded on demand: the keychain module pulls in the native binding.
      const { KeychainStore } = await import('./keychain.js');
      return new KeychainStore();
    }
    case 'vault':
      return new VaultStore({
        path: env.GATEHOUSE_VAULT_PATH || defaultVaultPath(options.workspace),
        passphrase: vaultPassphrase(env, options.passphrase),
      });
    case 'env':
      return new EnvStore(env);
  }
}
