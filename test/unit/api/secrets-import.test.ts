/**
 * The import's order of steps with a store that misbehaves: a secret the store does not give back, or a store that
 * cannot be written, leaves configuration.yml as it was, with no backup; a working store gets every secret once.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSecrets, SecretsImportError } from '../../../src/api/secrets-import.js';
import { report } from '../../../src/cli/commands/secrets-import.js';
import { parseConfiguration } from '../../../src/config/load.js';
import type { SecretRef } from '../../../src/secrets/store.js';
import { MemorySecretStore } from '../../support/memory-secret-store.js';

const CONFIG = `data_source warehouse:
  type: postgres
  host: db
  username: u
  password: wh-secret-1   # old habit
  database: d
soda_cloud:
  api_key_id: id
  api_key_secret: cloud-secret-2
`;

/** Stores nothing it is given: reads back what it held before. */
class ForgetfulStore extends MemorySecretStore {
  override async set(_ref: SecretRef, _value: string): Promise<void> {}
}

let dir: string;
let config: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-import-'));
  config = join(dir, 'configuration.yml');
  await writeFile(config, CONFIG, { mode: 0o640 });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const backups = async () => (await readdir(dir)).filter((name) => name.includes('.bak-'));

describe('importSecrets', () => {
  it('stores each secret, backs the file up (0600) and rewrites it keeping its mode', async () => {
    const store = new MemorySecretStore();
    const now = new Date('2025-03-04T05:06:07.089Z');
    const result = await importSecrets({ configPath: config }, { store, now });
    expect(store.values).toEqual(
      new Map([
        ['warehouse:password', 'wh-secret-1'],
        ['soda_cloud:api_key_secret', 'cloud-secret-2'],
      ]),
    );
    expect(result.moved.map(({ dataSource, field }) => `${dataSource}/${field}`)).toEqual([
      'warehouse/password',
      'soda_cloud/api_key_secret',
    ]);
    expect(result.backupPath).toBe(`${config}.bak-2025-03-04T05-06-07-089Z`);
    expect(await readFile(result.backupPath as string, 'utf8')).toBe(CONFIG);
    expect((await stat(result.backupPath as string)).mode & 0o777).toBe(0o600);
    expect(await readFile(config, 'utf8')).toBe(
      CONFIG.replace('  password: wh-secret-1   # old habit\n', '').replace(
        '  api_key_secret: cloud-secret-2\n',
        '',
      ),
    );
    expect((await stat(config)).mode & 0o777).toBe(0o640);
    expect(JSON.stringify(result)).not.toMatch(/wh-secret-1|cloud-secret-2/);
  });

  it('a secret the store does not give back stays in the file: no rewrite, no backup', async () => {
    const store = new ForgetfulStore();
    await expect(importSecrets({ configPath: config }, { store })).rejects.toThrow(SecretsImportError);
    await expect(importSecrets({ configPath: config }, { store })).rejects.toThrow(
      /did not give back the password of warehouse just stored \(it holds none\), so .* was not changed/,
    );
    expect(await readFile(config, 'utf8')).toBe(CONFIG);
    expect(await backups()).toEqual([]);
  });

  it('a store that cannot be written: the error, and the file untouched', async () => {
    const store = new MemorySecretStore();
    store.unavailable = true;
    await expect(importSecrets({ configPath: config }, { store })).rejects.toThrow(/locked/);
    expect(await readFile(config, 'utf8')).toBe(CONFIG);
    expect(await backups()).toEqual([]);
  });

  it('a dry run stores nothing and changes nothing', async () => {
    const store = new MemorySecretStore();
    const result = await importSecrets({ configPath: config, dryRun: true }, { store });
    expect(result.moved).toHaveLength(2);
    expect(store.values.size).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(CONFIG);
    expect(await backups()).toEqual([]);
  });

  it('a Snowflake private_key that chose key-pair login leaves authenticator: snowflake_jwt in its place', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\n    MIIEvQ\n    -----END PRIVATE KEY-----';
    const text = [
      'data_source sf:',
      '  type: snowflake',
      '  account: myorg-analytics',
      '  username: scanner',
      '  private_key: |',
      `    ${key}`,
      '  private_key_passphrase: pass-9',
      '  warehouse: compute_wh',
      'data_source chosen:',
      '  type: snowflake',
      '  account: myorg-analytics',
      '  username: scanner',
      '  authenticator: snowflake_jwt',
      '  private_key: "-----BEGIN PRIVATE KEY-----\\nMII\\n-----END PRIVATE KEY-----"',
      '',
    ].join('\n');
    await writeFile(config, text);
    const result = await importSecrets({ configPath: config }, { store: new MemorySecretStore() });
    const after = await readFile(config, 'utf8');
    expect(after).toBe(
      [
        'data_source sf:',
        '  type: snowflake',
        '  account: myorg-analytics',
        '  username: scanner',
        '  authenticator: snowflake_jwt',
        '  warehouse: compute_wh',
        'data_source chosen:',
        '  type: snowflake',
        '  account: myorg-analytics',
        '  username: scanner',
        '  authenticator: snowflake_jwt',
        '',
      ].join('\n'),
    );
    // The login mode is the same as before the import: key pair, for both.
    const loaded = parseConfiguration(config, after, { env: {} }).dataSources;
    expect(loaded.sf).toMatchObject({ authenticator: 'SNOWFLAKE_JWT' });
    expect(result.added).toEqual([{ dataSource: 'sf', line: 'authenticator: snowflake_jwt' }]);
    expect(report(result)).toContain(
      'sf: authenticator: snowflake_jwt (its private_key chose key-pair login)',
    );
  });

  it('two different values for one secret are a question for the user', async () => {
    const text = `data_source w1:\n  password: top-value\n  connection:\n    type: postgres\n    password: nested-value\n`;
    await writeFile(config, text);
    await expect(importSecrets({ configPath: config }, { store: new MemorySecretStore() })).rejects.toThrow(
      /w1 has two different values for password .* \(at 2:13 and 5:15\)/,
    );
    expect(await readFile(config, 'utf8')).toBe(text);
  });

  it('a file with no data source or soda_cloud block is no configuration.yml, and a check file is named as one', async () => {
    const checks = 'checks for orders:\n  - row_count > 0\n';
    await writeFile(config, checks);
    const store = new MemorySecretStore();
    await expect(importSecrets({ configPath: config }, { store })).rejects.toThrow(
      /has none of the blocks of a configuration\.yml \(`data_source NAME:`, `soda_cloud:`, `destinations:`, `privacy:`\) \(it looks like a check file\)\. Pass the configuration file with -c\./,
    );
    expect(await readFile(config, 'utf8')).toBe(checks);
    // A configuration without a plain-text secret is fine, even one with only a privacy block: nothing to move.
    await writeFile(config, 'data_source w:\n  type: postgres\n  host: localhost\n');
    expect((await importSecrets({ configPath: config }, { store })).moved).toEqual([]);
    await writeFile(config, 'privacy:\n  level: strict\n');
    expect((await importSecrets({ configPath: config }, { store })).moved).toEqual([]);
  });
});
