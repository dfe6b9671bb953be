/**
 * The Snowflake-protocol test server through the real snowflake-sdk: every login mode accepted and refused,
 * network-policy rejection by client address, role and warehouse refusals, token renewal and its end, session
 * close, Snowflake types round-tripped through the SDK's decoder, translated SQL (REGEXP_LIKE, information_schema,
 * session functions, SHOW/DESCRIBE of network policies), cancellation, the request log and the socket recorder.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, ConnectionOptions } from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { snowflakeDialect } from '../../src/connectors/snowflake/dialect.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { publicKeyFingerprint, SnowflakeServer } from '../support/snowflake/index.js';
import { recordSockets } from '../support/socket-recorder.js';

// Before the SDK loads: no cloud-metadata probes, and its OCSP cache in a folder of this test's own.
const ocspDir = mkdtempSync(join(tmpdir(), 'gatehouse-sf-ocsp-'));
process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';
process.env.SF_OCSP_RESPONSE_CACHE_DIR = ocspDir;
const sdk = (await import('snowflake-sdk')).default;
sdk.configure({ logLevel: 'OFF' } as Parameters<typeof sdk.configure>[0]);

const available = await postgresAvailable();
const it = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const PASSWORD = 'correct horse battery staple';
const PAT = 'pat-secret-value-123';

type SdkError = Error & { code?: string; sqlState?: string };

function connect(options: Partial<ConnectionOptions> & { username: string }): Promise<Connection> {
  const connection = sdk.createConnection({
    ...server.sdkOptions(),
    database: server.database,
    schema: server.schema,
    warehouse: 'COMPUTE_WH',
    sfRetryMaxLoginRetries: 0,
    ...options,
  } as ConnectionOptions);
  // connectAsync can resolve on a failed login: the callback is the reliable signal.
  return new Promise((resolve, reject) =>
    connection.connect((error) => (error ? reject(error) : resolve(connection))),
  );
}

function refusal(options: Partial<ConnectionOptions> & { username: string }): Promise<SdkError> {
  return connect(options).then(
    (connection) => {
      void destroy(connection);
      throw new Error('login unexpectedly succeeded');
    },
    (error: SdkError) => error,
  );
}

function query<T = Record<string, unknown>>(connection: Connection, sqlText: string): Promise<T[]> {
  return new Promise((resolve, reject) =>
    connection.execute({
      sqlText,
      complete: (error, _statement, rows) => (error ? reject(error) : resolve((rows ?? []) as T[])),
    }),
  );
}

function queryError(connection: Connection, sqlText: string): Promise<SdkError> {
  return query(connection, sqlText).then(
    () => {
      throw new Error(`query unexpectedly succeeded: ${sqlText}`);
    },
    (error: SdkError) => error,
  );
}

function destroy(connection: Connection): Promise<void> {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

let db: TestSchema;
let server: SnowflakeServer;

beforeAll(async () => {
  if (!available) return;
  db = await createTestSchema('sfserver');
  await db.sql('CREATE TABLE customers (id int, email text, country text)');
  await db.insertRows('customers', [
    { id: 1, email: 'ann@example.com', country: 'NL' },
    { id: 2, email: 'bob@example', country: 'BE' },
    { id: 3, email: null, country: 'NL' },
    { id: 4, email: 'x ann@example.com y', country: 'FR' },
  ]);
  await db.sql('CREATE TABLE secrets (id int)');
  server = await SnowflakeServer.start({
    schema: db.schema,
    account: 'acme',
    users: [
      { name: 'alice', password: PASSWORD, roles: ['ANALYST'], defaultRole: 'ANALYST' },
      { name: 'svc_key', rsaPublicKeys: [publicKey] },
      {
        name: 'oauth_user',
        oauthTokens: [
          { token: 'oauth-good' },
          { token: 'oauth-old', expiresAt: new Date(Date.now() - 60_000) },
        ],
      },
      { name: 'pat_user', pats: [{ token: PAT }] },
      { name: 'blocked', password: PASSWORD },
      { name: 'admin', password: PASSWORD, roles: ['ACCOUNTADMIN'] },
    ],
    roles: [{ name: 'ANALYST', tables: ['CUSTOMERS'], warehouses: ['COMPUTE_WH'] }],
    warehouses: [
      { name: 'COMPUTE_WH' },
      { name: 'FROZEN_WH', suspended: true, autoResume: false, resourceMonitor: 'QUOTA' },
    ],
  });
});

afterAll(async () => {
  if (!available) return;
  await server?.stop();
  await db?.drop();
  rmSync(ocspDir, { recursive: true, force: true });
});

describe('login modes', () => {
  it('password: accepted, and refused with 390100 for a wrong password or an unknown user', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD });
    expect(await query(connection, 'SELECT CURRENT_USER(), CURRENT_ROLE()')).toEqual([
      { 'CURRENT_USER()': 'ALICE', 'CURRENT_ROLE()': 'ANALYST' },
    ]);
    await destroy(connection);
    expect(await refusal({ username: 'alice', password: 'wrong' })).toMatchObject({ code: '390100' });
    expect(await refusal({ username: 'nobody', password: PASSWORD })).toMatchObject({ code: '390100' });
  });

  it('key pair: a JWT signed with the registered key is accepted; another key is refused with 390144', async () => {
    const connection = await connect({ username: 'svc_key', authenticator: 'SNOWFLAKE_JWT', privateKey });
    expect(await query(connection, 'SELECT 1 AS one')).toEqual([{ ONE: 1 }]);
    // DESC USER shows the registered key's fingerprint: SHA-256 of its DER SubjectPublicKeyInfo, base64.
    const der = keys.publicKey.export({ type: 'spki', format: 'der' });
    const properties = await query<{ property: string; value: string }>(connection, 'DESC USER svc_key');
    expect(properties.find((p) => p.property === 'RSA_PUBLIC_KEY_FP')?.value).toBe(
      `SHA256:${createHash('sha256').update(der).digest('base64')}`,
    );
    await destroy(connection);
    const error = await refusal({
      username: 'svc_key',
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: otherKey,
    });
    expect(error.code).toBe('390144');
    expect(error.message).toContain(publicKeyFingerprint(otherKey));
    const login = server.log.entries.filter((entry) => entry.kind === 'login' && entry.user === 'svc_key');
    expect(login.map((entry) => entry.body.AUTHENTICATOR)).toEqual(['SNOWFLAKE_JWT', 'SNOWFLAKE_JWT']);
  });

  it('OAuth: a valid token is accepted; an expired one gets 390318, an unknown one 390303', async () => {
    const connection = await connect({ username: 'oauth_user', authenticator: 'OAUTH', token: 'oauth-good' });
    await destroy(connection);
    expect(
      await refusal({ username: 'oauth_user', authenticator: 'OAUTH', token: 'oauth-old' }),
    ).toMatchObject({
      code: '390318',
    });
    expect(await refusal({ username: 'oauth_user', authenticator: 'OAUTH', token: 'made-up' })).toMatchObject(
      {
        code: '390303',
      },
    );
  });

  it('programmatic access token: 390432 without a network policy, accepted with one, 390100 when wrong', async () => {
    const pat = { username: 'pat_user', authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', token: PAT };
    const error = await refusal(pat);
    expect(error).toMatchObject({ code: '390432', message: 'Network policy is required.' });
    server.setNetworkPolicy(
      { name: 'pat_policy', allowedNetworkRules: [{ name: 'LOOPBACK', values: ['127.0.0.0/8'] }] },
      { user: 'pat_user' },
    );
    try {
      const connection = await connect(pat);
      await destroy(connection);
      expect(await refusal({ ...pat, token: 'not-the-pat' })).toMatchObject({ code: '390100' });
    } finally {
      server.clearNetworkPolicies();
    }
  });
});

describe('network policy', () => {
  it('refuses a blocked client address with 390422 naming the address the server saw', async () => {
    server.setNetworkPolicy(
      {
        name: 'office_only',
        allowedNetworkRules: [{ name: 'OFFICE', values: ['10.20.0.0/16'] }],
        blockedIpList: ['192.0.2.1'],
      },
      { user: 'blocked' },
    );
    try {
      const error = await refusal({ username: 'blocked', password: PASSWORD });
      expect(error.code).toBe('390422');
      expect(error.message).toContain(
        'Incoming request with IP/Token 127.0.0.1 is not allowed to access Snowflake. Contact your account administrator.',
      );
      // The same policy's lists, as an admin reads them.
      const admin = await connect({ username: 'admin', password: PASSWORD, role: 'ACCOUNTADMIN' });
      expect(await query(admin, 'SELECT CURRENT_IP_ADDRESS()')).toEqual([
        { 'CURRENT_IP_ADDRESS()': '127.0.0.1' },
      ]);
      const policies = await query(admin, 'SHOW NETWORK POLICIES');
      expect(policies).toMatchObject([
        { name: 'OFFICE_ONLY', entries_in_allowed_network_rules: 1, entries_in_blocked_ip_list: 1 },
      ]);
      expect(await query(admin, 'DESCRIBE NETWORK POLICY office_only')).toEqual([
        { name: 'BLOCKED_IP_LIST', value: '192.0.2.1' },
        {
          name: 'ALLOWED_NETWORK_RULE_LIST',
          value: JSON.stringify([{ fullyQualifiedRuleName: `${server.database}.${server.schema}.OFFICE` }]),
        },
      ]);
      expect(await query(admin, "SHOW NETWORK RULES LIKE 'off%'")).toMatchObject([
        { name: 'OFFICE', type: 'IPV4', mode: 'INGRESS' },
      ]);
      expect(await query(admin, 'DESC NETWORK RULE office')).toMatchObject([{ value_list: '10.20.0.0/16' }]);
      await destroy(admin);
    } finally {
      server.clearNetworkPolicies();
    }
  });

  it('applies an account policy to every request, logged-in sessions included', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD });
    server.setNetworkPolicy({ name: 'nobody', blockedIpList: ['127.0.0.0/8'] }, 'account');
    try {
      expect(await queryError(connection, 'SELECT 1')).toMatchObject({ code: '390422' });
    } finally {
      server.clearNetworkPolicies();
    }
    expect(await query(connection, 'SELECT 1 AS x')).toEqual([{ X: 1 }]);
    await destroy(connection);
  });
});

describe('roles and warehouses', () => {
  it('refuses a role the user does not have with 390189', async () => {
    const error = await refusal({ username: 'alice', password: PASSWORD, role: 'ACCOUNTADMIN' });
    expect(error.code).toBe('390189');
    expect(error.message).toContain(
      "Role 'ACCOUNTADMIN' specified in the connect string is not granted to this user",
    );
  });

  it('answers 002003 for a table the role may not read, and 000606 without a usable warehouse', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD, warehouse: 'NO_SUCH_WH' });
    expect(await query(connection, 'SELECT CURRENT_WAREHOUSE() AS w')).toEqual([{ W: null }]);
    const noWarehouse = await queryError(connection, 'SELECT COUNT(*) FROM customers');
    expect(noWarehouse).toMatchObject({ code: '000606', sqlState: '57P03' });
    expect(noWarehouse.message).toContain('No active warehouse selected in the current session');
    expect(await queryError(connection, 'USE WAREHOUSE FROZEN_WH')).toMatchObject({ code: '002043' });
    await query(connection, 'USE WAREHOUSE compute_wh');
    expect(await query(connection, 'SELECT COUNT(*) AS n FROM customers')).toEqual([{ N: 4 }]);
    const denied = await queryError(connection, 'SELECT * FROM secrets');
    expect(denied.code).toBe('002003');
    expect(denied.message).toContain(
      `Object '${server.database}.${server.schema}.SECRETS' does not exist or not authorized.`,
    );
    await destroy(connection);
  });

  it('reports a suspended warehouse that may not resume', async () => {
    const connection = await connect({
      username: 'admin',
      password: PASSWORD,
      role: 'ACCOUNTADMIN',
      warehouse: 'FROZEN_WH',
    });
    const error = await queryError(connection, 'SELECT COUNT(*) FROM secrets');
    expect(error.message).toBe(
      "Warehouse 'FROZEN_WH' cannot be resumed because resource monitor 'QUOTA' has exceeded its quota.",
    );
    await destroy(connection);
  });
});

describe('sessions', () => {
  /** The log as (kind, code) pairs; the SDK's telemetry posts come and go on their own schedule. */
  const steps = () =>
    server.log.entries
      .filter((entry) => entry.kind !== 'telemetry')
      .map((entry) => [entry.kind, entry.code ?? 'ok']);

  it('renews an expired session token with the master token and repeats the query', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD });
    const session = server.sessions().at(-1);
    const before = session?.sessionToken;
    server.expireSessionTokens('alice');
    server.log.clear();
    expect(await query(connection, 'SELECT 2 AS two')).toEqual([{ TWO: 2 }]);
    expect(steps()).toEqual([
      ['query', '390112'],
      ['renew', 'ok'],
      ['query', 'ok'],
    ]);
    expect(session?.sessionToken).not.toBe(before);
    await destroy(connection);
  });

  it('ends renewal with an error once the master token has expired: no loop', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD });
    server.expireSessionTokens('alice');
    server.expireMasterTokens('alice');
    server.log.clear();
    await expect(query(connection, 'SELECT 1')).rejects.toThrow();
    expect(steps()).toEqual([
      ['query', '390112'],
      ['renew', '390114'],
    ]);
  });

  it('closes the session on destroy; its token is then refused', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD });
    const session = server.sessions().at(-1);
    await destroy(connection);
    expect(session?.closed).toBe(true);
    const close = server.log.entries.at(-1);
    expect(close).toMatchObject({ kind: 'close', outcome: 'ok', sessionId: session?.id });
    const response = await fetch(`${server.url}/queries/v1/query-request`, {
      method: 'POST',
      headers: {
        authorization: `Snowflake Token="${session?.sessionToken}"`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ sqlText: 'SELECT 1' }),
    });
    expect(await response.json()).toMatchObject({ success: false, code: '390111' });
  });

  it('cancels a running statement on the server', async () => {
    const connection = await connect({ username: 'alice', password: PASSWORD });
    // The statement can fail with 000604 before the abort request is answered (the server logs a request
    // just before answering it), so wait for the cancel callback as well.
    let cancelled: Promise<void> = Promise.resolve();
    const outcome = new Promise<SdkError | undefined>((resolve) => {
      const statement = connection.execute({
        sqlText: 'SELECT SYSTEM$WAIT(30) AS w',
        complete: (error) => resolve((error as SdkError | undefined) ?? undefined),
      });
      cancelled = server
        .whenRunning((sql) => sql.includes('SYSTEM$WAIT'))
        .then(() => new Promise<void>((done) => statement.cancel(() => done())));
    });
    const error = await outcome;
    await cancelled;
    expect(error).toMatchObject({ code: '000604' });
    expect(server.log.entries.some((entry) => entry.kind === 'abort' && entry.outcome === 'ok')).toBe(true);
    await destroy(connection);
  });
});

