/**
 * Statements the Snowflake test server answers itself: USE, ALTER SESSION, SHOW/DESCRIBE of network policies,
 * users and parameters, with Snowflake's refusals.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyFingerprint } from '../../support/snowflake/auth.js';
import type { Catalog } from '../../support/snowflake/catalog.js';
import type { UserSpec } from '../../support/snowflake/model.js';
import type { NetworkPolicy } from '../../support/snowflake/network-policy.js';
import { sessionStatement } from '../../support/snowflake/session-statements.js';
import type { Session } from '../../support/snowflake/sessions.js';
import { significant, tokenize } from '../../support/snowflake/tokenizer.js';

const publicKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();
const alice: UserSpec = { name: 'alice', password: 'x', roles: ['ANALYST'], rsaPublicKeys: [publicKey] };
const bob: UserSpec = { name: 'bob', networkPolicy: 'BOBS' };
const policy: NetworkPolicy = { name: 'BOBS', allowedIpList: ['10.0.0.0/8'] };

function setup(role = 'ANALYST') {
  const catalog: Catalog = {
    account: 'ACME',
    region: 'local',
    version: '9.0.0',
    database: 'GATEHOUSE',
    schemas: new Map([
      ['SALES', 'sales'],
      ['PUBLIC', 'public_x'],
    ]),
    users: new Map([
      ['ALICE', alice],
      ['BOB', bob],
    ]),
    roles: new Map([['ANALYST', { name: 'ANALYST', warehouses: ['COMPUTE_WH'] }]]),
    warehouses: new Map([
      ['COMPUTE_WH', { name: 'COMPUTE_WH' }],
      ['BIG_WH', { name: 'BIG_WH' }],
    ]),
    policies: new Map([['BOBS', policy]]),
    accountPolicy: undefined,
    createdOn: '0.000000000',
  };
  const session: Session = {
    id: '1',
    user: alice,
    authenticator: 'SNOWFLAKE',
    clientIp: '127.0.0.1',
    role,
    warehouse: null,
    database: 'GATEHOUSE',
    schema: 'SALES',
    params: new Map(),
    sessionToken: 's',
    masterToken: 'm',
    sessionExpiresAt: 0,
    masterExpiresAt: 0,
    closed: false,
    previousTokens: new Set(),
  };
  const run = (sql: string) => sessionStatement(significant(tokenize(sql)), session, catalog);
  return { catalog, session, run };
}

describe('USE', () => {
  it('switches role, warehouse, database and schema, and refuses what the user may not use', () => {
    const { session, run } = setup();
    run('USE WAREHOUSE compute_wh');
    expect(session.warehouse).toBe('COMPUTE_WH');
    expect(() => run('USE WAREHOUSE big_wh')).toThrow(expect.objectContaining({ code: '002043' }));
    expect(() => run('USE ROLE ACCOUNTADMIN')).toThrow(expect.objectContaining({ code: '003013' }));
    run('USE ROLE public');
    expect(session.role).toBe('PUBLIC');
    run('USE SCHEMA gatehouse.public');
    expect(session.schema).toBe('PUBLIC');
    expect(() => run('USE SCHEMA "sales"')).toThrow(expect.objectContaining({ code: '002003' }));
    expect(() => run('USE DATABASE other')).toThrow(
      expect.objectContaining({
        message: "SQL compilation error:\nDatabase 'OTHER' does not exist or not authorized.",
      }),
    );
  });
});

describe('ALTER SESSION', () => {
  it('sets several parameters with or without commas, and unsets them', () => {
    const { session, run } = setup();
    run(
      `ALTER SESSION SET TIMEZONE = 'Europe/Amsterdam', STATEMENT_TIMEOUT_IN_SECONDS = 30 QUERY_TAG = 'x''y' USE_CACHED_RESULT = FALSE`,
    );
    expect(Object.fromEntries(session.params)).toEqual({
      TIMEZONE: 'Europe/Amsterdam',
      STATEMENT_TIMEOUT_IN_SECONDS: '30',
      QUERY_TAG: "x'y",
      USE_CACHED_RESULT: 'FALSE',
    });
    run('ALTER SESSION UNSET TIMEZONE, QUERY_TAG');
    expect([...session.params.keys()]).toEqual(['STATEMENT_TIMEOUT_IN_SECONDS', 'USE_CACHED_RESULT']);
  });

  it('refuses a malformed statement or a timeout that is not a number, changing nothing', () => {
    const { session, run } = setup();
    expect(() => run('ALTER SESSION SET TIMEZONE')).toThrow(expect.objectContaining({ code: '001003' }));
    expect(() => run("ALTER SESSION SET QUERY_TAG = 'a', STATEMENT_TIMEOUT_IN_SECONDS = 'soon'")).toThrow(
      expect.objectContaining({ code: '001006' }),
    );
    expect(session.params.size).toBe(0);
  });
});

describe('SHOW and DESCRIBE', () => {
  it('shows network policies only to a role that may read them', () => {
    expect(setup().run('SHOW NETWORK POLICIES')?.rows).toEqual([]);
    const admin = setup('ACCOUNTADMIN');
    expect(admin.run("SHOW NETWORK POLICIES LIKE 'bob%'")?.rows).toEqual([
      ['0.000000000', 'BOBS', null, '1', '0', '0', '0'],
    ]);
    expect(admin.run('DESCRIBE NETWORK POLICY bobs')?.rows).toEqual([['ALLOWED_IP_LIST', '10.0.0.0/8']]);
    expect(() => setup().run('DESC NETWORK POLICY bobs')).toThrow(
      expect.objectContaining({ code: '003001' }),
    );
    expect(() => admin.run('DESC NETWORK POLICY nope')).toThrow(expect.objectContaining({ code: '002003' }));
  });

  it("reads a user's network policy parameter: one's own, or another's as an admin", () => {
    expect(setup('ACCOUNTADMIN').run("SHOW PARAMETERS LIKE 'NETWORK_POLICY' IN USER bob")?.rows).toEqual([
      ['NETWORK_POLICY', 'BOBS', '', 'USER', 'Network policy', 'STRING'],
    ]);
    expect(() => setup().run('SHOW PARAMETERS IN USER bob')).toThrow(
      expect.objectContaining({ code: '003001' }),
    );
    expect(setup().run('SHOW PARAMETERS IN USER alice')?.rows[0]?.[1]).toBe('');
  });

  it('describes a user with the fingerprint of its public key', () => {
    const rows = setup().run('DESC USER alice')?.rows ?? [];
    expect(rows.find((row) => row[0] === 'RSA_PUBLIC_KEY_FP')?.[1]).toBe(publicKeyFingerprint(publicKey));
    expect(rows.find((row) => row[0] === 'RSA_PUBLIC_KEY_2_FP')?.[1]).toBe('null');
  });

  it('leaves other statements to PostgreSQL', () => {
    expect(setup().run('SELECT 1')).toBeUndefined();
  });
});
