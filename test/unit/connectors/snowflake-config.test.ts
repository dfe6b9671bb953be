import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { parseConfiguration } from '../../../src/config/load.js';
import { accountProblem } from '../../../src/config/snowflake-account.js';

const FILE = 'configuration.yml';
const block = (lines: string) => `data_source sf:\n  type: snowflake\n${lines}`;
const minimal = block('  account: myorg-analytics\n  username: scanner\n');

function load(text: string, env: Record<string, string> = {}) {
  return parseConfiguration(FILE, text, { env });
}

function errorOf(text: string): ConfigError {
  try {
    load(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Snowflake account identifiers', () => {
  it.each([
    'myorg-analytics',
    'MYORG-ANALYTICS_EU',
    'myorg-my-account',
    'xy12345',
    'xy12345.us-east-2.aws',
    'xy12345.eu-central-1',
    'xy12345.us-central1.gcp',
    'xy12345.east-us-2.azure.privatelink',
    'myorg-analytics.privatelink',
  ])('accepts %s', (account) => {
    expect(accountProblem(account)).toBeUndefined();
  });

  it.each([
    [
      'https://myorg-analytics.snowflakecomputing.com',
      /is a URL; give the account identifier, without https:\/\//,
    ],
    [
      'myorg-analytics.snowflakecomputing.com',
      /drop "\.snowflakecomputing\.com": account: myorg-analytics\./,
    ],
    ['xy12345.eu-central-1.snowflakecomputing.com', /account: xy12345\.eu-central-1\./],
    ['my org', /is not an account identifier/],
    ['myorg-analytics.eu-west-1', /takes no region/],
    ['xy12345.a.b.c', /region after the locator/],
    ['', /the account is empty/],
    [' xy12345', /leading or trailing spaces/],
  ])('refuses %j', (account, message) => {
    expect(accountProblem(account)).toMatch(message);
  });

  // What users paste: each refusal ends in the line to write instead.
  it.each([
    ['https://myorg-analytics.snowflakecomputing.com/', 'account: myorg-analytics.'],
    ['https://xy12345.us-east-2.aws.snowflakecomputing.com', 'account: xy12345.us-east-2.aws.'],
    ['https://app.snowflake.com/myorg/analytics/#/homepage', 'account: myorg-analytics.'],
    ['app.snowflake.com/myorg/analytics', 'account: myorg-analytics.'],
    ['https://app.snowflake.com/us-east-2.aws/xy12345/', 'account: xy12345.us-east-2.aws.'],
    ['myorg.analytics', 'write account: myorg-analytics.'],
    ['MyOrg.Analytics', 'write account: MyOrg-Analytics.'],
    ['myorg-analytics  ', 'leading or trailing spaces: write account: myorg-analytics'],
  ])('says what to write instead of %j', (account, write) => {
    expect(accountProblem(account)).toContain(write);
  });

  it('names the problem left once the spaces are gone', () => {
    expect(accountProblem(' myorg.analytics ')).toMatch(/spaces, and .*write account: myorg-analytics\./);
  });
});

describe('configuration.yml: type snowflake', () => {
  it('reads a minimal block with defaults (password login, https, 2 connections, 1 h query bound)', () => {
    expect(load(minimal).dataSources.sf).toEqual({
      type: 'snowflake',
      name: 'sf',
      account: 'myorg-analytics',
      username: 'scanner',
      authenticator: 'SNOWFLAKE',
      password: undefined,
      privateKey: undefined,
      privateKeyPassphrase: undefined,
      token: undefined,
      warehouse: undefined,
      role: undefined,
      database: undefined,
      schema: undefined,
      host: undefined,
      port: undefined,
      protocol: 'https',
      connectionTimeoutMs: 30_000,
      sessionParams: {},
      poolSize: 2,
      statementTimeoutMs: 3_600_000,
      sampler: { samplesRequested: false, samplesLimit: undefined, excludeColumns: {} },
    });
  });

  it("reads every Soda key, host/port/protocol and Gatehouse's own", () => {
    const ds = load(
      block(`  account: \${ACCOUNT}
  username: scanner
  authenticator: snowflake_jwt
  warehouse: COMPUTE_WH
  role: ANALYST
  database: SALES
  schema: PUBLIC
  connection_timeout: 12
  session_params:
    QUERY_TAG: gatehouse
    WEEK_START: 1
    QUOTED_IDENTIFIERS_IGNORE_CASE: false
  client_session_keep_alive: true
  host: 127.0.0.1
  port: 8085
  protocol: http
  pool_size: 3
  statement_timeout: 60
`),
      { ACCOUNT: 'xy12345.us-east-2.aws' },
    ).dataSources.sf;
    expect(ds).toMatchObject({
      account: 'xy12345.us-east-2.aws',
      authenticator: 'SNOWFLAKE_JWT',
      warehouse: 'COMPUTE_WH',
      role: 'ANALYST',
      database: 'SALES',
      schema: 'PUBLIC',
      connectionTimeoutMs: 12_000,
      sessionParams: { QUERY_TAG: 'gatehouse', WEEK_START: 1, QUOTED_IDENTIFIERS_IGNORE_CASE: false },
      host: '127.0.0.1',
      port: 8085,
      protocol: 'http',
      poolSize: 3,
      statementTimeoutMs: 60_000,
    });
  });

  it("loads the rest of Soda Core's keys: session_parameters as session_params, the Python connector's tuning ignored", () => {
    const ds = load(
      `${minimal}  session_parameters:\n    QUERY_TAG: soda\n  client_prefetch_threads: 4\n  client_store_temporary_credential: true\n  passcode_in_password: false\n`,
    ).dataSources.sf;
    expect(ds).toMatchObject({ sessionParams: { QUERY_TAG: 'soda' } });
  });

  it('refuses session_params and session_parameters together, and a bad name under session_parameters', () => {
    const both = errorOf(
      `${minimal}  session_params:\n    QUERY_TAG: a\n  session_parameters:\n    QUERY_TAG: b\n`,
    );
    expect(both.detail).toMatch(/session_parameters and session_params are the same setting: keep one/);
    expect(both.location).toMatchObject({ line: 7 });
    const bad = errorOf(`${minimal}  session_parameters:\n    "X; DROP": 1\n`);
    expect(bad.detail).toMatch(/session_parameters: "X; DROP" is not a Snowflake parameter name/);
  });

  it('refuses passcode_in_password: true and says which login to use instead', () => {
    const error = errorOf(`${minimal}  passcode_in_password: true\n`);
    expect(error.detail).toMatch(/no MFA login.*snowflake_jwt.*programmatic access token/);
    expect(error.location).toMatchObject({ line: 5 });
  });

  it.each([
    ['snowflake', 'SNOWFLAKE'],
    ['SNOWFLAKE_JWT', 'SNOWFLAKE_JWT'],
    ['oauth', 'OAUTH'],
    ['programmatic_access_token', 'PROGRAMMATIC_ACCESS_TOKEN'],
    ['pat', 'PROGRAMMATIC_ACCESS_TOKEN'],
    ['externalbrowser', 'EXTERNALBROWSER'],
  ])('authenticator %s → %s', (written, mode) => {
    const ds = load(`${minimal}  authenticator: ${written}\n`).dataSources.sf;
    expect(ds?.type === 'snowflake' && ds.authenticator).toBe(mode);
  });

  it('a private key in the file means key-pair login, as in Soda; its secrets are flagged as plaintext', () => {
    const config = load(
      `${minimal}  private_key: "-----BEGIN PRIVATE KEY-----\\nMII\\n-----END PRIVATE KEY-----"\n  private_key_passphrase: hunter22\n  token: abcd1234\n`,
    );
    const ds = config.dataSources.sf;
    expect(ds?.type === 'snowflake' && ds.authenticator).toBe('SNOWFLAKE_JWT');
    expect(config.plaintextSecrets.map((s) => s.field)).toEqual([
      'private_key',
      'private_key_passphrase',
      'token',
    ]);
  });

  it('refuses a bad account with its place in the file', () => {
    const error = errorOf(block('  account: https://xy12345.snowflakecomputing.com\n  username: u\n'));
    expect(error.location).toMatchObject({ line: 3, col: 3 });
    expect(error.detail).toMatch(/is a URL/);
  });

  it.each([
    [
      'https://myorg-analytics.privatelink.snowflakecomputing.com/',
      'give the host name alone: host: myorg-analytics.privatelink.snowflakecomputing.com (and protocol: https).',
    ],
    ['http://127.0.0.1:8085', 'host: 127.0.0.1 (and port: 8085, protocol: http).'],
    ['sf.internal:8443', 'write them apart: host: sf.internal and port: 8443.'],
    ['sf.internal/login', 'is not a host name'],
  ])('refuses host %j before any network call, saying what to write', (host, message) => {
    const error = errorOf(`${minimal}  host: ${host}\n`);
    expect(error.detail).toContain(message);
    expect(error.location).toMatchObject({ line: 5 });
  });

  it.each([
    ['https://myorg.okta.com', /native Okta login is not supported\. Use authenticator: externalbrowser/],
    ['username_password_mfa', /MFA login is not supported\. Use a key pair/],
    ['oauth_client_credentials', /does not run the OAuth flow itself.*authenticator: oauth/],
    ['keypair_jwt', /is not supported\. Use one of: snowflake \(password\), snowflake_jwt/],
  ])('authenticator %s is refused with what to use instead', (written, message) => {
    expect(errorOf(`${minimal}  authenticator: ${written}\n`).detail).toMatch(message);
  });

  it('refuses plain http except to a loopback host', () => {
    expect(errorOf(`${minimal}  protocol: http\n`).detail).toMatch(
      /protocol http is accepted only with a loopback host/,
    );
    expect(errorOf(`${minimal}  host: sf.internal.example\n  protocol: http\n`).detail).toMatch(
      /only with a loopback host/,
    );
    expect(() => load(`${minimal}  host: localhost\n  protocol: http\n`)).not.toThrow();
  });

  it('refuses key file paths, pointing at the secret store', () => {
    expect(errorOf(`${minimal}  private_key_path: /home/me/rsa_key.p8\n`).detail).toContain(
      'gatehouse secrets set sf private_key --stdin < /home/me/rsa_key.p8',
    );
  });

  it('refuses unknown authenticators, unknown keys, a missing username and odd session parameter names', () => {
    expect(errorOf(`${minimal}  authenticator: okta\n`).detail).toMatch(
      /authenticator "okta" is not supported/,
    );
    expect(errorOf(`${minimal}  sslmode: require\n`).detail).toMatch(/Unknown key "sslmode"/);
    expect(errorOf(block('  account: myorg-analytics\n')).detail).toMatch(/username is required/);
    expect(() => load(block('  account: myorg-analytics\n  authenticator: oauth\n'))).not.toThrow();
    expect(errorOf(`${minimal}  session_params:\n    "A = 1; DROP": x\n`).detail).toMatch(
      /not a Snowflake parameter name/,
    );
  });
});
