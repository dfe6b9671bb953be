/**
 * Snowflake key-pair secrets, checked as they are stored: a private key must be a PEM RSA private key (not a path,
 * not a public key), a passphrase must open the key stored beside it. What comes back is the key's public
 * fingerprint (`SHA256:…`), to compare with `DESC USER … RSA_PUBLIC_KEY_FP` — never the key.
 */
import {
  loadPrivateKey,
  PrivateKeyError,
  publicKeyFingerprint,
} from '../connectors/snowflake/private-key.js';
import type { SecretBackendKind } from '../secrets/store.js';
import { SecretStoreError } from '../secrets/store.js';
import { readSecret, type SecretsContext } from './secrets.js';

export interface KeySecretRequest {
  dataSource: string;
  field: string;
  value: string;
  backend?: SecretBackendKind;
  workspace?: string;
}

export interface KeyDescription {
  /** The public key's fingerprint, when the key could be opened. */
  fingerprint?: string;
  /** Why there is no fingerprint yet, and what to do. */
  note?: string;
}

const KEY_FIELDS = new Set(['private_key', 'private_key_passphrase']);

/** The stored value of a field, or undefined when none is stored or the store cannot be read. */
async function stored(request: KeySecretRequest, field: string, context: SecretsContext) {
  return readSecret(
    { dataSource: request.dataSource, field },
    { backend: request.backend, workspace: request.workspace },
    context,
  ).catch(() => undefined);
}

/**
 * For a `private_key` or `private_key_passphrase` about to be stored: throws SecretStoreError for a value that
 * cannot be right (so it is not stored), else describes the key. Undefined for other fields.
 */
export async function describeKeySecret(
  request: KeySecretRequest,
  context: SecretsContext = {},
): Promise<KeyDescription | undefined> {
  if (!KEY_FIELDS.has(request.field)) return undefined;
  const setPassphrase = `gatehouse secrets set ${request.dataSource} private_key_passphrase`;
  if (request.field === 'private_key') {
    let passphrase: string | undefined;
    if (/ENCRYPTED/.test(request.value))
      passphrase = await stored(request, 'private_key_passphrase', context);
    try {
      return { fingerprint: publicKeyFingerprint(loadPrivateKey(request.value, passphrase)) };
    } catch (error) {
      if (!(error instanceof PrivateKeyError)) throw error;
      if (error.kind === 'passphrase-missing') {
        return {
          note: `The key is encrypted: store its passphrase with \`${setPassphrase}\`; its fingerprint is shown then.`,
        };
      }
      if (error.kind === 'passphrase-wrong') {
        return {
          note: `The passphrase stored for ${request.dataSource} does not open this key: store the right one with \`${setPassphrase}\`.`,
        };
      }
      throw new SecretStoreError('invalid', error.message, 'Nothing was stored.');
    }
  }
  const pem = await stored(request, 'private_key', context);
  if (!pem) return undefined;
  try {
    return { fingerprint: publicKeyFingerprint(loadPrivateKey(pem, request.value)) };
  } catch (error) {
    if (error instanceof PrivateKeyError && error.kind === 'passphrase-wrong') {
      throw new SecretStoreError(
        'invalid',
        `This passphrase does not decrypt the private key stored for ${request.dataSource}.`,
        'Nothing was stored; check the passphrase (or store the matching private_key first).',
      );
    }
    // An unencrypted stored key needs no passphrase; any other problem is the key's, reported when it is used.
    return undefined;
  }
}
