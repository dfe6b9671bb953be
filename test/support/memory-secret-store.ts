/** An in-memory SecretStore for unit tests; `unavailable` makes every call fail as a locked keychain would. */
import {
  type BackendStatus,
  refKey,
  type SecretRef,
  type SecretStore,
  SecretStoreError,
} from '../../src/secrets/store.js';

export class MemorySecretStore implements SecretStore {
  readonly kind = 'vault' as const;
  readonly values = new Map<string, string>();
  unavailable = false;

  #check(): void {
    if (this.unavailable) {
      throw new SecretStoreError('locked', 'The test keychain is locked.', 'Unlock it.');
    }
  }

  async status(): Promise<BackendStatus> {
    return { kind: this.kind, description: 'memory', available: !this.unavailable };
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    this.#check();
    return this.values.get(refKey(ref));
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    this.#check();
    this.values.set(refKey(ref), value);
  }

  async delete(ref: SecretRef): Promise<boolean> {
    this.#check();
    return this.values.delete(refKey(ref));
  }

  async list(): Promise<SecretRef[]> {
    this.#check();
    return [...this.values.keys()].map((key) => {
      const [dataSource = '', field = ''] = key.split(':');
      return { dataSource, field };
    });
  }
}
