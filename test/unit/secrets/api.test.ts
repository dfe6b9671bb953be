/** The shared secret operations: validation, backend choice, and that no answer ever carries a value. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteSecret, listSecrets, readSecret, secretsStatus, setSecret } from '../../../src/api/secrets.js';
import { SecretStoreError } from '../../../src/secrets/store.js';

let workspace: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-api-secrets-'));
  env = { GATEHOUSE_SECRET_BACKEND: 'vault', GATEHOUSE_VAULT_PASSPHRASE: 'pass phrase' };
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

describe('api/secrets', () => {
  it('stores, lists (names only), reads for the engine and deletes, in the backend GATEHOUSE_SECRET_BACKEND names', async () => {
    const stored = await setSecret(
      { workspace, dataSource: 'warehouse', field: 'password', value: 'v4lue' },
      { env },
    );
    expect(stored.backend.kind).toBe('vault');
    expect(JSON.stringify(stored)).not.toContain('v4lue');

    const listed = await listSecrets({ workspace }, { env });
    expect(listed.secrets).toEqual([{ dataSource: 'warehouse', field: 'password' }]);
    expect(JSON.stringify(listed)).not.toContain('v4lue');
    expect(await readSecret({ dataSource: 'warehouse', field: 'password' }, { workspace }, { env })).toBe(
      'v4lue',
    );
    expect((await secretsStatus({ workspace }, { env })).available).toBe(true);

    expect(
      (await deleteSecret({ workspace, dataSource: 'warehouse', field: 'password' }, { env })).deleted,
    ).toBe(true);
    expect(
      await readSecret({ dataSource: 'warehouse', field: 'password' }, { workspace }, { env }),
    ).toBeUndefined();
  });

  it("keeps the webhook's signing secret, and only that field, under webhook", async () => {
    const ref = { dataSource: 'webhook', field: 'signing_secret' };
    await setSecret({ workspace, ...ref, value: 'hmac-key-1' }, { env });
    expect(await readSecret(ref, { workspace }, { env })).toBe('hmac-key-1');
    await deleteSecret({ workspace, ...ref }, { env });
    const wrong = await rejection(
      setSecret({ workspace, dataSource: 'webhook', field: 'password', value: 'x1234' }, { env }),
    );
    expect(wrong.message).toMatch(/"password" is not a secret field of webhook/);
  });

  it('rejects bad names, unknown fields and empty values, without echoing the value', async () => {
    const badName = await rejection(
      setSecret({ workspace, dataSource: 'Ware House', field: 'password', value: 'x1' }, { env }),
    );
    expect(badName.code).toBe('invalid');
    expect(badName.message).toContain('not a data source name');

    const typo = await rejection(
      setSecret({ workspace, dataSource: 'warehouse', field: 'pasword', value: 'x2' }, { env }),
    );
    expect(typo.message).toContain('Use one of: password, private_key');
    expect(typo.message).not.toContain('x2');

    const cloud = await rejection(
      setSecret({ workspace, dataSource: 'soda_cloud', field: 'password', value: 'x3' }, { env }),
    );
    expect(cloud.message).toContain('Use one of: api_key_secret');

    const empty = await rejection(
      setSecret({ workspace, dataSource: 'warehouse', field: 'password', value: '' }, { env }),
    );
    expect(empty.message).toContain('empty');
  });

  it('an unknown GATEHOUSE_SECRET_BACKEND is an error, not a silent default', async () => {
    const error = await rejection(
      listSecrets({ workspace }, { env: { GATEHOUSE_SECRET_BACKEND: 'plaintext' } }),
    );
    expect(error.message).toContain('GATEHOUSE_SECRET_BACKEND=plaintext is not a secret backend');
  });
});
