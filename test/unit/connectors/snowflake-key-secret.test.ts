/** Storing Snowflake key-pair secrets: checked before storing, the fingerprint shown, in a real file vault. */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSecret } from '../../../src/api/secrets.js';
import { describeKeySecret } from '../../../src/api/snowflake-key.js';
import { SecretStoreError } from '../../../src/secrets/store.js';

let workspace: string;
const env = { GATEHOUSE_SECRET_BACKEND: 'vault', GATEHOUSE_VAULT_PASSPHRASE: 'pass phrase' };

const { privateKey: encrypted, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const expected = `SHA256:${createHash('sha256')
  .update(createPublicKey(publicKey).export({ type: 'spki', format: 'der' }))
  .digest('base64')}`;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-sf-keys-'));
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

const request = (field: string, value: string) => ({ workspace, dataSource: 'sf_keys', field, value });

describe('describeKeySecret', () => {
  it('an encrypted key before its passphrase: stored with a note; the passphrase then shows the fingerprint', async () => {
    const first = await describeKeySecret(request('private_key', encrypted), { env });
    expect(first).toEqual({
      note: expect.stringContaining('gatehouse secrets set sf_keys private_key_passphrase'),
    });
    await setSecret(request('private_key', encrypted), { env });
    expect(await describeKeySecret(request('private_key_passphrase', 'open sesame'), { env })).toEqual({
      fingerprint: expected,
    });
  });

  it('refuses a passphrase that does not open the stored key', async () => {
    const error = await describeKeySecret(request('private_key_passphrase', 'wrong'), { env }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).toContain('does not decrypt the private key stored for sf_keys');
  });

  it('with the passphrase stored, storing the key again shows its fingerprint', async () => {
    await setSecret(request('private_key_passphrase', 'open sesame'), { env });
    expect(await describeKeySecret(request('private_key', encrypted), { env })).toEqual({
      fingerprint: expected,
    });
  });

  it('refuses what is not a private key (a path, a public key), and ignores other fields', async () => {
    for (const value of ['/home/me/rsa_key.p8', publicKey]) {
      const error = await describeKeySecret(request('private_key', value), { env }).catch((e) => e);
      expect(error).toBeInstanceOf(SecretStoreError);
      expect((error as Error).message).toMatch(/not a PEM private key.*Nothing was stored/s);
    }
    expect(await describeKeySecret(request('password', 'x'), { env })).toBeUndefined();
  });
});
