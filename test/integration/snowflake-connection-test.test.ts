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

const PAT = 'pat-Connection-Test-4471';

describe('connection test on Snowflake', () => {
  let db: TestSchema;
  let server: SnowflakeServer;
  let dir: string;
  const store = new MemorySecretStore();

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('sf_conntest');
    await db.sql('CREATE TABLE orders (id int)');
    await db.sql('CREATE TABLE payroll (id int)');
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
    await writeFile(
      join(dir, 'payroll.yml'),
      'checks for orders:\n  - row_count >= 0\nchecks for payroll:\n  - row_count >= 0\n',
    );
    await store.set({ dataSource: 'sf', field: 'password' }, SCANNER.password);
    server.addUser({ name: 'PAT_USER', pats: [{ token: PAT }], roles: ['READER'] });
    await store.set({ dataSource: 'sf', field: 'token' }, PAT);
    server.addWarehouse({ name: 'FROZEN_WH', suspended: true, autoResume: false });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let configs = 0;
  /** The connection test of data source sf as `role`; `keys` replace or add configuration.yml keys. */
  async function run(
    role: string,
    withChecks: boolean | string = false,
    keys: Record<string, string> = {},
  ): Promise<ConnectionTestReport> {
    const config = join(dir, `configuration-${++configs}.yml`);
    const settings: Record<string, string> = {
      type: 'snowflake',
      account: server.account,
      username: SCANNER.name,
      role,
      warehouse: 'COMPUTE_WH',
      database: server.database,
      schema: server.schema,
      host: server.host,
      port: String(server.port),
      protocol: 'http',
      ...keys,
    };
    await writeFile(
      config,
      `data_source sf:\n${Object.entries(settings)
        .map(([key, value]) => `  ${key}: ${value}\n`)
        .join('')}`,
    );
    return testConnection(
      {
        configPath: config,
        dataSource: 'sf',
        ...(withChecks
          ? { checkPaths: [typeof withChecks === 'string' ? withChecks : join(dir, 'checks.yml')] }
          : {}),
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

  test('a wrong password: Authentication fails as bad credentials (390100), the later steps skipped', async () => {
    const report = await run('NET_ADMIN', false, { password: 'Wrong-Password-1' });
    expect(report.ok).toBe(false);
    const auth = step(report, 'auth');
    expect(auth?.status).toBe('fail');
    expect(auth?.classification).toMatchObject({ layer: 'auth', kind: 'bad-credentials', code: '390100' });
    expect(auth?.remediation).toMatch(/stored password/);
    expect(step(report, 'access')?.status).toBe('skipped');
  });

  test('a programmatic access token with no network policy: 390432, and what the admin must attach', async () => {
    server.clearNetworkPolicies();
    const report = await run('READER', false, {
      username: 'PAT_USER',
      authenticator: 'programmatic_access_token',
    });
    const auth = step(report, 'auth');
    expect(auth?.status).toBe('fail');
    expect(auth?.classification).toMatchObject({
      layer: 'network-policy',
      kind: 'snowflake-pat-needs-policy',
      code: '390432',
    });
    expect(auth?.remediation).toContain('NETWORK_POLICY');
    expect(JSON.stringify(report)).not.toContain(PAT);
  });

  test('a warehouse that does not exist (or the role may not use): Access fails, naming it', async () => {
    const report = await run('NET_ADMIN', false, { warehouse: 'NO_SUCH_WH' });
    expect(step(report, 'auth')?.status).toBe('pass');
    const access = step(report, 'access');
    expect(access?.status).toBe('fail');
    expect(access?.classification).toMatchObject({ layer: 'access', kind: 'snowflake-warehouse-missing' });
    expect(access?.remediation).toContain('GRANT USAGE ON WAREHOUSE NO_SUCH_WH');
    expect(report.ok).toBe(false);
  });

  test('a database or schema that does not exist: Access fails naming it (Snowflake accepts such a login silently)', async () => {
    const noDatabase = step(await run('NET_ADMIN', false, { database: 'NO_SUCH_DB' }), 'access');
    expect(noDatabase?.status).toBe('fail');
    expect(noDatabase?.classification).toMatchObject({ kind: 'snowflake-object-missing' });
    expect(noDatabase?.message).toContain("'NO_SUCH_DB' does not exist");
    expect(noDatabase?.remediation).toBe(
      'Check database: in configuration.yml, and ask the admin to GRANT USAGE ON DATABASE NO_SUCH_DB to role NET_ADMIN.',
    );
    const noSchema = step(await run('NET_ADMIN', false, { schema: 'NO_SUCH_SCHEMA' }), 'access');
    expect(noSchema?.status).toBe('fail');
    expect(noSchema?.message).toContain(`'${server.database}.NO_SUCH_SCHEMA' does not exist`);
    expect(noSchema?.remediation).toMatch(/^Check schema: in configuration.yml/);
  });

  test('a suspended warehouse that may not resume: Access fails with what to ask for', async () => {
    const report = await run('NET_ADMIN', false, { warehouse: 'FROZEN_WH' });
    const access = step(report, 'access');
    expect(access?.status).toBe('fail');
    expect(access?.classification).toMatchObject({ layer: 'access', kind: 'snowflake-warehouse-suspended' });
    expect(access?.message).toContain("Warehouse 'FROZEN_WH' is suspended");
    expect(access?.remediation).toMatch(/resume the warehouse/);
  });

  test('a role lacking privileges on a dataset: the Datasets step fails for it, with the GRANTs to ask for', async () => {
    const report = await run('READER', join(dir, 'payroll.yml'));
    expect(step(report, 'access')?.status).toBe('pass');
    const datasets = step(report, 'datasets');
    expect(datasets?.status).toBe('fail');
    expect(datasets?.items?.map((item) => [item.name, item.ok])).toEqual([
      [`"${server.schema}"."ORDERS"`, true],
      [`"${server.schema}"."PAYROLL"`, false],
    ]);
    // Snowflake cannot tell "missing" from "not authorized": the request asks for SELECT in case it exists.
    expect(datasets?.remediation).toContain(
      `GRANT SELECT ON TABLE "${server.database}"."${server.schema}"."PAYROLL" TO ROLE "READER";`,
    );
    expect(datasets?.remediation).toContain(`GRANT USAGE ON SCHEMA "${server.database}"."${server.schema}"`);
  });

  test('no secret in the report', async () => {
    const report = await run('NET_ADMIN');
    expect(JSON.stringify(report)).not.toContain(SCANNER.password);
  });
});
