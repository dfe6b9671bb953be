/**
 * The app's data source and settings management over the workspace's configuration.yml: secrets land in the
 * store and never in the file, the user's comments survive edits, renames move secrets, imports move plain-text
 * secrets into the store, and a refused request leaves the file as it was.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DataSourceError,
  importConfiguration,
  listDataSources,
  removeDataSource,
  saveDataSource,
} from '../../../src/api/data-sources.js';
import { getSettings, updateSettings } from '../../../src/api/settings.js';
import { workspaceConfigPath } from '../../../src/api/workspace-config.js';
import type { WorkspaceContext } from '../../../src/api/workspace-context.js';
import { loadConfiguration } from '../../../src/config/load.js';
import { MemorySecretStore } from '../../support/memory-secret-store.js';

const { privateKey: encryptedKey, publicKey: publicKeyPem } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const plainKey = createPrivateKey({ key: encryptedKey, passphrase: 'open sesame' })
  .export({ type: 'pkcs8', format: 'pem' })
  .toString();
const keyFingerprint = `SHA256:${createHash('sha256')
  .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
  .digest('base64')}`;

let workspace: string;
let store: MemorySecretStore;
let context: WorkspaceContext;
const configText = () => readFile(workspaceConfigPath(workspace), 'utf8');

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-desktop-ds-'));
  store = new MemorySecretStore();
  context = { workspace, env: {}, store: async () => store };
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

const warehouse = {
  type: 'postgres' as const,
  name: 'warehouse',
  host: 'db.internal',
  port: 5433,
  username: 'analyst',
  database: 'sales',
  sslmode: 'verify-full' as const,
};

describe('saveDataSource', () => {
  it('adds a block the CLI reads, with the password in the store and not in the file', async () => {
    const saved = await saveDataSource(
      { definition: warehouse, secrets: { password: 'pw-canary-123' } },
      context,
    );
    const text = await configText();
    expect(text).not.toContain('pw-canary-123');
    expect(text).not.toMatch(/password/);
    expect(store.values.get('warehouse:password')).toBe('pw-canary-123');
    expect(saved.storedSecrets).toEqual(['password']);
    expect(saved.dataSource.secrets).toEqual([{ field: 'password', required: false, state: 'stored' }]);
    expect(saved.dataSource.definition).toEqual(warehouse);

    const config = await loadConfiguration(workspaceConfigPath(workspace), { env: {} });
    expect(config.dataSources.warehouse).toMatchObject({
      host: 'db.internal',
      port: 5433,
      username: 'analyst',
      database: 'sales',
      sslmode: 'verify-full',
    });
    expect(config.dataSources.warehouse?.password).toBeUndefined();
  });

  it('keeps comments and unknown keys when editing, and drops keys the form cleared', async () => {
    await writeFile(
      workspaceConfigPath(workspace),
      [
        '# Our warehouse — ask Dana before changing',
        'data_source warehouse:',
        '  type: postgres',
        '  host: old-host   # moved in May',
        '  port: 5432',
        '  username: analyst',
        '  database: sales',
        '  schema: public',
        '  sampler:',
        '    samples_limit: 5',
        '',
      ].join('\n'),
    );
    await saveDataSource(
      { definition: { ...warehouse, host: 'new-host' }, originalName: 'warehouse' },
      context,
    );
    const text = await configText();
    expect(text).toContain('# Our warehouse — ask Dana before changing');
    expect(text).toContain('host: new-host # moved in May');
    expect(text).toContain('samples_limit: 5');
    expect(text).not.toContain('schema: public');
  });

  it('refuses a name that exists and changes nothing', async () => {
    await saveDataSource({ definition: warehouse }, context);
    const before = await configText();
    const refused = saveDataSource(
      { definition: { ...warehouse, host: 'other' }, secrets: { password: 'never-stored' } },
      context,
    );
    await expect(refused).rejects.toBeInstanceOf(DataSourceError);
    await expect(refused).rejects.toMatchObject({ code: 'conflict' });
    expect(await configText()).toBe(before);
    expect(store.values.has('warehouse:password')).toBe(false);
  });

  it('refuses a secret field the type does not take', async () => {
    await expect(
      saveDataSource({ definition: warehouse, secrets: { private_key: 'x'.repeat(10) } }, context),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('moves the secrets along with a rename', async () => {
    await saveDataSource({ definition: warehouse, secrets: { password: 'pw-rename-1' } }, context);
    await saveDataSource(
      { definition: { ...warehouse, name: 'sales_db' }, originalName: 'warehouse' },
      context,
    );
    expect(store.values.get('sales_db:password')).toBe('pw-rename-1');
    expect(store.values.has('warehouse:password')).toBe(false);
    const text = await configText();
    expect(text).toContain('data_source sales_db:');
    expect(text).not.toContain('data_source warehouse:');
  });

  it('removes a plain-text copy from the file when the secret is stored through the app', async () => {
    await writeFile(
      workspaceConfigPath(workspace),
      'data_source warehouse:\n  type: postgres\n  host: h\n  username: u\n  password: old-plain-secret\n  database: d\n',
    );
    expect((await listDataSources(context)).dataSources[0]?.secrets[0]?.state).toBe('in-file');
    await saveDataSource(
      {
        definition: { ...warehouse, host: 'h', username: 'u', database: 'd' },
        originalName: 'warehouse',
        secrets: { password: 'new-secret-2' },
      },
      context,
    );
    expect(await configText()).not.toContain('old-plain-secret');
    expect((await listDataSources(context)).dataSources[0]?.secrets[0]?.state).toBe('stored');
  });

  it('lists the secrets each Snowflake auth mode needs', async () => {
    await saveDataSource(
      {
        definition: {
          type: 'snowflake',
          name: 'snow',
          account: 'myorg-myaccount',
          username: 'svc',
          authenticator: 'snowflake_jwt',
          warehouse: 'compute_wh',
        },
        secrets: { private_key: plainKey },
      },
      context,
    );
    const view = (await listDataSources(context)).dataSources.find((ds) => ds.name === 'snow');
    expect(view?.secrets).toEqual([
      { field: 'private_key', required: true, state: 'stored' },
      { field: 'private_key_passphrase', required: false, state: 'missing' },
    ]);
    expect(await configText()).not.toContain('BEGIN PRIVATE KEY');
    // The block is one the scan's configuration loader accepts as written.
    const config = await loadConfiguration(workspaceConfigPath(workspace), { env: {} });
    expect(config.dataSources.snow).toMatchObject({
      type: 'snowflake',
      account: 'myorg-myaccount',
      authenticator: 'SNOWFLAKE_JWT',
      warehouse: 'compute_wh',
    });
  });
});

describe('saveDataSource with a Snowflake key pair', () => {
  const snow = {
    type: 'snowflake' as const,
    name: 'snow',
    account: 'myorg-myaccount',
    username: 'svc',
    authenticator: 'snowflake_jwt' as const,
  };

  it('shows the fingerprint of a key and passphrase saved together', async () => {
    const saved = await saveDataSource(
      { definition: snow, secrets: { private_key: encryptedKey, private_key_passphrase: 'open sesame' } },
      context,
    );
    expect(saved.keyPair).toEqual({ fingerprint: keyFingerprint });
    expect(saved.storedSecrets).toEqual(['private_key', 'private_key_passphrase']);
  });

  it('checks a passphrase typed later against the key already stored, across a rename', async () => {
    await saveDataSource({ definition: snow, secrets: { private_key: plainKey } }, context);
    const saved = await saveDataSource(
      {
        definition: { ...snow, name: 'snow_2' },
        originalName: 'snow',
        secrets: { private_key_passphrase: 'x' },
      },
      context,
    );
    // An unencrypted key opens with any passphrase: the fingerprint is the stored key's.
    expect(saved.keyPair).toEqual({ fingerprint: keyFingerprint });
    const wrong = await saveDataSource(
      { definition: snow, secrets: { private_key: encryptedKey, private_key_passphrase: 'wrong' } },
      context,
    ).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(DataSourceError);
    expect(wrong).toMatchObject({
      code: 'invalid-input',
      message: 'This passphrase does not open the private key.',
    });
  });

  it('deletes the password a switch to key pair leaves unused, and says so', async () => {
    await saveDataSource(
      { definition: { ...snow, authenticator: 'snowflake' }, secrets: { password: 'pw-old' } },
      context,
    );
    await store.set({ dataSource: 'other', field: 'password' }, 'pw-other');
    const saved = await saveDataSource(
      { definition: snow, originalName: 'snow', secrets: { private_key: plainKey } },
      context,
    );
    expect(saved.deletedSecrets).toEqual(['password']);
    expect([...store.values.keys()].sort()).toEqual(['other:password', 'snow:private_key']);
    // An edit that changes no sign-in deletes nothing.
    const again = await saveDataSource({ definition: { ...snow, role: 'r' }, originalName: 'snow' }, context);
    expect(again.deletedSecrets).toBeUndefined();
    expect(store.values.has('snow:private_key')).toBe(true);
  });

  it.each([
    ['a path', '/home/me/rsa_key.p8', /not a PEM private key/],
    ['a public key', publicKeyPem, /not a PEM private key/],
    ['an encrypted key without its passphrase', undefined, /encrypted and no passphrase/],
  ])('refuses %s and stores nothing, the file unchanged', async (_what, value, message) => {
    const before = await configText().catch(() => '');
    const error = await saveDataSource(
      { definition: snow, secrets: { private_key: value ?? encryptedKey } },
      context,
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(message) });
    expect((error as DataSourceError).remedy).toMatch(/Nothing was stored/);
    expect(store.values.size).toBe(0);
    expect(await configText().catch(() => '')).toBe(before);
  });
});

describe('listDataSources', () => {
  it('says which block a problem belongs to and still lists the others', async () => {
    await writeFile(
      workspaceConfigPath(workspace),
      'data_source good:\n  type: postgres\n  host: h\n  username: u\n  database: d\ndata_source bad:\n  type: postgres\n  host: h\n  username: u\n  database: d\n  port: nine\n',
    );
    const list = await listDataSources(context);
    expect(list.dataSources.map((ds) => ds.name)).toEqual(['good', 'bad']);
    expect(list.dataSources[0]?.problem).toBeUndefined();
    expect(list.dataSources[1]?.problem).toMatch(/port/);
    expect(list.dataSources[1]?.location.line).toBe(6);
  });

  it('carries the secret fields of every type and auth mode, the ones its views report', async () => {
    const list = await listDataSources(context);
    expect(list.secretFields).toEqual({
      postgres: [{ field: 'password', required: false }],
      snowflake: {
        externalbrowser: [],
        snowflake_jwt: [
          { field: 'private_key', required: true },
          { field: 'private_key_passphrase', required: false },
        ],
        programmatic_access_token: [{ field: 'token', required: true }],
        oauth: [{ field: 'token', required: true }],
        snowflake: [{ field: 'password', required: true }],
      },
    });
    for (const authenticator of ['snowflake', 'oauth', 'externalbrowser'] as const) {
      const name = `snow_${authenticator}`;
      await saveDataSource(
        { definition: { type: 'snowflake', name, account: 'myorg-a', username: 'u', authenticator } },
        context,
      );
      const view = (await listDataSources(context)).dataSources.find((ds) => ds.name === name);
      expect(view?.secrets.map(({ field, required }) => ({ field, required }))).toEqual(
        list.secretFields.snowflake[authenticator],
      );
    }
  });

  it('reports a file that does not parse without throwing', async () => {
    await writeFile(workspaceConfigPath(workspace), 'data_source x:\n  type: [postgres\n');
    const list = await listDataSources(context);
    expect(list.dataSources).toEqual([]);
    expect(list.secretFields.postgres).toEqual([{ field: 'password', required: false }]);
    expect(list.fileProblem).toMatch(/configuration\.yml:\d+:\d+/);
  });

  it('says unknown, not missing, when the store cannot be read', async () => {
    await saveDataSource({ definition: warehouse }, context);
    store.unavailable = true;
    const list = await listDataSources(context);
    expect(list.backend.available).toBe(false);
    expect(list.dataSources[0]?.secrets[0]?.state).toBe('unknown');
  });
});

describe('removeDataSource', () => {
  it('refuses with nothing changed when the store cannot be read, so no secret is left behind', async () => {
    await saveDataSource({ definition: warehouse, secrets: { password: 'pw-locked' } }, context);
    const before = await configText();
    store.unavailable = true;
    await expect(removeDataSource({ name: 'warehouse' }, context)).rejects.toMatchObject({
      name: 'SecretStoreError',
      remedy: 'Unlock it.',
    });
    expect(await configText()).toBe(before);
    store.unavailable = false;
    expect(await removeDataSource({ name: 'warehouse' }, context)).toEqual({
      removed: true,
      deletedSecrets: ['password'],
    });
    expect(store.values.size).toBe(0);
  });

  it('removes the block and its secrets, keeping the rest of the file', async () => {
    await writeFile(workspaceConfigPath(workspace), '# keep me\nprivacy:\n  level: strict\n');
    await saveDataSource({ definition: warehouse, secrets: { password: 'pw-remove-3' } }, context);
    const result = await removeDataSource({ name: 'warehouse' }, context);
    expect(result).toEqual({ removed: true, deletedSecrets: ['password'] });
    expect(store.values.size).toBe(0);
    const text = await configText();
    expect(text).toContain('# keep me');
    expect(text).not.toContain('warehouse');
  });

  it('says not-found for an unknown name', async () => {
    await expect(removeDataSource({ name: 'nope' }, context)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('importConfiguration', () => {
  it('copies blocks with their comments and moves plain-text secrets into the store', async () => {
    const source = join(workspace, 'theirs.yml');
    const original = [
      '# production warehouse',
      'data_source prod:',
      '  type: postgres',
      '  host: prod-db   # primary',
      '  username: u',
      '  password: imported-secret-4',
      '  database: d',
      'soda_cloud:',
      '  api_key_id: key-id',
      '  api_key_secret: cloud-secret-5',
      '',
    ].join('\n');
    await writeFile(source, original);
    const result = await importConfiguration({ path: source }, context);
    expect(result.imported).toEqual(['prod', 'soda_cloud']);
    expect(result.movedSecrets.map((s) => `${s.dataSource}:${s.field}`)).toEqual([
      'prod:password',
      'soda_cloud:api_key_secret',
    ]);
    expect(store.values.get('prod:password')).toBe('imported-secret-4');
    expect(store.values.get('soda_cloud:api_key_secret')).toBe('cloud-secret-5');
    const text = await configText();
    expect(text).not.toContain('imported-secret-4');
    expect(text).not.toContain('cloud-secret-5');
    expect(text).toContain('host: prod-db # primary');
    expect(result.sourceWarning).toMatch(/still holds 2 secrets in plain text;.*gatehouse secrets import -c/);
    // The user's own file is theirs: untouched.
    expect(await readFile(source, 'utf8')).toBe(original);
  });

  it('a Snowflake private_key that chose key-pair login leaves authenticator: snowflake_jwt, and says so', async () => {
    const source = join(workspace, 'keypair.yml');
    const key = '-----BEGIN PRIVATE KEY-----\n      MIIB-imported-key-7\n      -----END PRIVATE KEY-----';
    await writeFile(
      source,
      `data_source sfk:\n  type: snowflake\n  account: myorg-acct\n  username: scanner\n  private_key: |\n      ${key}\n`,
    );
    const result = await importConfiguration({ path: source }, context);
    expect(result.movedSecrets.map((s) => `${s.dataSource}:${s.field}`)).toEqual(['sfk:private_key']);
    expect(result.addedLines).toEqual([{ dataSource: 'sfk', line: 'authenticator: snowflake_jwt' }]);
    const text = await configText();
    expect(text).toContain('authenticator: snowflake_jwt');
    expect(text).not.toContain('MIIB-imported-key-7');
  });

  it('refuses a data source whose name the configuration loader refuses, with nothing stored or written', async () => {
    const source = join(workspace, 'theirs.yml');
    await writeFile(
      source,
      'data_source good_one:\n  type: postgres\n  host: h\n  username: u\n  database: d\n  password: pw-good\ndata_source x:\n  type: postgres\n  host: h\n  username: u\n  database: d\n  password: pw-x\n',
    );
    const error = await importConfiguration({ path: source }, context).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ConfigError', location: { filePath: source, line: 7, col: 1 } });
    expect((error as Error).message).toMatch(
      /Data source name "x" is invalid.*Rename it in .*nothing was imported/,
    );
    expect(store.values.size).toBe(0);
    await expect(configText()).rejects.toThrow();
  });

  it('skips names that exist unless asked to replace them', async () => {
    await saveDataSource({ definition: { ...warehouse, name: 'prod' } }, context);
    const source = join(workspace, 'theirs.yml');
    await writeFile(
      source,
      'data_source prod:\n  type: postgres\n  host: other\n  username: u\n  database: d\n',
    );
    expect((await importConfiguration({ path: source }, context)).skipped).toEqual(['prod']);
    expect(await configText()).toContain('db.internal');
    await importConfiguration({ path: source, replace: true }, context);
    expect(await configText()).toContain('host: other');
    expect(await configText()).not.toContain('db.internal');
  });
});

describe('settings', () => {
  it('writes the privacy block the CLI reads, and reads it back', async () => {
    const privacy = {
      level: 'strict' as const,
      excludeColumns: ['ssn'],
      withholdValues: ['salary'],
      hashIdentifiers: true,
      datasets: { customers: { level: 'full' as const, sampleColumns: ['id'] } },
    };
    const settings = await updateSettings({ privacy }, context);
    expect(settings.privacy).toEqual(privacy);
    expect(settings.privacyIsDefault).toBe(false);
    const config = await loadConfiguration(workspaceConfigPath(workspace), { env: {} });
    expect(config.privacy).toEqual(privacy);
  });

  it('stores destination secrets in the store and only says whether they are stored', async () => {
    const settings = await updateSettings(
      {
        webhook: { url: 'https://hooks.example.com/in' },
        sodaCloud: { host: 'cloud.soda.io', apiKeyId: 'id-1' },
        secrets: { signingSecret: 'signing-canary-6', apiKeySecret: 'api-canary-7' },
      },
      context,
    );
    expect(settings.destinations.webhook).toEqual({
      url: 'https://hooks.example.com/in',
      signingSecret: 'stored',
    });
    expect(settings.destinations.sodaCloud).toMatchObject({ host: 'cloud.soda.io', apiKeySecret: 'stored' });
    expect(settings.destinations.defaultKind).toBe('soda_cloud');
    expect(store.values.get('webhook:signing_secret')).toBe('signing-canary-6');
    const text = await configText();
    expect(text).not.toContain('canary');
    expect(JSON.stringify(settings)).not.toContain('canary');
  });

  it('refuses plain http to a remote webhook and writes nothing', async () => {
    await expect(
      updateSettings({ webhook: { url: 'http://hooks.example.com/in' } }, context),
    ).rejects.toThrow(/plain http/);
    expect((await getSettings(context)).destinations.webhook).toBeUndefined();
  });

  it('removes a destination with null', async () => {
    await updateSettings({ file: { path: '/tmp/handover' } }, context);
    expect((await getSettings(context)).destinations.file).toEqual({ path: '/tmp/handover' });
    await updateSettings({ file: null }, context);
    expect((await getSettings(context)).destinations.file).toBeUndefined();
    expect(await configText()).not.toContain('destinations');
  });
});