describe('SQL on PostgreSQL', () => {
  let connection: Connection;

  beforeAll(async () => {
    if (!available) return;
    connection = await connect({ username: 'admin', password: PASSWORD, role: 'ACCOUNTADMIN' });
  });

  afterAll(async () => {
    if (connection) await destroy(connection);
  });

  it('round-trips Snowflake types through the SDK decoder', async () => {
    await query(
      connection,
      `CREATE OR REPLACE TABLE typed (n NUMBER(10, 2), i INT, f FLOAT, s VARCHAR(20), b BOOLEAN, d DATE,
        ts TIMESTAMP_NTZ, tz TIMESTAMP_TZ, ltz TIMESTAMP_LTZ, t TIME, v VARIANT, a ARRAY, o OBJECT, bin BINARY)`,
    );
    expect(
      await query(
        connection,
        `INSERT INTO typed SELECT 12.34, 9007199254740991, 1.5, 'it''s', TRUE, '2024-02-29'::DATE,
          '2024-02-29 13:14:15.123456'::TIMESTAMP_NTZ, '2024-02-29 13:14:15+02:00'::TIMESTAMP_TZ,
          '2024-02-29 13:14:15+00:00'::TIMESTAMP_LTZ, '01:02:03'::TIME, PARSE_JSON('{"k": [1, 2]}'),
          PARSE_JSON('[1, "x"]'), PARSE_JSON('{"o": true}'), TO_BINARY('0AFF')`,
      ),
    ).toEqual([{ 'number of rows inserted': 1 }]);
    await query(connection, 'INSERT INTO typed (n) VALUES (NULL)');
    const [row, empty] = await query<Record<string, unknown>>(
      connection,
      'SELECT * FROM typed ORDER BY n NULLS LAST',
    );
    expect(row).toMatchObject({
      N: 12.34,
      I: 9007199254740991,
      F: 1.5,
      S: "it's",
      B: true,
      V: { k: [1, 2] },
      A: [1, 'x'],
      O: { o: true },
    });
    const decoded = row as { D: Date; TS: Date; TZ: Date; LTZ: Date; BIN: Buffer };
    expect(decoded.D.getTime()).toBe(Date.UTC(2024, 1, 29));
    expect(decoded.TS.getTime()).toBe(Date.UTC(2024, 1, 29, 13, 14, 15, 123));
    expect(decoded.TZ.getTime()).toBe(Date.UTC(2024, 1, 29, 11, 14, 15));
    expect(decoded.LTZ.getTime()).toBe(Date.UTC(2024, 1, 29, 13, 14, 15));
    expect([...decoded.BIN]).toEqual([0x0a, 0xff]);
    expect(row?.T).toBe('01:02:03');
    // snowflake-sdk renders a NULL TIME as the text 'NULL' (column.js toValueFromTime); every other NULL is null.
    expect(Object.entries(empty ?? {}).filter(([, value]) => value !== null)).toEqual([['T', 'NULL']]);
    const columns = await query(
      connection,
      "SELECT column_name, data_type, numeric_scale FROM information_schema.columns WHERE table_name = 'TYPED' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => c.DATA_TYPE)).toEqual([
      'NUMBER',
      'NUMBER',
      'FLOAT',
      'TEXT',
      'BOOLEAN',
      'DATE',
      'TIMESTAMP_NTZ',
      'TIMESTAMP_TZ',
      'TIMESTAMP_LTZ',
      'TIME',
      'VARIANT',
      'ARRAY',
      'OBJECT',
      'BINARY',
    ]);
    expect(columns[0]).toMatchObject({ COLUMN_NAME: 'N', NUMERIC_SCALE: 2 });
  });

  it('matches REGEXP_LIKE against the whole value, as Snowflake does', async () => {
    const whole = await query(
      connection,
      "SELECT id FROM customers WHERE REGEXP_LIKE(email, 'ann@example\\\\.com') ORDER BY id",
    );
    expect(whole).toEqual([{ ID: 1 }]);
    // The dialect's form searches (`.*(re).*`), so a value containing the match passes too.
    const column = snowflakeDialect.identifier({ name: 'email', quoted: false });
    const searching = await query(
      connection,
      `SELECT id FROM customers WHERE ${snowflakeDialect.regexMatches(column, 'ann@example\\.com')} ORDER BY id`,
    );
    expect(searching).toEqual([{ ID: 1 }, { ID: 4 }]);
    expect(await query(connection, "SELECT COUNT_IF(email RLIKE '.*@example') AS n FROM customers")).toEqual([
      { N: 1 },
    ]);
  });

  it('runs the Snowflake functions of the compat schema with Snowflake results', async () => {
    const cases: Array<[string, unknown]> = [
      ["IFF(1 > 2, 'a', 'b')", 'b'],
      ['NVL(NULL, 3)', 3],
      ["NVL2(1, 'set', 'unset')", 'set'],
      ['ZEROIFNULL(NULL)', 0],
      ['NULLIFZERO(0)', null],
      ['DIV0(5, 0)', 0],
      ["LEN('abcd')", 4],
      ["CONTAINS('abc', 'b')", true],
      ["STARTSWITH('abc', 'ab')", true],
      ['EQUAL_NULL(NULL, NULL)', true],
      ["TRY_TO_NUMBER('12.7')", 13],
      ["TRY_TO_NUMBER('x')", null],
      ["TO_NUMBER('12.7', 10, 1)", 12.7],
      ["TRY_TO_DOUBLE('1.25')", 1.25],
      ["TRY_CAST('nope' AS INT)", null],
      ["TO_VARCHAR(TO_DATE('2024-03-04'))", '2024-03-04'],
      ["TO_VARCHAR(DATEADD(day, 3, '2024-01-30'::DATE))", '2024-02-02'],
      ["DATEDIFF(day, '2024-01-01'::DATE, '2024-03-01'::DATE)", 60],
      ["TIMESTAMPDIFF(hour, '2024-01-01 23:59'::TIMESTAMP, '2024-01-02 00:01'::TIMESTAMP)", 1],
      ["TO_VARCHAR(DATE_TRUNC('month', '2024-05-17'::DATE))", '2024-05-01'],
      ["REGEXP_COUNT('a1b2c3', '[0-9]')", 3],
      ["REGEXP_SUBSTR('abc123def', '[0-9]+')", '123'],
      ["REGEXP_REPLACE('a1b2', '[0-9]')", 'ab'],
      ["REGEXP_LIKE('ABC', 'abc', 'i')", true],
      ["'abc' RLIKE 'ab'", false],
      ['PARSE_JSON(\'{"a": [1]}\')', { a: [1] }],
      ["TO_CHAR('2024-01-02'::DATE, 'DD/MM/YYYY')", '02/01/2024'],
      ['1/4', 0.25],
      ['SYSTEM$WAIT(0)', 'waited 0 seconds'],
      ['CURRENT_ACCOUNT()', 'ACME'],
      ['COUNT_IF(x > 1) FROM (SELECT 1 AS x UNION ALL SELECT 3)', 1],
      // Sample standard deviation, as a NUMBER of 16 significant digits.
      ['STDDEV(x) FROM (SELECT 1 AS x UNION ALL SELECT 3)', Number(Math.SQRT2.toFixed(15))],
    ];
    for (const [expression, expected] of cases) {
      const [select, from] = expression.split(' FROM ');
      const rows = await query(connection, `SELECT ${select} AS v${from ? ` FROM ${from}` : ''}`);
      expect({ expression, value: rows[0]?.V }).toEqual({ expression, value: expected });
    }
  });

  it('answers information_schema in Snowflake case and the dialect schema query', async () => {
    const tables = await query(
      connection,
      `SELECT table_catalog, table_schema, table_name FROM information_schema.tables WHERE table_schema = '${server.schema}' ORDER BY table_name`,
    );
    expect(tables).toContainEqual({
      TABLE_CATALOG: server.database,
      TABLE_SCHEMA: server.schema,
      TABLE_NAME: 'CUSTOMERS',
    });
    const schema = await query(
      connection,
      snowflakeDialect.schemaQuery({ name: 'customers', quoted: false }, undefined),
    );
    expect(schema).toEqual([
      { COLUMN_NAME: 'ID', DATA_TYPE: 'NUMBER' },
      { COLUMN_NAME: 'EMAIL', DATA_TYPE: 'TEXT' },
      { COLUMN_NAME: 'COUNTRY', DATA_TYPE: 'TEXT' },
    ]);
  });

  it('returns SQL errors with Snowflake codes, and refuses two statements in one request', async () => {
    expect(await queryError(connection, 'SELECT nope FROM customers')).toMatchObject({
      code: '000904',
      sqlState: '42000',
    });
    expect(await queryError(connection, 'SELECT * FROM missing_table')).toMatchObject({
      code: '002003',
      sqlState: '02000',
    });
    expect(await queryError(connection, 'SELECT 1; SELECT 2')).toMatchObject({ code: '000008' });
    expect(await queryError(connection, 'SELECT FROM WHERE')).toMatchObject({ code: '001003' });
  });

  it('applies session output formats to TO_VARCHAR and integer division as Snowflake computes it', async () => {
    await query(
      connection,
      `ALTER SESSION SET TIMESTAMP_NTZ_OUTPUT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF9', DATE_OUTPUT_FORMAT = 'DD.MM.YYYY'`,
    );
    expect(
      await query(
        connection,
        "SELECT TO_VARCHAR('2024-01-02 03:04:05.5'::TIMESTAMP_NTZ) AS ts, TO_VARCHAR('2024-01-02'::DATE) AS d, 7 / 2 AS q",
      ),
    ).toEqual([{ TS: '2024-01-02T03:04:05.500000000', D: '02.01.2024', Q: 3.5 }]);
  });
});

