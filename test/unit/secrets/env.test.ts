/** The read-only environment backend: names, reads, listing, and the error on writes. */
import { describe, expect, it } from 'vitest';
import { EnvStore, envSecretName, parseEnvSecretName } from '../../../src/secrets/env.js';
import { SecretStoreError } from '../../../src/secrets/store.js';

describe('EnvStore', () => {
  it('names variables GATEHOUSE_SECRET_<DATASOURCE>_<FIELD>, upper-case, non-alphanumerics as _', () => {
    expect(envSecretName({ dataSource: 'warehouse', field: 'password' })).toBe(
      'GATEHOUSE_SECRET_WAREHOUSE_PASSWORD',
    );
    expect(envSecretName({ dataSource: 'soda_cloud', field: 'api_key_secret' })).toBe(
      'GATEHOUSE_SECRET_SODA_CLOUD_API_KEY_SECRET',
    );
    expect(envSecretName({ dataSource: 'my-db.eu', field: 'private_key' })).toBe(
      'GATEHOUSE_SECRET_MY_DB_EU_PRIVATE_KEY',
    );
  });

  it('reads a secret, and treats an empty variable as unset', async () => {
    const store = new EnvStore({
      GATEHOUSE_SECRET_WAREHOUSE_PASSWORD: 'pw',
      GATEHOUSE_SECRET_LAKE_TOKEN: '',
    });
    expect(await store.get({ dataSource: 'warehouse', field: 'password' })).toBe('pw');
    expect(await store.get({ dataSource: 'lake', field: 'token' })).toBeUndefined();
    expect(await store.get({ dataSource: 'other', field: 'password' })).toBeUndefined();
  });

  it('lists the secrets present, splitting at the longest known field, and ignores other variables', async () => {
    const store = new EnvStore({
      GATEHOUSE_SECRET_WAREHOUSE_PASSWORD: 'a',
      GATEHOUSE_SECRET_SNOW_FLAKE_PRIVATE_KEY_PASSPHRASE: 'b',
      GATEHOUSE_SECRET_SODA_CLOUD_API_KEY_SECRET: 'c',
      GATEHOUSE_SECRET_LAKE_TOKEN: '',
      GATEHOUSE_SECRET_WAREHOUSE_COLOUR: 'not a secret field',
      GATEHOUSE_SECRET_BACKEND: 'env',
      PATH: '/usr/bin',
    });
    expect(await store.list()).toEqual([
      { dataSource: 'snow_flake', field: 'private_key_passphrase' },
      { dataSource: 'soda_cloud', field: 'api_key_secret' },
      { dataSource: 'warehouse', field: 'password' },
    ]);
    expect(parseEnvSecretName('GATEHOUSE_SECRET_X_PASSWORD')).toBeUndefined(); // "x" is too short a name
  });

  it('refuses to store or delete, pointing to the keychain or ${VAR} in configuration.yml', async () => {
    const store = new EnvStore({});
    for (const attempt of [
      store.set({ dataSource: 'warehouse', field: 'password' }),
      store.delete({ dataSource: 'warehouse', field: 'password' }),
    ]) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SecretStoreError);
      expect((error as SecretStoreError).code).toBe('read-only');
      expect((error as SecretStoreError).message).toContain('GATEHOUSE_SECRET_WAREHOUSE_PASSWORD');
      expect((error as SecretStoreError).message).toContain('keychain');
      expect((error as SecretStoreError).message).toContain('${VAR} in configuration.yml');
    }
    expect((await store.status()).available).toBe(true);
  });
});
