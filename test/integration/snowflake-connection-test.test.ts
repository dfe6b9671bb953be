/**
 * The connection test on Snowflake (the Snowflake engine), through the shared API against the Snowflake-protocol
 * server: the steps pass and report the address Snowflake sees (CURRENT_IP_ADDRESS()); datasets are checked for
 * access; the network policy that applies is read (by a role allowed to) and evaluated; a policy that blocks this
 * machine fails the login with the address from Snowflake's message and an admin request; a reader without the
 * privilege gets the step's privilege failure, not a crash. Secrets come from a secret store, not the file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { testConnection } from '../../src/api/test-connection.js';
import type { ConnectionTestReport, StepId } from '../../src/diagnostics/report.js';
import { MemorySecretStore } from '../support/memory-secret-store.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { SCANNER, startSnowflake } from '../support/snowflake-connector.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('connection test on Snowflake', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let dir: string;
  const store = new MemorySecretStore();

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_conntest');
    await db.sql('CREATE TABLE orders (id int)');
    server = await startSnowflake(db, {
      roles: [
        { name: 'NET_ADMIN', networkAdmin: true },
        { name: 'READER', tables: ['ORDERS'] },
      ],
    });
    server.updateUser(SCANNER.name, { roles: ['NET_ADMIN', 'READER'] });
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-sf-conntest-'));
    await writeFile(
      join(dir, 'checks.yml'),
      'checks for orders:\n  - row_count >= 0\nchecks for missing_table:\n  - row_count >= 0\n',
    );
    await store.set({ dataSource: 'sf', field: 'password' }, SCANNER.password);
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(role: string, withChecks = false): Promise<ConnectionTestReport> {
    const config = join(dir, `configuration-${role}.yml`);
    await writeFile(
      config,
      [
        'data_source sf:',
        '  type: snowflake',
        `  account: ${server.account}`,
        `  username: ${SCANNER.name}`,
        `  role: ${role}`,
        '  warehouse: COMPUTE_WH',
        `  database: ${server.database}`,
        `  schema: ${server.schema}`,
        `  host: ${server.host}`,
        `  port: ${server.port}`,
        '  protocol: http',
        '',
      ].join('\n'),
    );
    return testConnection(
      {
        configPath: config,
        dataSource: 'sf',
        ...(withChecks ? { checkPaths: [join(dir, 'checks.yml')] } : {}),
        stepTimeoutMs: 15_000,
        workspace: dir,
      },
      { secretStore: store },
    );
  }

  const step = (report: ConnectionTestReport, id: StepId) => report.steps.find((s) => s.id === id);

  test('every step passes; Snowflake sees 127.0.0.1; the datasets are told apart', async () => {
    server.clearNetworkPolicies();
    const report = await run('NET_ADMIN', true);
    expect(report.type).toBe('snowflake');
    expect(step(report, 'tls')?.status).toBe('skipped');
    expect(step(report, 'auth')?.status).toBe('pass');
    expect(step(report, 'access')?.facts).toContainEqual({
      label: 'Address the server sees',
      value: '127.0.0.1',
    });
    expect(report.ip.serverSeenIp).toBe('127.0.0.1');
    const datasets = step(report, 'datasets');
    expect(datasets?.items?.map((item) => [item.name, item.ok])).toEqual([
      [`"${server.schema}"."ORDERS"`, true],
      [`"${server.schema}"."MISSING_TABLE"`, false],
    ]);
    // No policy applies: every address is admitted.
    expect(step(report, 'allowlist')?.status).toBe('pass');
  });

  test("the user's network policy is read and evaluated for the address Snowflake saw", async () => {
    server.setNetworkPolicy(
      {
        name: 'OFFICE',
        allowedNetworkRules: [{ name: 'OFFICE_NET', values: ['127.0.0.0/8', '10.0.0.0/8'] }],
      },
      { user: SCANNER.name },
    );
    const report = await run('NET_ADMIN');
    expect(report.ok).toBe(true);
    expect(report.ip.allowlist).toMatchObject({ allowed: true, source: 'Snowflake network policy OFFICE' });
    expect(report.ip.allowlist?.matchedRule).toContain('127.0.0.0/8');
  });

  test('a role that may not read network policies gets a privilege failure of that step, and the rest passes', async () => {
    const report = await run('READER');
    expect(step(report, 'auth')?.status).toBe('pass');
    expect(step(report, 'access')?.status).toBe('pass');
    expect(['attention', 'fail']).toContain(step(report, 'allowlist')?.status);
    expect(step(report, 'allowlist')?.message).toMatch(/cannot be read/);
    expect(step(report, 'allowlist')?.remediation).toContain('MANAGE GRANTS');
  });

  test('a policy that blocks this machine: login fails with 390422, the address and an admin request', async () => {
    server.setNetworkPolicy({ name: 'VPN_ONLY', allowedIpList: ['198.51.100.0/24'] }, { user: SCANNER.name });
    try {
      const report = await run('NET_ADMIN');
      expect(report.ok).toBe(false);
      const auth = step(report, 'auth');
      expect(auth?.status).toBe('fail');
      expect(auth?.classification).toMatchObject({ kind: 'snowflake-ip-blocked', clientIp: '127.0.0.1' });
      expect(report.ip).toMatchObject({ serverSeenIp: '127.0.0.1', serverSeenSource: 'rejection' });
      expect(report.ip.adminRequest?.text).toBe("ALTER NETWORK RULE <rule> ADD VALUE_LIST = ('127.0.0.1');");
      expect(report.ip.adminRequest?.message).toContain('127.0.0.1 (the address Snowflake saw)');
    } finally {
      server.clearNetworkPolicies();
    }
  });

  test('no secret in the report', async () => {
    const report = await run('NET_ADMIN');
    expect(JSON.stringify(report)).not.toContain(SCANNER.password);
  });
});