describe('request log and sockets', () => {
  it('logs each statement with its SQL, session and client address, and never a secret', async () => {
    server.log.clear();
    const connection = await connect({ username: 'alice', password: PASSWORD });
    await query(connection, "SELECT COUNT(*) FROM customers WHERE country = 'NL'");
    await queryError(connection, 'SELECT "nope" FROM customers');
    await destroy(connection);
    const [login] = server.log.entries.filter((entry) => entry.kind === 'login');
    expect(login).toMatchObject({
      user: 'alice',
      clientIp: '127.0.0.1',
      outcome: 'ok',
      body: { LOGIN_NAME: 'alice', hasPassword: true },
    });
    const [statement] = server.log.queries('ALICE');
    expect(statement).toMatchObject({
      sql: "SELECT COUNT(*) FROM customers WHERE country = 'NL'",
      sessionId: login?.sessionId,
    });
    expect(statement?.postgresSql).toBe(`SELECT COUNT(*) AS "count(*)" FROM customers WHERE country = 'NL'`);
    expect(server.log.queries('alice').at(-1)).toMatchObject({
      outcome: 'error',
      code: '000904',
      postgresSql: 'SELECT "NOPE" FROM customers',
    });
    expect(JSON.stringify(server.log.entries)).not.toContain(PASSWORD);
  });

  it('records that an SDK session opens no socket but to the server', async () => {
    const { result, connections } = await recordSockets(async () => {
      const connection = await connect({ username: 'alice', password: PASSWORD });
      const rows = await query(connection, 'SELECT COUNT(*) AS n FROM customers');
      await destroy(connection);
      return rows;
    });
    expect(result).toEqual([{ N: 4 }]);
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections.map((c) => `${c.host}:${c.port}`))).toEqual(
      new Set([`127.0.0.1:${server.port}`]),
    );
  });
});

describe('the SDK options a test needs', () => {
  it('point at the server', () => {
    expect(server.sdkOptions()).toMatchObject({
      account: 'ACME',
      host: '127.0.0.1',
      protocol: 'http',
      port: server.port,
    });
  });
});
