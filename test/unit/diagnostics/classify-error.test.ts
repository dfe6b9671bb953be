import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/connector.js';
import { classifyError } from '../../../src/diagnostics/classify-error.js';

/** A pg-style error: message plus code (SQLSTATE or errno name). */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

/** A snowflake-sdk-style error: numeric code and sqlState. */
function sfError(message: string, code?: number, sqlState?: string): Error {
  return Object.assign(new Error(message), { code, sqlState });
}

const ctx = { host: 'db.example.com', port: 5432 };

describe('PostgreSQL pg_hba rejections', () => {
  it('takes the address, user and database from "no pg_hba.conf entry" (environment.md text)', () => {
    const raw = 'no pg_hba.conf entry for host "127.0.0.2", user "app", database "postgres", no encryption';
    const c = classifyError(pgError(raw, '28000'), ctx);
    expect(c).toMatchObject({
      layer: 'network-policy',
      kind: 'pg-hba-no-entry',
      code: '28000',
      clientIp: '127.0.0.2',
      rejected: { user: 'app', database: 'postgres', encryption: 'no encryption', replication: false },
      raw,
    });
    expect(c.summary).toBe(
      'db.example.com:5432 refused the connection from 127.0.0.2: no pg_hba.conf line admits this address, user and database.',
    );
    // Unencrypted: a hostssl-only server says the same, so TLS is suggested.
    expect(c.remediation).toContain('set sslmode to require');
  });

  it('does not suggest TLS when the rejected connection was encrypted', () => {
    const raw = 'no pg_hba.conf entry for host "10.1.2.3", user "app", database "sales", SSL encryption';
    const c = classifyError(pgError(raw, '28000'));
    expect(c).toMatchObject({ clientIp: '10.1.2.3', rejected: { encryption: 'SSL encryption' } });
    expect(c.remediation).not.toContain('sslmode');
    expect(c.summary).toContain('The server refused');
  });

  it('reads old servers\' "SSL off" and IPv6 addresses, canonicalised', () => {
    const raw = 'no pg_hba.conf entry for host "2001:DB8:0:0::1", user "app", database "d", SSL off';
    expect(classifyError(pgError(raw, '28000'))).toMatchObject({
      clientIp: '2001:db8::1',
      rejected: { encryption: 'SSL off' },
    });
  });

  it('reads the replication form, which names no database', () => {
    const raw =
      'no pg_hba.conf entry for replication connection from host "::ffff:10.0.0.9", user "rep", no encryption';
    expect(classifyError(pgError(raw, '28000'))).toMatchObject({
      kind: 'pg-hba-no-entry',
      clientIp: '::ffff:10.0.0.9',
      rejected: { user: 'rep', replication: true },
    });
  });

  it('tells an explicit reject line apart', () => {
    const raw =
      'pg_hba.conf rejects connection for host "127.0.0.2", user "app", database "postgres", no encryption';
    const c = classifyError(pgError(raw, '28000'));
    expect(c).toMatchObject({ layer: 'network-policy', kind: 'pg-hba-reject', clientIp: '127.0.0.2' });
    expect(c.remediation).toContain('above the reject line');
  });

  it('still finds the text inside a ConnectorError, whose message adds a prefix', () => {
    const inner = pgError(
      'no pg_hba.conf entry for host "127.0.0.2", user "app", database "postgres", no encryption',
      '28000',
    );
    const wrapped = new ConnectorError(`Authentication to db failed: ${inner.message}`, '28000', 'auth', {
      cause: inner,
    });
    expect(classifyError(wrapped)).toMatchObject({
      kind: 'pg-hba-no-entry',
      clientIp: '127.0.0.2',
      driverCodes: ['28000'],
    });
  });
});

