/** Which admin gets asked for what: the database's rules vs a firewall in front of it, and nothing when unknown. */
import { describe, expect, it } from 'vitest';
import type { PostgresDataSource } from '../../../src/config/model.js';
import type { Classification } from '../../../src/diagnostics/classification.js';
import { postgresEngine } from '../../../src/diagnostics/engines/postgres.js';
import { ipFinding } from '../../../src/diagnostics/ip-finding.js';

const ds: PostgresDataSource = {
  type: 'postgres',
  name: 'warehouse',
  host: 'db.internal',
  port: 5432,
  username: 'analyst',
  database: 'sales',
  sslmode: 'verify-full',
  connectionTimeoutMs: 30_000,
  poolSize: 2,
  statementTimeoutMs: 0,
};
const base = {
  ds,
  engine: postgresEngine,
  target: {
    host: 'db.internal',
    port: 5432,
    tls: { use: 'none', verifyCa: false, verifyHost: false, options: {}, setting: '' },
    context: {},
  },
} as const;
const options = { timeoutMs: 1_000 };

describe('ipFinding', () => {
  it("asks the database admin for a pg_hba.conf line when the server's rejection names the address", async () => {
    const finding = await ipFinding(
      { ...base, serverSeen: { ip: '192.0.2.10', source: 'rejection' } },
      options,
    );
    expect(finding).toMatchObject({ serverSeenIp: '192.0.2.10', serverSeenSource: 'rejection' });
    expect(finding.adminRequest?.text).toBe('hostssl sales analyst 192.0.2.10/32 scram-sha-256');
  });

  it("asks the database admin when the server's own rules do not admit the address it sees", async () => {
    const serverAllowlist = {
      allowed: false,
      reason: 'No rule matches',
      invalid: [],
      notes: [],
      source: 'pg_hba.conf',
    };
    const finding = await ipFinding(
      { ...base, serverSeen: { ip: '192.0.2.10', source: 'session' }, serverAllowlist },
      options,
    );
    expect(finding.allowlist).toEqual(serverAllowlist);
    expect(finding.adminRequest?.text).toContain('192.0.2.10/32');
  });

  it('asks the network admin when the rules the user entered leave the address out', async () => {
    const finding = await ipFinding(
      { ...base, serverSeen: { ip: '192.0.2.10', source: 'session' } },
      {
        ...options,
        allowlist: { rules: [{ action: 'allow', value: '10.0.0.0/8' }], source: 'security group sg-1' },
      },
    );
    expect(finding.allowlist).toMatchObject({ allowed: false, source: 'security group sg-1' });
    expect(finding.adminRequest?.text).toBe('allow inbound TCP from 192.0.2.10/32 to db.internal port 5432');
    expect(finding.adminRequest?.message).toContain('the address the database server saw');
  });

  it('asks for nothing when the address is unknown (a timeout without --egress-ip)', async () => {
    const failure: Classification = {
      layer: 'tcp',
      kind: 'tcp-timeout',
      driverCodes: [],
      summary: '',
      remediation: '',
      raw: '',
    };
    const finding = await ipFinding({ ...base, failure }, options);
    expect(finding).toEqual({});
  });

  it("checks Soda Cloud's webhook addresses only when a webhook allowlist is given", async () => {
    const finding = await ipFinding(base, {
      ...options,
      webhookAllowlist: [{ action: 'allow', value: '0.0.0.0/0' }],
    });
    expect(finding.cloudEgress?.every((entry) => entry.allowed)).toBe(true);
    expect(finding.cloudEgress).toHaveLength(4);
  });
});
