/**
 * A Snowflake key pair as the app's form saves it: the private key and its passphrase often arrive together, or
 * one of them joins the other already stored. Checked before anything is stored, as `gatehouse secrets set`
 * checks them: a value that is not a PEM RSA private key (a path, a public key) or a passphrase that does not open
 * the key is refused; otherwise the public key's fingerprint comes back, to compare with Snowflake's
 * `DESC USER … RSA_PUBLIC_KEY_FP` — never the key.
 */
import {
  loadPrivateKey,
  PrivateKeyError,
  publicKeyFingerprint,
} from '../connectors/snowflake/private-key.js';
import { type SecretStore, SecretStoreError } from '../secrets/store.js';
import type { DataSourceDefinition, KeyPairCheck } from './desktop/contract.js';

/** Why a key-pair save is refused, with what to do; nothing was stored. */
export class KeyPairError extends Error {
  constructor(
    message: string,
    readonly remedy: string,
  ) {
    super(message);
    this.name = 'KeyPairError';
  }
}

/** The stored value, or undefined when there is none or the store cannot be read (the check then says less). */
async function storedValue(store: SecretStore, dataSource: string, field: string) {
  try {
    return await store.get({ dataSource, field });
  } catch (error) {
    if (error instanceof SecretStoreError) return undefined;
    throw error;
  }
}

/**
 * For a key-pair Snowflake save that brings a private key or a passphrase: the key's fingerprint, or a note on
 * what is still needed. `storedUnder` is the name its secrets are stored under now (the old name of a rename).
 * Throws KeyPairError for a value that cannot be right. Undefined when the save brings neither.
 */
export async function checkKeyPair(
  definition: DataSourceDefinition,
  secrets: ReadonlyMap<string, string>,
  store: SecretStore,
  storedUnder: string,
): Promise<KeyPairCheck | undefined> {
  if (definition.type !== 'snowflake' || definition.authenticator !== 'snowflake_jwt') return undefined;
  const newKey = secrets.get('private_key');
  const newPassphrase = secrets.get('private_key_passphrase');
  if (newKey === undefined && newPassphrase === undefined) return undefined;
  const key = newKey ?? (await storedValue(store, storedUnder, 'private_key'));
  if (key === undefined) {
    return { note: 'No private key is stored yet: paste the contents of the .p8 file in Private key.' };
  }
  const passphrase = newPassphrase ?? (await storedValue(store, storedUnder, 'private_key_passphrase'));
  try {
    return { fingerprint: publicKeyFingerprint(loadPrivateKey(key, passphrase)) };
  } catch (error) {
    if (!(error instanceof PrivateKeyError)) throw error;
    switch (error.kind) {
      case 'passphrase-missing':
        throw new KeyPairError(
          'The private key is encrypted and no passphrase is stored for it.',
          'Type its passphrase in Private key passphrase and save again. Nothing was stored.',
        );
      case 'passphrase-wrong':
        throw new KeyPairError(
          newPassphrase === undefined
            ? 'The passphrase stored for this data source does not open this private key.'
            : 'This passphrase does not open the private key.',
          'Type the key’s passphrase in Private key passphrase and save again. Nothing was stored.',
        );
      default:
        throw new KeyPairError(
          newKey === undefined ? `The stored private key cannot be used: ${error.message}` : error.message,
          'Paste the whole contents of the .p8 file in Private key. Nothing was stored.',
        );
    }
  }
}
