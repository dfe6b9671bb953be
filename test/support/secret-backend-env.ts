/**
 * A secret store for CLI tests, as the CLI will open it: the environment that selects it, and a way to put a
 * secret in it (or look inside) from the test process. The vault lives in the test's own GATEHOUSE_HOME.
 */
import { openSecretStore } from '../../src/secrets/open.js';
import type { SecretRef, SecretStore } from '../../src/secrets/store.js';

export interface TestSecretBackend {
  /** Environment for the CLI (and for openSecretStore here). */
  env: NodeJS.ProcessEnv;
  open(): Promise<SecretStore>;
  set(ref: SecretRef, value: string): Promise<void>;
}

export function vaultBackend(home: string, passphrase = 'test vault passphrase 7f3a'): TestSecretBackend {
  const env = {
    GATEHOUSE_HOME: home,
    GATEHOUSE_SECRET_BACKEND: 'vault',
    GATEHOUSE_VAULT_PASSPHRASE: passphrase,
  };
  const open = () => openSecretStore({ workspace: home, env });
  return {
    env,
    open,
    async set(ref, value) {
      await (await open()).set(ref, value);
    },
  };
}
