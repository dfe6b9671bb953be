import { describe, expect, it } from 'vitest';
import {
  hbaToken,
  postgresAdminRequest,
  snowflakeAdminRequest,
} from '../../../src/diagnostics/admin-request.js';
import { CidrError } from '../../../src/diagnostics/cidr.js';

describe('pg_hba.conf request', () => {
  it('hostssl for modes that require TLS, /32 for IPv4', () => {
    const request = postgresAdminRequest({
      clientIp: '203.0.113.7',
      user: 'analyst',
      database: 'sales',
      sslmode: 'verify-full',
    });
    expect(request.text).toBe('hostssl sales analyst 203.0.113.7/32 scram-sha-256');
    expect(request.cidr).toBe('203.0.113.7/32');
    expect(request.message).toBe(
      'Could you allow user "analyst" to connect to database "sales" from 203.0.113.7 (the address the server saw)? ' +
        'Please add this line to pg_hba.conf above any line that rejects or otherwise matches this address ' +
        '(the first matching line wins), then reload the configuration (SELECT pg_reload_conf();):\n\n' +
        'hostssl sales analyst 203.0.113.7/32 scram-sha-256\n',
    );
  });

  it('host for modes that may connect in plain text, /128 for IPv6, canonical address', () => {
    for (const sslmode of ['disable', 'allow', 'prefer'] as const) {
      expect(
        postgresAdminRequest({ clientIp: '2001:DB8:0::7', user: 'app', database: 'postgres', sslmode }).text,
      ).toBe('host postgres app 2001:db8::7/128 scram-sha-256');
    }
    expect(
      postgresAdminRequest({
        clientIp: '10.0.0.1',
        user: 'a',
        database: 'd',
        sslmode: 'require',
        authMethod: 'md5',
      }).text,
    ).toBe('hostssl d a 10.0.0.1/32 md5');
  });

  it('quotes keywords and unusual names, refuses names pg_hba cannot hold', () => {
    expect(hbaToken('all')).toBe('"all"');
    expect(hbaToken('replication')).toBe('"replication"');
    expect(hbaToken('+admins')).toBe('"+admins"');
    expect(hbaToken('my db')).toBe('"my db"');
    expect(hbaToken('Sales_2024')).toBe('Sales_2024');
    expect(() => hbaToken('a"b')).toThrow(CidrError);
    expect(() =>
      postgresAdminRequest({ clientIp: '10.0.0.300', user: 'a', database: 'd', sslmode: 'prefer' }),
    ).toThrow(CidrError);
  });
});

describe('Snowflake network rule request', () => {
  it('repeats the current list and adds the address', () => {
    const request = snowflakeAdminRequest({
      clientIp: '203.0.113.7',
      ruleName: 'SECURITY.NETWORK.OFFICE_IPS',
      currentValues: ['192.168.1.0/24', ' 198.51.100.10 '],
      policyName: 'CORP_POLICY',
    });
    expect(request.statement).toBe(
      "ALTER NETWORK RULE SECURITY.NETWORK.OFFICE_IPS SET VALUE_LIST = ('192.168.1.0/24', '198.51.100.10', '203.0.113.7');",
    );
    expect(request.policyHint).toBe(
      "ALTER NETWORK POLICY CORP_POLICY ADD ALLOWED_NETWORK_RULE_LIST = ('SECURITY.NETWORK.OFFICE_IPS');",
    );
    expect(request.message).toContain(request.statement);
    expect(request.message).toContain(request.policyHint);
    expect(request.admittedBy).toBeUndefined();
  });

  it('works from an empty list, with a placeholder policy, and unmaps an IPv4-mapped address', () => {
    const request = snowflakeAdminRequest({
      clientIp: '::ffff:203.0.113.7',
      ruleName: '"office ips"',
      currentValues: [],
    });
    expect(request.statement).toBe(`ALTER NETWORK RULE "office ips" SET VALUE_LIST = ('203.0.113.7');`);
    expect(request.policyHint).toBe(
      `ALTER NETWORK POLICY <policy> ADD ALLOWED_NETWORK_RULE_LIST = ('"office ips"');`,
    );
  });

  it('says when the list already admits the address instead of adding it again', () => {
    const request = snowflakeAdminRequest({
      clientIp: '203.0.113.7',
      ruleName: 'OFFICE',
      currentValues: ['203.0.113.0/24'],
    });
    expect(request.statement).toBeUndefined();
    expect(request.admittedBy).toBe('203.0.113.0/24');
    expect(request.message).toContain('already in network rule OFFICE');
  });

  it('refuses IPv6 (IPV4 rules) and names that would not be identifiers', () => {
    expect(() =>
      snowflakeAdminRequest({ clientIp: '2001:db8::1', ruleName: 'R', currentValues: [] }),
    ).toThrow(/IPv6/);
    expect(() =>
      snowflakeAdminRequest({ clientIp: '1.2.3.4', ruleName: 'R; DROP TABLE x', currentValues: [] }),
    ).toThrow(CidrError);
  });

  it('escapes quotes in existing values rather than breaking the statement', () => {
    const request = snowflakeAdminRequest({
      clientIp: '1.2.3.4',
      ruleName: 'R',
      currentValues: ["10.0.0.1'"],
    });
    expect(request.statement).toBe("ALTER NETWORK RULE R SET VALUE_LIST = ('10.0.0.1''', '1.2.3.4');");
  });
});
