/**
 * Key-pair login from the real OS keychain, as a user does it with the built CLI: `gatehouse secrets set` stores
 * the encrypted private key (and says a passphrase is needed), then its passphrase (and prints the key's SHA256
 * fingerprint), `gatehouse test-connection` runs its steps against the Snowflake-protocol server, and
 * `gatehouse scan` logs in with the stored key — configuration.yml holds no secret. Neither the key nor the
 * passphrase appears in any output.
 */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { cliStep, missingKeyringPrerequisites, runKeyringSession } from '../support/keyring-session.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { startSnowflake } from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const keyringMissing = await missingKeyringPrerequisites();
const test = itWhen(
  available && keyringMissing === undefined,
  [available ? undefined : 'PostgreSQL on 127.0.0.1:5432', keyringMissing].filter(Boolean).join('; '),
);

const PASSPHRASE = 'cli-key-passphrase-7731';
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE },
});
const FINGERPRINT = `SHA256:${createHash('sha256')
  .update(createPublicKey(publicKey).export({ type: 'spki', format: 'der' }))
  .digest('base64')}`;

describe('Snowflake key pair from the OS keychain, through the CLI', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let dir: string;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_cli');
    await db.sql('CREATE TABLE orders (id int, amount numeric(10,2))');
    await db.sql('INSERT INTO orders SELECT i, i * 1.25 FROM generate_series(1, 12) AS i');
    server = await startSnowflake(db);
    server.addUser({ name: 'KEYED', rsaPublicKeys: [publicKey], defaultWarehouse: 'COMPUTE_WH' });
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-sf-cli-'));
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('secrets set → fingerprint; test-connection and scan log in with the stored key', async () => {
    const config = join(dir, 'configuration.yml');
    await writeFile(
      config,
      [
        'data_source sf:',
        '  type: snowflake',
        `  account: ${server.account}`,
        '  username: keyed',
        '  authenticator: snowflake_jwt',
        '  warehouse: compute_wh',
        `  database: ${server.database}`,
        `  schema: ${server.schema}`,
        `  host: ${server.host}`,
        `  port: ${server.port}`,
        '  protocol: http',
        '',
      ].join('\n'),
    );
    const checks = join(dir, 'checks.yml');
    await writeFile(checks, 'checks for orders:\n  - row_count = 12\n  - sum(amount) > 0\n');
    const session = await runKeyringSession(
      [
        cliStep(['secrets', 'set', 'sf', 'private_key', '--stdin'], privateKey),
        cliStep(['secrets', 'set', 'sf', 'private_key_passphrase', '--stdin'], `${PASSPHRASE}\n`),
        cliStep(['test-connection', '-d', 'sf', '-c', config]),
        cliStep(['scan', '-d', 'sf', '-c', config, checks]),
        cliStep(['secrets', 'set', 'sf', 'private_key_passphrase', '--stdin'], 'not-the-passphrase\n'),
      ],
      { keyring: 'unlocked' },
    );
    const [key, passphrase, tested, scanned, wrong] = session.steps;
    expect(key?.code, `${key?.stderr}\n${session.log}`).toBe(0);
    expect(key?.stdout).toContain('Stored sf:private_key in the');
    expect(key?.stdout).toContain('The key is encrypted: store its passphrase');
    expect(passphrase?.code, passphrase?.stderr).toBe(0);
    expect(passphrase?.stdout).toContain(`Public key fingerprint: ${FINGERPRINT}`);

    expect(tested?.code, `${tested?.stdout}\n${tested?.stderr}`).toBe(0);
    expect(tested?.stdout).toContain('127.0.0.1');

    expect(scanned?.code, `${scanned?.stdout}\n${scanned?.stderr}`).toBe(0);
    const logins = server.log.entries.filter((entry) => entry.kind === 'login' && entry.outcome === 'ok');
    expect(logins.length).toBeGreaterThanOrEqual(2);
    for (const login of logins) expect(login.body).toMatchObject({ AUTHENTICATOR: 'SNOWFLAKE_JWT' });

    // A passphrase that does not open the stored key is refused, not stored.
    expect(wrong?.code).toBe(3);
    expect(wrong?.stderr).toContain('does not decrypt the private key stored for sf');

    const printed = session.steps.map((step) => step.stdout + step.stderr).join('\n');
    expect(printed).not.toContain(PASSPHRASE);
    expect(printed).not.toContain('PRIVATE KEY');
  });
});
