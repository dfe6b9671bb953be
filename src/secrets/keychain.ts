/**
 * The OS keychain through @napi-rs/keyring: service `gatehouse`, account `<dataSource>:<field>`, one entry per
 * secret. The binding can answer `null` when it never reached the keychain (no session bus), so each store probes
 * once — write, read back, delete — before it trusts a `null` or an empty list.
 */
import { randomBytes } from 'node:crypto';
import { keychainDescription, keychainError, unavailableRemedy } from './keychain-errors.js';
import {
  type BackendStatus,
  compareRefs,
  parseRefKey,
  refKey,
  type SecretRef,
  type SecretStore,
  SecretStoreError,
} from './store.js';

export const KEYCHAIN_SERVICE = 'gatehouse';

type Keyring = typeof import('@napi-rs/keyring');
type AsyncEntry = import('@napi-rs/keyring').AsyncEntry;

/** The native module loads on first use only: `gatehouse --help` and the vault never pay for it. */
async function loadKeyring(): Promise<Keyring> {
  try {
    return await import('@napi-rs/keyring');
  } catch (error) {
    throw new SecretStoreError(
      'unavailable',
      `The keychain module cannot load on this platform (${(error as Error).message}).`,
      unavailableRemedy(),
      { cause: error },
    );
  }
}

export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly description = keychainDescription();
  #probed: Promise<void> | undefined;

  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  async status(): Promise<BackendStatus> {
    const base = { kind: this.kind, description: this.description };
    try {
      await this.#verified();
      return { ...base, available: true };
    } catch (error) {
      if (!(error instanceof SecretStoreError)) throw error;
      return { ...base, available: false, problem: error.message, code: error.code };
    }
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    await this.#verified();
    const entry = await this.#entry(refKey(ref), `read the secret ${refKey(ref)}`);
    try {
      return (await entry.getPassword()) ?? undefined;
    } catch (error) {
      throw keychainError(error, `read the secret ${refKey(ref)}`);
    }
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    await this.#verified();
    const entry = await this.#entry(refKey(ref), `store the secret ${refKey(ref)}`);
    try {
      await entry.setPassword(value);
    } catch (error) {
      throw keychainError(error, `store the secret ${refKey(ref)}`);
    }
  }

  async delete(ref: SecretRef): Promise<boolean> {
    await this.#verified();
    const entry = await this.#entry(refKey(ref), `delete the secret ${refKey(ref)}`);
    try {
      return await entry.deleteCredential();
    } catch (error) {
      throw keychainError(error, `delete the secret ${refKey(ref)}`);
    }
  }

  async list(): Promise<SecretRef[]> {
    await this.#verified();
    const { findCredentialsAsync } = await loadKeyring();
    try {
      const found = await findCredentialsAsync(this.service);
      // Only the account names leave this function; the passwords the binding returns along are dropped here.
      const refs = found.map((credential) => parseRefKey(credential.account));
      return refs.filter((ref): ref is SecretRef => ref !== undefined).sort(compareRefs);
    } catch (error) {
      throw keychainError(error, 'list the secrets');
    }
  }

  /** One successful probe per store; a failed one is retried next time (the user may have unlocked since). */
  #verified(): Promise<void> {
    this.#probed ??= this.#probe().catch((error: unknown) => {
      this.#probed = undefined;
      throw error;
    });
    return this.#probed;
  }

  async #probe(): Promise<void> {
    // A name no data source can have (it starts with a dot), unique per probe so concurrent probes never collide.
    const account = `.probe:${randomBytes(8).toString('hex')}`;
    const token = randomBytes(16).toString('hex');
    const entry = await this.#entry(account, 'use the keychain');
    try {
      await entry.setPassword(token);
      const readBack = await entry.getPassword();
      if (readBack !== token) {
        throw new SecretStoreError(
          'unavailable',
          `The ${this.description} accepted a test entry but gave ${readBack === null ? 'nothing' : 'something else'} back: it is not really reachable.`,
          unavailableRemedy(),
        );
      }
    } catch (error) {
      throw keychainError(error, 'use the keychain');
    } finally {
      await entry.deleteCredential().catch(() => false);
    }
  }

  async #entry(account: string, action: string): Promise<AsyncEntry> {
    const { AsyncEntry } = await loadKeyring();
    try {
      // Pinned to the Secret Service on Linux: the binding's default falls back to the kernel keyring, which
      // forgets everything at logout — a silent fallback Gatehouse must not make.
      return new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } });
    } catch (error) {
      throw keychainError(error, action);
    }
  }
}