describe('PostgreSQL SQLSTATEs', () => {
  const cases: [string, string, string, string][] = [
    ['password authentication failed for user "app"', '28P01', 'auth', 'bad-password'],
    ['role "nobody" does not exist', '28000', 'auth', 'auth-rejected'],
    ['database "nope" does not exist', '3D000', 'access', 'database-missing'],
    ['permission denied for table orders', '42501', 'privileges', 'insufficient-privilege'],
    ['relation "public.orders" does not exist', '42P01', 'privileges', 'relation-missing'],
    ['schema "sales" does not exist', '3F000', 'privileges', 'schema-missing'],
    ['sorry, too many clients already', '53300', 'access', 'too-many-connections'],
    ['the database system is starting up', '57P03', 'access', 'server-unavailable'],
  ];
  for (const [message, code, layer, kind] of cases) {
    it(`${code}: ${message}`, () => {
      expect(classifyError(pgError(message, code), ctx)).toMatchObject({ layer, kind, code, raw: message });
    });
  }

  it('names the configured database when it is missing', () => {
    expect(
      classifyError(pgError('database "nope" does not exist', '3D000'), { ...ctx, database: 'nope' }).summary,
    ).toBe('The database "nope" does not exist on db.example.com:5432.');
  });

  it('treats a missing password as configuration, not a wrong password', () => {
    const c = classifyError(pgError('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'));
    expect(c).toMatchObject({ layer: 'config', kind: 'password-missing' });
  });
});

