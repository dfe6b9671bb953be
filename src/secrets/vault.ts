/**
 * The encrypted file vault, for machines without a keychain (headless Linux, CI): one file, default
 * `<workspace>/secrets.vault`, mode 0600 in a 0700 folder, rewritten atomically under a lock file. The format and
 * its crypto are in vault-format.ts. The passphrase is asked for only when a command needs it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { withFileLock } from './file-lock.js';
import {
  type BackendStatus,
  compareRefs,
  parseRefKey,
  refKey,
  type SecretRef,
  type SecretStore,
  SecretStoreError,
} from './store.js';
import {
  DEFAULT_KDF,
  deriveVaultKey,
  type KdfCost,
  openVault,
  type ParsedVault,
  parseVaultFile,
  sealVault,
  type VaultContents,
  type VaultKey,
} from './vault-format.js';

export const VAULT_FILE_NAME = 'secrets.vault';

export function defaultVaultPath(workspace: string): string {
  return join(workspace, VAULT_FILE_NAME);
}

/** Gives the passphrase; `creating` is true when the vault does not exist yet (a prompt should ask twice). */
export type PassphraseSource = (request: { path: string; creating: boolean }) => Promise<string>;

export interface VaultStoreOptions {
  path: string;
  passphrase: PassphraseSource;
  /** scrypt cost for a new vault; an existing vault keeps the cost in its header. Tests lower it. */
  kdf?: KdfCost;
}

export class VaultStore implements SecretStore {
  readonly kind = 'vault' as const;
  readonly path: string;
  #passphrase: Promise<string> | undefined;
  #key: VaultKey | undefined;

  constructor(private readonly options: VaultStoreOptions) {
    this.path = options.path;
  }

  get description(): string {
    return `encrypted vault at ${this.path}`;
  }

  /** Works when the vault opens with the passphrase, or when it does not exist yet and its folder can be made. */
  async status(): Promise<BackendStatus> {
    const base = { kind: this.kind, description: this.description };
    try {
      const parsed = await this.#read();
      if (parsed) {
        await this.#open(parsed);
      } else {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        return {
          ...base,
          description: `${this.description} (created on first \`secrets set\`)`,
          available: true,
        };
      }
      return { ...base, available: true };
    } catch (error) {
      const known = toStoreError(error, this.path);
      return { ...base, available: false, problem: known.message, code: known.code };
    }
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    const contents = await this.#contents();
    return Object.hasOwn(contents, refKey(ref)) ? contents[refKey(ref)] : undefined;
  }

  async list(): Promise<SecretRef[]> {
    const contents = await this.#contents();
    return Object.keys(contents)
      .map(parseRefKey)
      .filter((ref): ref is SecretRef => ref !== undefined)
      .sort(compareRefs);
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    await this.#update((contents) => {
      contents[refKey(ref)] = value;
      return true;
    });
  }

  async delete(ref: SecretRef): Promise<boolean> {
    return this.#update((contents) => {
      if (!Object.hasOwn(contents, refKey(ref))) return false;
      delete contents[refKey(ref)];
      return true;
    });
  }

  async #contents(): Promise<VaultContents> {
    try {
      const parsed = await this.#read();
      return parsed ? await this.#open(parsed) : {};
    } catch (error) {
      throw toStoreError(error, this.path);
    }
  }

  /**
   * Read-modify-write under the lock. The passphrase (which may prompt) and the key derivation happen before the
   * lock is taken, so the lock is held for milliseconds; `change` returns false when there is nothing to write.
   */
  async #update(change: (contents: VaultContents) => boolean): Promise<boolean> {
    try {
      const before = await this.#read();
      if (before) await this.#open(before);
      else
        this.#key ??= await deriveVaultKey(await this.#askPassphrase(true), this.options.kdf ?? DEFAULT_KDF);
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      return await withFileLock(`${this.path}.lock`, async () => {
        // Re-read under the lock: another process may have written since.
        const current = await this.#read();
        const contents = current ? await this.#open(current) : {};
        if (!change(contents)) return false;
        const key = this.#key;
        if (!key) throw new Error('vault key missing after open'); // unreachable: #open or the branch above set it
        await writeFileAtomic(this.path, sealVault(contents, key), 0o600);
        return true;
      });
    } catch (error) {
      throw toStoreError(error, this.path);
    }
  }

  async #read(): Promise<ParsedVault | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseVaultFile(this.path, text);
  }

  /** Decrypts, deriving the key again only if this file's salt or cost differ from the key in hand. */
  async #open(parsed: ParsedVault): Promise<VaultContents> {
    const { kdf } = parsed.header;
    const same =
      this.#key &&
      this.#key.kdf.salt === kdf.salt &&
      this.#key.kdf.N === kdf.N &&
      this.#key.kdf.r === kdf.r &&
      this.#key.kdf.p === kdf.p;
    if (!same) this.#key = await deriveVaultKey(await this.#askPassphrase(false), kdf);
    return openVault(this.path, parsed, this.#key as VaultKey);
  }

  /** Asked once per store; an empty passphrase is refused rather than protecting secrets with nothing. */
  #askPassphrase(creating: boolean): Promise<string> {
    this.#passphrase ??= this.options.passphrase({ path: this.path, creating }).then((passphrase) => {
      if (passphrase.length === 0) {
        throw new SecretStoreError(
          'invalid',
          'The vault passphrase is empty.',
          'Set GATEHOUSE_VAULT_PASSPHRASE to a passphrase, or type one when asked.',
        );
      }
      return passphrase;
    });
    this.#passphrase.catch(() => {
      this.#passphrase = undefined;
    });
    return this.#passphrase;
  }
}

/** File-system errors become SecretStoreErrors naming the file; SecretStoreErrors pass through. */
function toStoreError(error: unknown, path: string): SecretStoreError {
  if (error instanceof SecretStoreError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new SecretStoreError(
    'unavailable',
    `The vault ${path} cannot be used (${code ?? (error as Error).message}).`,
    'Check that the folder exists and is writable by you, or choose another with GATEHOUSE_VAULT_PATH.',
    { cause: error },
  );
}
