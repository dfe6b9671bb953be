import { describe, expect, it } from 'vitest';
import type { SnowflakeDataSource } from '../../../src/config/model.js';
import {
  connectionOptions,
  endpointOf,
  sessionStatement,
  snowflakeHost,
} from '../../../src/connectors/snowflake/session.js';

const ds: SnowflakeDataSource = {
  type: 'snowflake',
  name: 'sf',
  account: 'xy12345.eu-central-1',
  username: 'SCANNER',
  authenticator: 'SNOWFLAKE',
  warehouse: 'COMPUTE_WH',
  role: 'ANALYST',
  database: 'SALES',
  schema: 'PUBLIC',
  protocol: 'https',
  connectionTimeoutMs: 30_000,
  sessionParams: { query_tag: "it's gatehouse", WEEK_START: 1, QUOTED_IDENTIFIERS_IGNORE_CASE: false },
  poolSize: 2,
  statementTimeoutMs: 90_500,
};

describe('Snowflake session setup', () => {
  it("sets the user's session_params, then the ISO output formats and the statement timeout, in one statement", () => {
    expect(sessionStatement(ds)).toBe(
      "ALTER SESSION SET QUERY_TAG = 'it''s gatehouse', WEEK_START = 1, QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE, " +
        "DATE_OUTPUT_FORMAT = 'YYYY-MM-DD', TIME_OUTPUT_FORMAT = 'HH24:MI:SS.FF9', " +
        `TIMESTAMP_NTZ_OUTPUT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF9', ` +
        `TIMESTAMP_LTZ_OUTPUT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF9TZH:TZM', ` +
        `TIMESTAMP_TZ_OUTPUT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF9TZH:TZM', STATEMENT_TIMEOUT_IN_SECONDS = 91`,
    );
    expect(sessionStatement({ ...ds, sessionParams: {}, statementTimeoutMs: 0 })).not.toContain(
      'STATEMENT_TIMEOUT',
    );
  });

  it('gives snowflake-sdk the account, the session objects, bounded login retries and no credential cache', () => {
    const options = connectionOptions(ds, { authenticator: 'SNOWFLAKE', password: 'pw-1234' });
    expect(options).toMatchObject({
      account: 'xy12345.eu-central-1',
      username: 'SCANNER',
      authenticator: 'SNOWFLAKE',
      password: 'pw-1234',
      warehouse: 'COMPUTE_WH',
      role: 'ANALYST',
      database: 'SALES',
      schema: 'PUBLIC',
      application: 'Gatehouse',
      sfRetryMaxLoginRetries: 1,
      clientStoreTemporaryCredential: false,
    });
    // No host: the SDK builds <account>.snowflakecomputing.com itself, over https.
    expect(options).not.toHaveProperty('host');
    expect(options).not.toHaveProperty('protocol');
    expect(endpointOf(ds)).toBe('https://xy12345.eu-central-1.snowflakecomputing.com');
  });

  it('a private-link or test endpoint: host, port and protocol pass through', () => {
    const local = { ...ds, host: '127.0.0.1', port: 8085, protocol: 'http' as const };
    expect(connectionOptions(local, { authenticator: 'OAUTH', token: 't' })).toMatchObject({
      host: '127.0.0.1',
      port: 8085,
      protocol: 'http',
      token: 't',
    });
    expect(endpointOf(local)).toBe('http://127.0.0.1:8085');
  });

  it('builds the host from the account as snowflake-sdk does', () => {
    const host = (account: string) => snowflakeHost({ ...ds, account });
    expect(host('myorg-analytics')).toBe('myorg-analytics.snowflakecomputing.com');
    expect(host('xy12345')).toBe('xy12345.snowflakecomputing.com');
    expect(host('xy12345.us-west-2')).toBe('xy12345.snowflakecomputing.com');
    expect(host('xy12345.us-east-2.aws')).toBe('xy12345.us-east-2.aws.snowflakecomputing.com');
    expect(host('xy12345.cn-north-1.aws')).toBe('xy12345.cn-north-1.aws.snowflakecomputing.cn');
    expect(host('xy12345.us-east-1.privatelink')).toBe(
      'xy12345.us-east-1.privatelink.snowflakecomputing.com',
    );
    expect(snowflakeHost({ ...ds, host: 'sf.internal' })).toBe('sf.internal');
  });
});
