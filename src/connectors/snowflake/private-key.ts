/**
 * Key-pair login material: the private key (PEM text from the secret store), decrypted here before any network
 * call so that a wrong passphrase is told apart from a key Snowflake rejects, and its public key's fingerprint
 * as Snowflake shows it (`DESC USER … RSA_PUBLIC_KEY_FP`): `SHA256:` + base64 of SHA-256 over the DER
 * SubjectPublicKeyInfo.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Why a private key could not be used; `kind` lets callers word the fix. */
export class PrivateKeyError extends Error {
  constructor(
    readonly kind: 'not-a-key' | 'passphrase-missing' | 'passphrase-wrong' | 'not-rsa',
    message: string,
  ) {
    super(message);
    this.name = 'PrivateKeyError';
  }
}

function isEncrypted(pem: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
}

/**
 * A PEM pasted on one line with its line breaks written as `\n` (how CI secret stores and `.env` files often hold
 * it): base64 has no backslash, so these can only be line breaks.
 */
function unescapedPem(pem: string): string {
  const text = pem.trim();
  return !text.includes('\n') && text.includes('\\n')
    ? text.replaceAll('\\r\\n', '\n').replaceAll('\\n', '\n')
    : pem;
}

/** The decrypted private key; throws PrivateKeyError with what to do. */
export function loadPrivateKey(stored: string, passphrase: string | undefined): KeyObject {
  const pem = unescapedPem(stored);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new PrivateKeyError(
      'not-a-key',
      'The private key is not a PEM private key (it should start with -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----). Store the contents of the .p8 file, not its path.',
    );
  }
  const encrypted = isEncrypted(pem);
  if (encrypted && !passphrase) {
    throw new PrivateKeyError(
      'passphrase-missing',
      'The private key is encrypted and no passphrase was given: store it as private_key_passphrase.',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', ...(encrypted ? { passphrase } : {}) });
  } catch (error) {
    if (encrypted) {
      throw new PrivateKeyError(
        'passphrase-wrong',
        'The private key passphrase does not decrypt the private key: store the right one as private_key_passphrase.',
      );
    }
    throw new PrivateKeyError(
      'not-a-key',
      `The private key could not be read: ${(error as Error).message}. Store the contents of the .p8 file.`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new PrivateKeyError(
      'not-rsa',
      `The private key is ${key.asymmetricKeyType ?? 'not'} an RSA key; Snowflake key-pair login takes RSA keys (2048 bits or more).`,
    );
  }
  return key;
}

/** `SHA256:<base64>` of the key's public half, exactly as Snowflake computes it. */
export function publicKeyFingerprint(key: KeyObject): string {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(spki).digest('base64')}`;
}

/** The key as unencrypted PKCS#8 PEM, the form snowflake-sdk reads without a passphrase. */
export function pkcs8Pem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}
