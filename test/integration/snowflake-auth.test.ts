/**
 * Every Snowflake login mode through the real snowflake-sdk against the Snowflake-protocol server: success and
 * failure for password, key pair, OAuth and programmatic access tokens; a blocked client address; a wrong key
 * passphrase (refused before any request); expired tokens; warehouse and role problems. Each failure must keep
 * Snowflake's code, so the diagnostics classifier names it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { SnowflakeDataSource } from '../../src/config/model.js';
import { ConnectorError } from '../../src/connectors/connector.js';
import { loadPrivateKey, publicKeyFingerprint } from '../../src/connectors/snowflake/private-key.js';
import { classifyError } from '../../src/diagnostics/classify-error.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { openSnowflake, snowflakeDataSource, startSnowflake } from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

function rsaKey(passphrase?: string) {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
}

const registered = rsaKey('key-pass-phrase');
const stranger = rsaKey();
const HOUR = 3_600_000;

describe('Snowflake login modes', () => {
  let db: TestSchema;
  let server: SnowflakeServer;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_auth');
    await db.sql('CREATE TABLE t (id int)');
    await db.sql('INSERT INTO t VALUES (1), (2)');
    server = await startSnowflake(db, {
      roles: [{ name: 'ANALYST', warehouses: ['COMPUTE_WH'] }],
      warehouses: [
        { name: 'COMPUTE_WH' },
        { name: 'CAPPED_WH', suspended: true, autoResume: false, resourceMonitor: 'MONTHLY_CAP' },
      ],
    });
    server.addUser({ name: 'KEYED', rsaPublicKeys: [registered.publicKey], defaultWarehouse: 'COMPUTE_WH' });
    server.addUser({
      name: 'OAUTHED',
      oauthTokens: [
        { token: 'oauth-token-valid-1234', expiresAt: new Date(Date.now() + HOUR) },
        { token: 'oauth-token-old-5678', expiresAt: new Date(Date.now() - HOUR) },
      ],
      defaultWarehouse: 'COMPUTE_WH',
    });
    server.addUser({
      name: 'SERVICE',
      pats: [
        { token: 'pat-valid-abcdef123456', expiresAt: new Date(Date.now() + HOUR) },
        { token: 'pat-expired-abcdef654321', expiresAt: new Date(Date.now() - HOUR) },
      ],
      defaultWarehouse: 'COMPUTE_WH',
    });
    server.addUser({ name: 'LOCKED_OUT', password: 'Locked-Out-Password-1', defaultWarehouse: 'COMPUTE_WH' });
    server.setNetworkPolicy({ name: 'SERVICE_POLICY', allowedIpList: ['127.0.0.0/8'] }, { user: 'SERVICE' });
    server.setNetworkPolicy(
      { name: 'OFFICE_ONLY', allowedIpList: ['203.0.113.0/24'] },
      { user: 'LOCKED_OUT' },
    );
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  /** Log in, run one query, close: the rows on success, the ConnectorError on failure. */
  async function attempt(overrides: Partial<SnowflakeDataSource>): Promise<unknown[][] | ConnectorError> {
    const ds = snowflakeDataSource(server, overrides);
    try {
      const connector = await openSnowflake(ds);
      try {
        return (await connector.query('SELECT COUNT(*) FROM t')).rows;
      } finally {
        await connector.close();
      }
    } catch (error) {
      if (error instanceof ConnectorError) return error;
      throw error;
    }
  }

  function failure(outcome: unknown[][] | ConnectorError): ConnectorError {
    if (!(outcome instanceof ConnectorError))
      throw new Error(`expected a failure, got rows ${JSON.stringify(outcome)}`);
    return outcome;
  }

  const logins = (user: string) =>
    server.log.entries.filter((entry) => entry.kind === 'login' && entry.user?.toUpperCase() === user);

  test('password: the right one logs in; a wrong one is 390100, bad credentials', async () => {
    expect(await attempt({})).toEqual([[2]]);
    const error = failure(await attempt({ password: 'Not-The-Password-1' }));
    expect(error).toMatchObject({ kind: 'auth', code: '390100' });
    expect(classifyError(error).kind).toBe('bad-credentials');
    expect(error.message).not.toContain('Not-The-Password-1');
  });

  test('key pair: the registered key (encrypted, with its passphrase) logs in', async () => {
    const rows = await attempt({
      username: 'KEYED',
      authenticator: 'SNOWFLAKE_JWT',
      password: undefined,
      privateKey: registered.privateKey,
      privateKeyPassphrase: 'key-pass-phrase',
    });
    expect(rows).toEqual([[2]]);
    expect(logins('KEYED').at(-1)?.body).toMatchObject({ AUTHENTICATOR: 'SNOWFLAKE_JWT', hasToken: true });
    // The fingerprint Gatehouse shows is the one DESC USER shows for the registered key (users may describe
    // themselves).
    const connector = await openSnowflake(
      snowflakeDataSource(server, {
        username: 'KEYED',
        authenticator: 'SNOWFLAKE_JWT',
        password: undefined,
        privateKey: registered.privateKey,
        privateKeyPassphrase: 'key-pass-phrase',
      }),
    );
    try {
      const described = (await connector.query('DESC USER KEYED')).rows;
      const shown = described.find((row) => row[0] === 'RSA_PUBLIC_KEY_FP')?.[1];
      expect(shown).toBe(publicKeyFingerprint(loadPrivateKey(registered.privateKey, 'key-pass-phrase')));
    } finally {
      await connector.close();
    }
  });

  test('key pair: an unregistered key is 390144, and the message gives its fingerprint to compare', async () => {
    const error = failure(
      await attempt({
        username: 'KEYED',
        authenticator: 'SNOWFLAKE_JWT',
        password: undefined,
        privateKey: stranger.privateKey,
      }),
    );
    expect(error).toMatchObject({ kind: 'auth', code: '390144' });
    expect(error.message).toMatch(/public key fingerprint is SHA256:[A-Za-z0-9+/]{43}=.*RSA_PUBLIC_KEY_FP/);
    expect(classifyError(error, { user: 'KEYED' }).kind).toBe('snowflake-key-rejected');
  });

  test('key pair: a wrong passphrase is reported as such, and no login request is sent', async () => {
    const before = logins('KEYED').length;
    const error = failure(
      await attempt({
        username: 'KEYED',
        authenticator: 'SNOWFLAKE_JWT',
        password: undefined,
        privateKey: registered.privateKey,
        privateKeyPassphrase: 'wrong-pass-phrase',
      }),
    );
    expect(error.message).toContain('passphrase does not decrypt the private key');
    expect(classifyError(error).kind).toBe('snowflake-key-passphrase');
    expect(logins('KEYED').length).toBe(before);
  });

  test('OAuth: a valid token logs in; an expired one is 390318, an unknown one 390303', async () => {
    const oauth = { username: 'OAUTHED', authenticator: 'OAUTH' as const, password: undefined };
    expect(await attempt({ ...oauth, token: 'oauth-token-valid-1234' })).toEqual([[2]]);
    const expired = failure(await attempt({ ...oauth, token: 'oauth-token-old-5678' }));
    expect(expired).toMatchObject({ kind: 'auth', code: '390318' });
    expect(classifyError(expired).kind).toBe('snowflake-token-expired');
    const unknown = failure(await attempt({ ...oauth, token: 'oauth-token-made-up-0000' }));
    expect(unknown).toMatchObject({ kind: 'auth', code: '390303' });
    expect(classifyError(unknown).kind).toBe('snowflake-token-invalid');
  });

  test('programmatic access token: valid logs in; expired is refused; without a network policy it is 390432', async () => {
    const pat = {
      username: 'SERVICE',
      authenticator: 'PROGRAMMATIC_ACCESS_TOKEN' as const,
      password: undefined,
    };
    expect(await attempt({ ...pat, token: 'pat-valid-abcdef123456' })).toEqual([[2]]);
    expect(logins('SERVICE').at(-1)?.body).toMatchObject({ AUTHENTICATOR: 'PROGRAMMATIC_ACCESS_TOKEN' });
    const expired = failure(await attempt({ ...pat, token: 'pat-expired-abcdef654321' }));
    expect(expired).toMatchObject({ kind: 'auth', code: '390100' });
    server.clearNetworkPolicies();
    try {
      const noPolicy = failure(await attempt({ ...pat, token: 'pat-valid-abcdef123456' }));
      expect(noPolicy).toMatchObject({ kind: 'auth', code: '390432' });
      expect(classifyError(noPolicy).kind).toBe('snowflake-pat-needs-policy');
    } finally {
      server.setNetworkPolicy(
        { name: 'SERVICE_POLICY', allowedIpList: ['127.0.0.0/8'] },
        { user: 'SERVICE' },
      );
      server.setNetworkPolicy(
        { name: 'OFFICE_ONLY', allowedIpList: ['203.0.113.0/24'] },
        { user: 'LOCKED_OUT' },
      );
    }
  });

  test('a network policy that does not admit this machine: 390422 with the address Snowflake saw', async () => {
    const error = failure(await attempt({ username: 'LOCKED_OUT', password: 'Locked-Out-Password-1' }));
    expect(error).toMatchObject({ kind: 'auth', code: '390422' });
    const classified = classifyError(error, { user: 'LOCKED_OUT' });
    expect(classified).toMatchObject({ kind: 'snowflake-ip-blocked', clientIp: '127.0.0.1' });
    expect(classified.summary).toBe('A Snowflake network policy blocks 127.0.0.1 for user LOCKED_OUT.');
  });

  test('a role not granted: 390189, named', async () => {
    const error = failure(await attempt({ role: 'ACCOUNTADMIN' }));
    expect(error.code).toBe('390189');
    expect(classifyError(error)).toMatchObject({ kind: 'snowflake-role-not-granted' });
  });

  test('a suspended warehouse that may not resume fails the query with its resource monitor named', async () => {
    const error = failure(await attempt({ warehouse: 'CAPPED_WH' }));
    expect(error.kind).toBe('query');
    expect(error.message).toContain(
      "Warehouse 'CAPPED_WH' cannot be resumed because resource monitor 'MONTHLY_CAP'",
    );
    expect(classifyError(error).kind).toBe('snowflake-warehouse-suspended');
  });

  test('no warehouse: the query fails with 000606, classified with the warehouse to set', async () => {
    const error = failure(await attempt({ warehouse: 'NO_SUCH_WH' }));
    expect(error.code).toBe('000606');
    expect(classifyError(error, { warehouse: 'NO_SUCH_WH' }).kind).toBe('snowflake-no-warehouse');
    // Snowflake's own words ("use the 'use warehouse' command") point away from configuration.yml: the scan's
    // error says what the missing warehouse means for this data source.
    expect(error.message).toContain(
      "The configured warehouse NO_SUCH_WH does not exist, or the user's default role may not use it",
    );
    expect(error.message).toContain('GRANT USAGE ON WAREHOUSE "NO_SUCH_WH" TO ROLE <role>');
  });

  test('no warehouse configured and none by default: the query error says to add warehouse:', async () => {
    server.addUser({ name: 'NO_DEFAULT', password: 'No-Default-Password-3' });
    const error = failure(
      await attempt({ username: 'NO_DEFAULT', password: 'No-Default-Password-3', warehouse: undefined }),
    );
    expect(error.code).toBe('000606');
    expect(error.message).toContain('names no warehouse and the user has no default one: add warehouse:');
  });
});
