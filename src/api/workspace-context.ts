/** What the app's workspace operations need from their caller: the folder, the environment, the secret store. */
import type { SecretStore } from '../secrets/store.js';

export interface WorkspaceContext {
  /** Absolute path of the workspace folder. */
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** The secret store, opened on first use (the keychain by default). */
  store: () => Promise<SecretStore>;
}
