/**
 * A Snowflake scan through the shared scan operation (configuration.yml → secret store → connector → result), as
 * the CLI and the desktop app run it: key-pair and token secrets read from the store only for the mode that needs
 * them; a missing password says how to store one; secrets written in the file get the plaintext warning and are
 * redacted from the result, the error messages and the saved history.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { scan } from '../../src/api/scan.js';
import { MemorySecretStore } from '../support/memory-secret-store.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { SCANNER, startSnowflake } from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const key = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const CANARY = 'Canary-Secret-Snowflake-40917';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('Snowflake scans through the scan operation', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let dir: string;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_api');
    await db.sql('CREATE TABLE orders (id int, amount numeric(10,2))');
    await db.sql('INSERT INTO orders SELECT i, i * 2 FROM generate_series(1, 5) AS i');
    server = await startSnowflake(db);
    server.addUser({ name: 'KEYED', rsaPublicKeys: [key.publicKey], defaultWarehouse: 'COMPUTE_WH' });
    server.addUser({ name: 'CANARY_USER', password: 'The-Real-Password-1', defaultWarehouse: 'COMPUTE_WH' });
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-sf-api-'));
    await writeFile(join(dir, 'checks.yml'), 'checks for orders:\n  - row_count = 5\n');
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function scanWithConfig(name: string, lines: string[], store: MemorySecretStore) {
    const config = join(dir, `${name}.yml`);
    const text = [
      'data_source sf:',
      '  type: snowflake',
      `  account: ${server.account}`,
      `  database: ${server.database}`,
      `  schema: ${server.schema}`,
      '  warehouse: COMPUTE_WH',
      `  host: ${server.host}`,
      `  port: ${server.port}`,
      '  protocol: http',
      ...lines,
      '',
    ].join('\n');
    await writeFile(config, text);
    const warnings: string[] = [];
    const workspace = join(dir, `${name}-workspace`);
    const result = await scan(
      { configPath: config, dataSource: 'sf', checkPaths: [join(dir, 'checks.yml')], workspace },
      { secretStore: store, onPlaintextSecret: (w) => warnings.push(w), env: {} },
    );
    return { result, warnings, workspace };
  }

  test('key pair from the secret store: only the key fields are read', async () => {
    const store = new MemorySecretStore();
    await store.set({ dataSource: 'sf', field: 'private_key' }, key.privateKey);
    await store.set({ dataSource: 'sf', field: 'token' }, 'an-unrelated-token');
    const asked: string[] = [];
    const get = store.get.bind(store);
    store.get = async (ref) => {
      asked.push(ref.field);
      return get(ref);
    };
    const { result } = await scanWithConfig(
      'keypair',
      ['  username: KEYED', '  authenticator: snowflake_jwt'],
      store,
    );
    expect(result.logs.filter((l) => l.level === 'error')).toEqual([]);
    expect(result.checks[0]?.outcome).toBe('pass');
    expect(asked.sort()).toEqual(['private_key', 'private_key_passphrase']);
  });

  test('password login with none anywhere: the error says how to store one', async () => {
    const { result } = await scanWithConfig('nopassword', ['  username: SCANNER'], new MemorySecretStore());
    const error = result.logs.find((l) => l.level === 'error')?.message ?? '';
    expect(error).toContain('logs in with a password, and none was found');
    expect(error).toContain('`gatehouse secrets set sf password`');
  });

  test('no authenticator, no password, but a key or token stored: the error names the authenticator to add', async () => {
    // A Soda file moved its private_key into the store: without the key in the file, the login mode is password.
    const keyStore = new MemorySecretStore();
    await keyStore.set({ dataSource: 'sf', field: 'private_key' }, key.privateKey);
    const keyed = await scanWithConfig('storedkey', ['  username: KEYED'], keyStore);
    const keyError = keyed.result.logs.find((l) => l.level === 'error')?.message ?? '';
    expect(keyError).toContain('`gatehouse secrets set sf password`');
    expect(keyError).toContain(
      'holds a private_key for sf: to log in with it, add `authenticator: snowflake_jwt`',
    );
    expect(keyError).not.toContain('BEGIN');

    const tokenStore = new MemorySecretStore();
    await tokenStore.set({ dataSource: 'sf', field: 'token' }, 'a-stored-token');
    const tokened = await scanWithConfig('storedtoken', ['  username: KEYED'], tokenStore);
    const tokenError = tokened.result.logs.find((l) => l.level === 'error')?.message ?? '';
    expect(tokenError).toContain('add `authenticator: programmatic_access_token`');
  });

  test("a refused login says what to do, in the connection test's words", async () => {
    const store = new MemorySecretStore();
    await store.set({ dataSource: 'sf', field: 'password' }, SCANNER.password);
    const { result } = await scanWithConfig(
      'badrole',
      ['  username: SCANNER', '  role: ACCOUNTADMIN'],
      store,
    );
    const error = result.logs.find((l) => l.level === 'error')?.message ?? '';
    expect(error).toContain("Role 'ACCOUNTADMIN' specified in the connect string is not granted");
    expect(error).toContain('What to do: Ask the admin to GRANT ROLE ACCOUNTADMIN TO USER "SCANNER"');
  });

  test('a plaintext password canary: warned about, and nowhere in the result, the log or the workspace', async () => {
    const { result, warnings, workspace } = await scanWithConfig(
      'canary',
      ['  username: CANARY_USER', `  password: ${CANARY}`],
      new MemorySecretStore(),
    );
    expect(warnings.join('\n')).toContain('password of data source sf is stored in plain text');
    // The canary is not the user's password: Snowflake refuses it, and the refusal is in the result.
    expect(
      result.logs.some((l) => l.level === 'error' && l.message.includes('Incorrect username or password')),
    ).toBe(true);
    expect(JSON.stringify(result)).not.toContain(CANARY);
    // The failed scan is in the history too (saved with no onHistory listener), without the canary.
    expect((await filesUnder(workspace)).some((file) => file.includes('/scans/'))).toBe(true);
    for (const file of await filesUnder(workspace)) {
      expect(await readFile(file, 'utf8'), file).not.toContain(CANARY);
    }
    expect(JSON.stringify(server.log.entries)).not.toContain(CANARY);
  });
});
