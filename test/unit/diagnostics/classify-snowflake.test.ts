/** Snowflake login failures added for the connector: key pair, tokens, and key material refused locally. */
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/connector.js';
import { connectError } from '../../../src/connectors/snowflake/errors.js';
import { classifyError } from '../../../src/diagnostics/classify-error.js';

/** As snowflake-sdk reports a refused login: Snowflake's code as text, sqlState, message. */
function sdkError(message: string, code: string, sqlState = '08004'): Error {
  return Object.assign(new Error(message), { code, sqlState });
}

/** Through the connector, as a scan or connection test sees it: its code must survive. */
const viaConnector = (error: Error) => connectError(error, 'Snowflake data source "sf"');

describe('Snowflake login failures', () => {
  it('390144: the key-pair login refused, through the connector', () => {
    const error = viaConnector(sdkError('JWT token is invalid.', '390144'));
    expect(error).toMatchObject({ kind: 'auth', code: '390144' });
    expect(classifyError(error, { user: 'SCANNER' })).toMatchObject({
      layer: 'auth',
      kind: 'snowflake-key-rejected',
      code: '390144',
      summary: 'Snowflake rejected the key-pair login of user SCANNER.',
    });
  });

  it('390318: an expired OAuth token; 390303: an invalid one', () => {
    expect(
      classifyError(viaConnector(sdkError('OAuth access token expired. [1172527951366]', '390318'))),
    ).toMatchObject({
      layer: 'auth',
      kind: 'snowflake-token-expired',
      code: '390318',
    });
    expect(
      classifyError(viaConnector(sdkError('Invalid OAuth access token. [1172527951366]', '390303'))),
    ).toMatchObject({
      layer: 'auth',
      kind: 'snowflake-token-invalid',
      code: '390303',
    });
  });

  it('an expired token recognised by its words when the code is not one we know', () => {
    expect(classifyError(new Error('Programmatic access token has expired.'))).toMatchObject({
      kind: 'snowflake-token-expired',
    });
  });

  it("the connector's local key errors: passphrase vs unusable key", () => {
    const wrong = new ConnectorError(
      'The private key passphrase does not decrypt the private key',
      'private-key-passphrase-wrong',
      'auth',
    );
    expect(classifyError(wrong)).toMatchObject({ layer: 'config', kind: 'snowflake-key-passphrase' });
    const notKey = new ConnectorError('not a PEM private key', 'private-key-not-a-key', 'auth');
    expect(classifyError(notKey)).toMatchObject({ layer: 'config', kind: 'snowflake-key-unusable' });
  });

  it('remediations name the data source and the user they are about, not placeholders', () => {
    const context = { dataSource: 'warehouse', user: 'scanner' };
    const expired = classifyError(viaConnector(sdkError('OAuth access token expired.', '390318')), context);
    expect(expired.remediation).toContain('`gatehouse secrets set warehouse token`');
    const role = classifyError(
      viaConnector(
        sdkError("Role 'ADMIN' specified in the connect string is not granted to this user.", '390189'),
      ),
      context,
    );
    expect(role.remediation).toContain('GRANT ROLE ADMIN TO USER "SCANNER"');
    const key = classifyError(viaConnector(sdkError('JWT token is invalid.', '390144')), context);
    expect(key.remediation).toContain('DESC USER "SCANNER"');
    expect(key.remediation).toContain('ALTER USER "SCANNER" SET RSA_PUBLIC_KEY');
    const pat = classifyError(viaConnector(sdkError('Network policy is required.', '390432')), context);
    expect(pat.remediation).toContain('ALTER USER "SCANNER" SET NETWORK_POLICY');
    for (const verdict of [expired, role, key, pat]) {
      expect(verdict.remediation).not.toMatch(/<data source>|USER …/);
    }
  });

  it('a login with no secret anywhere is a configuration gap, and says how to supply it', () => {
    const missing = new ConnectorError(
      'Snowflake data source "sf" logs in with a password, and none was found. No password for sf in the configuration or in the keychain: store it with `gatehouse secrets set sf password`.',
      'snowflake-secret-missing',
      'auth',
    );
    expect(classifyError(missing)).toMatchObject({
      layer: 'config',
      kind: 'snowflake-secret-missing',
      summary: 'Snowflake data source "sf" logs in with a password, and none was found.',
      remediation:
        'No password for sf in the configuration or in the keychain: store it with `gatehouse secrets set sf password`.',
    });
  });

  it("003001 on a network policy: Snowflake's two-line message gives a one-line summary naming the policy", () => {
    const error = sdkError(
      "SQL access control error:\nInsufficient privileges to operate on NETWORK POLICY 'PAT_POLICY'",
      '003001',
      '42501',
    );
    const classified = classifyError(error, { role: 'ANALYST' });
    expect(classified).toMatchObject({
      layer: 'privileges',
      kind: 'snowflake-insufficient-privileges',
      summary: "Role ANALYST lacks privileges on NETWORK POLICY 'PAT_POLICY'.",
    });
    expect(classified.driverCodes).toContain('003001');
    expect(classified.remediation).toContain("on NETWORK POLICY 'PAT_POLICY'");
    expect(classified.raw).toContain('\n');
  });

  it('an unrecognised message over several lines still has a one-line summary', () => {
    expect(classifyError(new Error('first line:\n  second line')).summary).toBe(
      'The connection failed: first line: second line',
    );
  });

  it('no current database or schema: a configuration gap when none is configured, else the configured one named', () => {
    const noDatabase = sdkError(
      "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
      '090105',
      '22000',
    );
    expect(classifyError(noDatabase, {})).toMatchObject({
      layer: 'config',
      kind: 'snowflake-no-database',
      remediation: 'Add database: to the data source in configuration.yml.',
    });
    expect(classifyError(noDatabase, { database: 'SALES', role: 'ANALYST' })).toMatchObject({
      layer: 'privileges',
      kind: 'snowflake-no-database',
      summary: expect.stringContaining('The configured database SALES is not usable'),
    });
  });

  it('warehouse and privilege errors keep their codes through the connector', () => {
    const noWarehouse = viaConnector(
      sdkError(
        "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.",
        '000606',
        '57P03',
      ),
    );
    expect(classifyError(noWarehouse, { warehouse: 'COMPUTE_WH' })).toMatchObject({
      kind: 'snowflake-no-warehouse',
      code: '000606',
    });
    const denied = viaConnector(
      sdkError(
        "SQL access control error:\nInsufficient privileges to operate on table 'ORDERS'",
        '003001',
        '42501',
      ),
    );
    expect(classifyError(denied, { role: 'ANALYST' })).toMatchObject({
      layer: 'privileges',
      kind: 'snowflake-insufficient-privileges',
    });
  });

  it('390112 after repeated renewals (the connector stopped the renewal loop): its own case', () => {
    const error = new ConnectorError(
      'Snowflake kept refusing the session token (390112): snowflake-sdk renewed it 4 times within a minute (more than 3) …',
      '390112',
      'auth',
    );
    expect(classifyError(error)).toMatchObject({
      layer: 'auth',
      kind: 'snowflake-session-renewal-loop',
      code: '390112',
    });
  });
});