describe('TLS', () => {
  const cases: [string, string, string][] = [
    ['unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-untrusted'],
    ['self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN', 'tls-untrusted'],
    [
      "Hostname/IP does not match certificate's altnames: Host: db.example.com. is not in the cert's altnames: DNS:localhost",
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'tls-hostname-mismatch',
    ],
    ['certificate has expired', 'CERT_HAS_EXPIRED', 'tls-expired'],
    ['certificate is not yet valid', 'CERT_NOT_YET_VALID', 'tls-not-yet-valid'],
  ];
  for (const [message, code, kind] of cases) {
    it(code, () => {
      expect(classifyError(pgError(message, code), ctx)).toMatchObject({ layer: 'tls', kind, code });
    });
  }

  it('a server without TLS, which pg reports without a code', () => {
    const c = classifyError(pgError('The server does not support SSL connections'), ctx);
    expect(c).toMatchObject({ layer: 'tls', kind: 'tls-unsupported' });
    expect(c.code).toBeUndefined();
  });

  it('the untrusted-certificate advice names sslrootcert', () => {
    expect(classifyError(pgError('x', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')).remediation).toContain(
      'sslrootcert',
    );
  });
});

describe('DNS and TCP', () => {
  it('ENOTFOUND and EAI_AGAIN are DNS', () => {
    expect(classifyError(pgError('getaddrinfo ENOTFOUND db.example.com', 'ENOTFOUND'), ctx)).toMatchObject({
      layer: 'dns',
      kind: 'dns-not-found',
      summary: 'The host name db.example.com does not resolve to any address.',
    });
    expect(classifyError(pgError('getaddrinfo EAI_AGAIN db.example.com', 'EAI_AGAIN'))).toMatchObject({
      layer: 'dns',
      kind: 'dns-temporary',
    });
  });

  it('refused means reached, nothing listening', () => {
    const c = classifyError(pgError('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'), ctx);
    expect(c).toMatchObject({ layer: 'tcp', kind: 'tcp-refused', code: 'ECONNREFUSED' });
    expect(c.summary).toBe('db.example.com:5432 was reached, but nothing accepts connections on that port.');
  });

  it("a timeout points at a silent firewall or security group, by code or by pg's words", () => {
    for (const error of [
      pgError('connect ETIMEDOUT 10.0.0.5:5432', 'ETIMEDOUT'),
      pgError('Connection terminated due to connection timeout'),
      pgError('timeout expired'),
    ]) {
      const c = classifyError(error, ctx);
      expect(c, error.message).toMatchObject({ layer: 'tcp', kind: 'tcp-timeout', code: 'ETIMEDOUT' });
      expect(c.remediation).toContain('security group');
      expect(c.clientIp).toBeUndefined(); // the address in the message is the server's, not ours
    }
  });

  it('a statement timeout is not a network timeout', () => {
    const c = classifyError(pgError('canceling statement due to statement timeout', '57014'));
    expect(c.layer).toBe('unknown');
    expect(c.code).toBe('57014');
  });

  it('unreachable host and network', () => {
    expect(classifyError(pgError('connect EHOSTUNREACH 10.9.9.9:5432', 'EHOSTUNREACH'))).toMatchObject({
      layer: 'tcp',
      kind: 'tcp-host-unreachable',
    });
    expect(classifyError(pgError('connect ENETUNREACH 10.9.9.9:5432', 'ENETUNREACH'))).toMatchObject({
      layer: 'tcp',
      kind: 'tcp-network-unreachable',
    });
  });

  it('reads an AggregateError from a multi-address connect', () => {
    const error = Object.assign(
      new AggregateError(
        [
          pgError('connect ECONNREFUSED ::1:5999', 'ECONNREFUSED'),
          pgError('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'),
        ],
        '',
      ),
      { code: 'ECONNREFUSED' },
    );
    const c = classifyError(error);
    expect(c).toMatchObject({
      kind: 'tcp-refused',
      raw: 'connect ECONNREFUSED ::1:5999; connect ECONNREFUSED 127.0.0.1:5999',
    });
  });

  it('finds a socket code wrapped by the Snowflake driver', () => {
    const cause = pgError('getaddrinfo ENOTFOUND acme.snowflakecomputing.com', 'ENOTFOUND');
    const error = Object.assign(new Error('Network error. Could not reach Snowflake.', { cause }), {
      code: 401001,
    });
    expect(classifyError(error)).toMatchObject({
      layer: 'dns',
      kind: 'dns-not-found',
      driverCodes: ['401001', 'ENOTFOUND'],
    });
    // A Snowflake host that does not resolve: the account it is made from is what to check, not "the host name".
    const remediation = classifyError(error, { host: 'acme.snowflakecomputing.com' }).remediation;
    expect(remediation).toMatch(/^Check the account in configuration.yml/);
    expect(remediation).toContain('acme.snowflakecomputing.com is made from it unless host: is set');
    expect(
      classifyError(pgError('getaddrinfo ENOTFOUND db.example.com', 'ENOTFOUND'), { host: 'db.example.com' })
        .remediation,
    ).toMatch(/^Check the host name for typos/);
  });

  it('invalid settings are configuration', () => {
    expect(
      classifyError(pgError('Port should be >= 0 and < 65536. Received 70000.', 'ERR_SOCKET_BAD_PORT')),
    ).toMatchObject({ layer: 'config', kind: 'invalid-setting' });
  });
});

describe('Snowflake', () => {
  it('390422: takes the IP from the message (Posit docs wording)', () => {
    const raw =
      'Incoming request with IP/Token 203.0.113.7 is not allowed to access Snowflake. Contact your account administrator.';
    const c = classifyError(sfError(raw, 390422, '08004'), { user: 'ANALYST' });
    expect(c).toMatchObject({
      layer: 'network-policy',
      kind: 'snowflake-ip-blocked',
      code: '390422',
      clientIp: '203.0.113.7',
      raw,
    });
    expect(c.summary).toBe('A Snowflake network policy blocks 203.0.113.7 for user ANALYST.');
  });

  it('390422 wrapped in 250001 by the Python connector and with its code in the text', () => {
    const raw =
      '250001 (08001): Failed to connect to DB: acme.snowflakecomputing.com:443. Incoming request with IP/Token 198.51.100.4 is not allowed to access Snowflake. Contact your local security administrator or please create a case with Snowflake Support or reach us on our support line';
    expect(classifyError(sfError(raw, 250001, '08001'))).toMatchObject({
      kind: 'snowflake-ip-blocked',
      code: '390422',
      clientIp: '198.51.100.4',
      driverCodes: ['250001'],
    });
    const text =
      '390422 (08004): Incoming request with IP/Token 198.51.100.5 is not allowed to access Snowflake.';
    expect(classifyError(new Error(text))).toMatchObject({ clientIp: '198.51.100.5' });
  });

  it('the JDBC wording, quoted addresses and IPv6', () => {
    expect(
      classifyError(
        new Error(
          'IP 192.0.2.44 is not allowed to access Snowflake.  Contact your local security administrator.',
        ),
      ),
    ).toMatchObject({ clientIp: '192.0.2.44' });
    expect(
      classifyError(
        new Error("Incoming request with IP/Token '192.0.2.45' is not allowed to access Snowflake."),
      ),
    ).toMatchObject({ clientIp: '192.0.2.45' });
    expect(
      classifyError(
        new Error('Incoming request with IP/Token "2001:DB8::7" is not allowed to access Snowflake.'),
      ),
    ).toMatchObject({ clientIp: '2001:db8::7' });
  });

  it('a token in place of an address: still a network policy block, no IP claimed', () => {
    const c = classifyError(
      new Error('Incoming request with IP/Token vpce-0abc is not allowed to access Snowflake.'),
    );
    expect(c).toMatchObject({ kind: 'snowflake-ip-blocked' });
    expect(c.clientIp).toBeUndefined();
    expect(c.summary).toBe('A Snowflake network policy blocks your address.');
  });

  it('390432: a PAT without a network policy', () => {
    expect(classifyError(sfError('Network policy is required.', 390432))).toMatchObject({
      layer: 'network-policy',
      kind: 'snowflake-pat-needs-policy',
      code: '390432',
    });
    expect(classifyError(new Error('390432 Fail : Network policy is required.'))).toMatchObject({
      kind: 'snowflake-pat-needs-policy',
    });
  });

  it('390100: bad credentials', () => {
    expect(
      classifyError(sfError('Incorrect username or password was specified.', 390100, '08004')),
    ).toMatchObject({ layer: 'auth', kind: 'bad-credentials', code: '390100' });
  });

  it('role not granted', () => {
    const raw =
      "Role 'LOADER' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.";
    const c = classifyError(sfError(raw, 390189, '08004'));
    expect(c).toMatchObject({ layer: 'access', kind: 'snowflake-role-not-granted', code: '390189' });
    expect(c.summary).toBe('Role LOADER is not granted to this user.');
  });

  it('warehouse missing or suspended', () => {
    const none =
      "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.";
    expect(classifyError(sfError(none, 606, '57P03'), { warehouse: 'WH_SCAN' })).toMatchObject({
      layer: 'access',
      kind: 'snowflake-no-warehouse',
      code: '606',
    });
    const suspended =
      "Warehouse 'WH_SCAN' cannot be resumed because resource monitor 'RM' has exceeded its quota.";
    expect(classifyError(sfError(suspended, 630))).toMatchObject({
      layer: 'access',
      kind: 'snowflake-warehouse-suspended',
    });
    const missing = "Object 'WH_SCAN' does not exist or not authorized.";
    expect(classifyError(sfError(missing, 2043, '02000'), { warehouse: 'wh_scan' })).toMatchObject({
      layer: 'access',
      kind: 'snowflake-warehouse-missing',
    });
  });

  it('role lacking privileges on a dataset', () => {
    const denied = "SQL access control error: Insufficient privileges to operate on table 'ORDERS'";
    const c = classifyError(sfError(denied, 3001, '42501'), { role: 'ANALYST' });
    expect(c).toMatchObject({
      layer: 'privileges',
      kind: 'snowflake-insufficient-privileges',
      code: '42501',
    });
    expect(c.summary).toBe("Role ANALYST lacks privileges on table 'ORDERS'.");
    const missing = "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.";
    expect(classifyError(sfError(missing, 2003, '42S02'))).toMatchObject({
      layer: 'privileges',
      kind: 'snowflake-object-missing',
    });
  });
});

describe('raw text', () => {
  it("is the outer message, redacted again, never a cause's", () => {
    const cause = pgError('connect to postgres://app:Sup3rSecret@db/x failed', 'ECONNREFUSED');
    const outer = new ConnectorError('Connection to db was refused', 'ECONNREFUSED', 'connect', { cause });
    const c = classifyError(outer);
    expect(c.raw).toBe('Connection to db was refused');
    expect(JSON.stringify(c)).not.toContain('Sup3rSecret');
  });

  it('anything unrecognised keeps its message and code', () => {
    expect(classifyError(pgError('something odd', 'XX000'))).toMatchObject({
      layer: 'unknown',
      kind: 'unrecognised',
      code: 'XX000',
      raw: 'something odd',
    });
    expect(classifyError('plain string')).toMatchObject({
      layer: 'unknown',
      raw: 'plain string',
      driverCodes: [],
    });
  });
});

describe('summaries without a configured host', () => {
  it('start with a capital, and host names keep their case', () => {
    expect(classifyError(pgError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED')).summary).toBe(
      'The server was reached, but nothing accepts connections on that port.',
    );
    expect(classifyError(pgError('The server does not support SSL connections')).summary).toMatch(
      /^The server does not accept TLS/,
    );
    expect(classifyError(pgError('x', 'ECONNRESET'), { host: 'db' }).summary).toBe(
      'db closed the connection unexpectedly.',
    );
  });
});
