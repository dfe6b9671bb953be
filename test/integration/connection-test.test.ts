/**
 * The connection test against private PostgreSQL clusters with their own pg_hba.conf and test CA: every failure
 * the issue names is told apart by the failing step, its classification, the address the server saw and what to
 * do. The test calls the API as the CLI and the desktop app do; passwords come from `${VAR}` in the file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestConnectionRequest, testConnection } from '../../src/api/test-connection.js';
import type { ConnectionTestReport, StepId, StepReport } from '../../src/diagnostics/report.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import { findFreePort } from '../support/free-port.js';
import { type DroppingPort, python3Available, startDroppingPort } from '../support/full-backlog-server.js';
import { itWhen } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';
import { type CountingServer, startEchoIpServer, startSilentServer } from '../support/silent-server.js';

const APP = { name: 'app', password: 'app-secret-1' };
const TLS_ONLY = { name: 'tlsonly', password: 'tls-secret-1' };
const READER = { name: 'reader', password: 'reader-secret-1' };
const AUDITOR = { name: 'auditor', password: 'auditor-secret-1' };
const PASSWORDS = Object.fromEntries([APP, TLS_ONLY, READER, AUDITOR].map((u) => [u.name, u.password]));
/** Every failure here is immediate except the silent server's: a bound, not a wait. */
const STEP_TIMEOUT_MS = 1_500;
/** The silent server's steps wait this long, twice. */
const SILENT_TIMEOUT_MS = 400;

const gate = await clusterPrerequisiteGate();

interface SourceSettings {
  host?: string;
  port: number;
  user?: string;
  password?: string;
  sslmode?: string;
  sslrootcert?: string;
  schema?: string;
}

describeWithCluster('Connection test against private PostgreSQL clusters', gate, () => {
  /** TLS on; app from 127.0.0.1 only, tlsonly over TLS only. */
  let cluster: PrivateCluster;
  /** TLS on, the server certificate names only db.example.internal. */
  let wrongName: PrivateCluster;
  /** TLS on, the server certificate expired. */
  let expired: PrivateCluster;
  let silent: CountingServer;
  let dir: string;

  beforeAll(async () => {
    const users = [APP, TLS_ONLY, READER, AUDITOR];
    const hba = [
      'hostssl all tlsonly 127.0.0.1/32 scram-sha-256',
      'host all app,reader,auditor 127.0.0.1/32 scram-sha-256',
    ];
    [cluster, wrongName, expired, silent, dir] = await Promise.all([
      startPrivateCluster({ tls: true, users, hba }),
      startPrivateCluster({ tls: true, users: [APP], hba, serverCertNames: ['DNS:db.example.internal'] }),
      startPrivateCluster({ tls: true, users: [APP], hba, serverCertDays: -1 }),
      startSilentServer(),
      mkdtemp(join(tmpdir(), 'gatehouse-conntest-')),
    ]);
    await cluster.adminQuery(`CREATE SCHEMA shop;
      CREATE TABLE shop.orders (id int); CREATE TABLE shop.payments (id int);
      GRANT USAGE ON SCHEMA shop TO reader; GRANT SELECT ON shop.orders TO reader;
      GRANT SELECT ON pg_hba_file_rules TO auditor; GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO auditor`);
  });

  afterAll(async () => {
    await Promise.all([cluster?.stop(), wrongName?.stop(), expired?.stop(), silent?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let files = 0;
  async function configFile(settings: SourceSettings): Promise<string> {
    const path = join(dir, `configuration-${++files}.yml`);
    const lines = [
      'data_source private:',
      '  type: postgres',
      `  host: ${settings.host ?? '127.0.0.1'}`,
      `  port: ${settings.port}`,
      `  username: ${settings.user ?? APP.name}`,
      '  password: ${PRIVATE_PASSWORD}',
      '  database: postgres',
      `  sslmode: ${settings.sslmode ?? 'disable'}`,
      ...(settings.sslrootcert ? [`  sslrootcert: ${settings.sslrootcert}`] : []),
      ...(settings.schema ? [`  schema: ${settings.schema}`] : []),
    ];
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  }

  async function run(
    settings: SourceSettings,
    request: Partial<TestConnectionRequest> = {},
    localAddress?: string,
  ): Promise<ConnectionTestReport> {
    const password = settings.password ?? PASSWORDS[settings.user ?? APP.name] ?? '';
    return testConnection(
      {
        configPath: await configFile(settings),
        dataSource: 'private',
        stepTimeoutMs: STEP_TIMEOUT_MS,
        ...request,
      },
      { env: { PRIVATE_PASSWORD: password }, ...(localAddress ? { localAddress } : {}) },
    );
  }

  function step(report: ConnectionTestReport, id: StepId): StepReport {
    const found = report.steps.find((s) => s.id === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  }

  /** The first failing step, and every later mandatory step skipped when that step stops the test. */
  function failedAt(report: ConnectionTestReport, id: StepId): StepReport {
    expect(report.ok).toBe(false);
    const failed = report.steps.find((s) => s.status === 'fail');
    expect(failed?.id).toBe(id);
    return failed as StepReport;
  }

  it('passes every step from 127.0.0.1 over verified TLS, reporting certificate, version, user and address', async () => {
    const report = await run({
      port: cluster.port,
      host: 'localhost',
      sslmode: 'verify-full',
      sslrootcert: cluster.caFile,
    });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['config', 'pass'],
      ['dns', 'pass'],
      ['tcp', 'pass'],
      ['tls', 'pass'],
      ['auth', 'pass'],
      ['access', 'pass'],
      ['datasets', 'skipped'],
      ['allowlist', 'attention'],
    ]);
    expect(report.ok).toBe(true);
    const tls = Object.fromEntries((step(report, 'tls').facts ?? []).map((f) => [f.label, f.value]));
    expect(tls.Protocol).toMatch(/^TLSv1\.[23]/);
    expect(tls.Subject).toContain('CN=localhost');
    expect(tls.Issuer).toContain('CN=Gatehouse test CA');
    expect(tls['CA trust']).toBe('trusted');
    expect(tls['Host name']).toBe('matches');
    const access = Object.fromEntries((step(report, 'access').facts ?? []).map((f) => [f.label, f.value]));
    expect(access['Server version']).toMatch(/^PostgreSQL \d+/);
    expect(access['Current user']).toBe('app');
    expect(access['Current role']).toBe('app');
    expect(access['Address the server sees']).toBe('127.0.0.1');
    expect(access.Encrypted).toBe('yes (TLS)');
    expect(report.ip).toMatchObject({ serverSeenIp: '127.0.0.1', serverSeenSource: 'session' });
    // app may not read pg_hba_file_rules: the optional step says so and what to do instead.
    const allowlist = step(report, 'allowlist');
    expect(allowlist.classification?.kind).toBe('insufficient-privilege');
    expect(allowlist.remediation).toContain('--allowlist');
    expect(report.ip.adminRequest).toBeUndefined();
    for (const s of report.steps.filter((s) => s.status !== 'skipped'))
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('names 127.0.0.2 as refused by pg_hba.conf and writes the pg_hba.conf line to ask for', async () => {
    const report = await run({ port: cluster.port }, {}, '127.0.0.2');
    expect(step(report, 'tcp').status).toBe('pass');
    const auth = failedAt(report, 'auth');
    expect(auth.classification).toMatchObject({
      layer: 'network-policy',
      kind: 'pg-hba-no-entry',
      code: '28000',
      clientIp: '127.0.0.2',
    });
    expect(auth.remediation).toContain('pg_hba.conf line for 127.0.0.2');
    expect(step(report, 'access').status).toBe('skipped');
    expect(report.ip).toMatchObject({ serverSeenIp: '127.0.0.2', serverSeenSource: 'rejection' });
    expect(report.ip.adminRequest?.text).toBe('host postgres app 127.0.0.2/32 scram-sha-256');
    expect(report.ip.adminRequest?.message).toContain('from 127.0.0.2 (the address the server saw)');
  });

  it('evaluates user-entered security-group rules for the refused address', async () => {
    const report = await run(
      { port: cluster.port },
      { allowlist: ['10.0.0.0/8', '127.0.0.0/31'], allowlistSource: 'security group sg-1' },
      '127.0.0.2',
    );
    expect(report.ip.allowlist).toMatchObject({ allowed: false, source: 'security group sg-1' });
    expect(report.ip.allowlist?.reason).toContain('No rule matches 127.0.0.2');
  });

  it('tells a wrong password apart from an address rule', async () => {
    const report = await run({ port: cluster.port, password: 'not-the-password' });
    const auth = failedAt(report, 'auth');
    expect(auth.classification).toMatchObject({ layer: 'auth', kind: 'bad-password', code: '28P01' });
    expect(auth.remediation).toContain('password');
    expect(JSON.stringify(report)).not.toContain('not-the-password');
    expect(report.ip.adminRequest).toBeUndefined();
  });

  it('says that a hostssl-only user needs TLS, naming the address the server saw', async () => {
    const report = await run({ port: cluster.port, user: TLS_ONLY.name, sslmode: 'disable' });
    expect(step(report, 'tls').status).toBe('skipped');
    const auth = failedAt(report, 'auth');
    expect(auth.classification).toMatchObject({ kind: 'pg-hba-no-entry', clientIp: '127.0.0.1' });
    expect(auth.classification?.rejected?.encryption).toBe('no encryption');
    expect(auth.remediation).toContain('set sslmode to require');
    // With TLS the same user gets in.
    const tls = await run({ port: cluster.port, user: TLS_ONLY.name, sslmode: 'require' });
    expect(tls.ok).toBe(true);
  });

  it('fails the TLS step for a certificate from another CA', async () => {
    const report = await run({
      port: cluster.port,
      host: 'localhost',
      sslmode: 'verify-full',
      sslrootcert: cluster.untrustedCaFile,
    });
    const tls = failedAt(report, 'tls');
    expect(tls.classification).toMatchObject({ layer: 'tls', kind: 'tls-untrusted' });
    expect(tls.remediation).toContain('sslrootcert');
    expect(tls.facts?.find((f) => f.label === 'CA trust')?.value).toMatch(/^not trusted/);
    expect(step(report, 'auth').status).toBe('skipped');
  });

  it('fails the TLS step for a certificate that does not name the host', async () => {
    const report = await run({
      port: wrongName.port,
      host: 'localhost',
      sslmode: 'verify-full',
      sslrootcert: wrongName.caFile,
    });
    const tls = failedAt(report, 'tls');
    expect(tls.classification).toMatchObject({
      kind: 'tls-hostname-mismatch',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(tls.remediation).toContain('verify-ca');
    expect(tls.facts?.find((f) => f.label === 'Names')?.value).toContain('db.example.internal');
    // verify-ca checks the CA only: the same server passes.
    const caOnly = await run({
      port: wrongName.port,
      host: 'localhost',
      sslmode: 'verify-ca',
      sslrootcert: wrongName.caFile,
    });
    expect(step(caOnly, 'tls').status).toBe('pass');
  });

  it('fails the TLS step for an expired certificate', async () => {
    const report = await run({
      port: expired.port,
      host: 'localhost',
      sslmode: 'verify-full',
      sslrootcert: expired.caFile,
    });
    const tls = failedAt(report, 'tls');
    expect(tls.classification).toMatchObject({ kind: 'tls-expired', code: 'CERT_HAS_EXPIRED' });
    expect(tls.remediation).toContain('renew');
    // The certificate's validity is shown: it ended before now.
    const valid = tls.facts?.find((f) => f.label === 'Valid')?.value ?? '';
    const [, validTo = ''] = valid.split(' – ');
    expect(new Date(validTo).getTime()).toBeLessThan(Date.now());
  });

  it('reports a refused port at the TCP step when nothing listens', async () => {
    const report = await run({ port: await findFreePort() });
    const tcp = failedAt(report, 'tcp');
    expect(tcp.classification).toMatchObject({ layer: 'tcp', kind: 'tcp-refused', code: 'ECONNREFUSED' });
    expect(tcp.items).toEqual([
      expect.objectContaining({ ok: false, detail: expect.stringContaining('refused') }),
    ]);
    expect(report.steps.slice(3).every((s) => s.status === 'skipped')).toBe(true);
  });

  it('reports a server that accepts TCP and never answers as a timeout of the step that waited', async () => {
    const timeout = { stepTimeoutMs: SILENT_TIMEOUT_MS };
    const started = performance.now();
    const plain = await run({ port: silent.port, sslmode: 'disable' }, timeout);
    const auth = failedAt(plain, 'auth');
    expect(step(plain, 'tcp').status).toBe('pass');
    expect(auth.classification).toMatchObject({ layer: 'tcp', kind: 'server-silent' });
    expect(auth.message).toContain(`did not answer within ${SILENT_TIMEOUT_MS / 1000} s`);
    expect(auth.remediation).toContain('firewall');
    // With TLS the SSLRequest is what waits in vain.
    const tls = await run({ port: silent.port, sslmode: 'require' }, timeout);
    expect(failedAt(tls, 'tls').classification?.kind).toBe('server-silent');
    // Each wait is bounded by the step timeout, not the driver's 30 s default.
    expect(performance.now() - started).toBeLessThan(10 * SILENT_TIMEOUT_MS);
  });

  it('lists the datasets a user lacks SELECT on, with the GRANT to ask for', async () => {
    const checks = join(dir, 'checks.yml');
    await writeFile(
      checks,
      [
        'checks for orders:',
        '  - row_count > 0',
        'checks for payments:',
        '  - row_count > 0',
        'checks for refunds:',
        '  - row_count > 0',
        '',
      ].join('\n'),
    );
    const report = await run(
      { port: cluster.port, user: READER.name, schema: 'shop' },
      { checkPaths: [checks] },
    );
    const datasets = failedAt(report, 'datasets');
    expect(datasets.items).toEqual([
      { name: '"shop"."orders"', ok: true, detail: 'exists and is readable' },
      { name: '"shop"."payments"', ok: false, detail: 'no SELECT privilege' },
      { name: '"shop"."refunds"', ok: false, detail: expect.stringContaining('does not exist') },
    ]);
    expect(datasets.classification).toMatchObject({ layer: 'privileges', kind: 'insufficient-privilege' });
    expect(datasets.remediation).toContain('GRANT SELECT ON "shop"."payments" TO "reader";');
    // Not a stopping step: the allowlist step still ran.
    expect(step(report, 'allowlist').status).not.toBe('skipped');
  });

  it('tests the datasets of `for each dataset` sections: patterns as a scan selects them, names as listed', async () => {
    const checks = join(dir, 'for-each.yml');
    await writeFile(
      checks,
      [
        'for each dataset T:',
        '  datasets:',
        '    - include ord%',
        '    - payments',
        '    - refunds',
        '  checks:',
        '    - row_count > 0',
        'for each dataset U:',
        '  datasets:',
        '    - include zz%',
        '  checks:',
        '    - row_count > 0',
        '',
      ].join('\n'),
    );
    const report = await run(
      { port: cluster.port, user: READER.name, schema: 'shop' },
      { checkPaths: [checks] },
    );
    const datasets = failedAt(report, 'datasets');
    // orders through the pattern (the tables listed now); payments and refunds named outright.
    expect(datasets.items).toEqual([
      { name: '"shop"."orders"', ok: true, detail: 'exists and is readable' },
      { name: '"shop"."payments"', ok: false, detail: 'no SELECT privilege' },
      { name: '"shop"."refunds"', ok: false, detail: expect.stringContaining('does not exist') },
    ]);
    expect(datasets.remediation).toContain('GRANT SELECT ON "shop"."payments" TO "reader";');
    expect(datasets.facts).toEqual([
      {
        label: 'Check files',
        value: expect.stringMatching(
          /for-each\.yml:\d+:\d+: for each dataset U: no table of the data source matches/,
        ),
      },
    ]);
  });

  it('reads pg_hba_file_rules when permitted and names the rule that admits the server-seen address', async () => {
    const report = await run({ port: cluster.port, user: AUDITOR.name });
    const allowlist = step(report, 'allowlist');
    expect(allowlist.status).toBe('pass');
    expect(allowlist.message).toContain('127.0.0.1 is allowed by');
    expect(allowlist.message).toMatch(/pg_hba\.conf line \d+: host all app,reader,auditor/);
    expect(report.ip.allowlist).toMatchObject({ allowed: true, source: 'pg_hba.conf (pg_hba_file_rules)' });
  });

  it('fails the configuration step with the reason when the data source is not in the file', async () => {
    const report = await testConnection(
      { configPath: await configFile({ port: cluster.port }), dataSource: 'elsewhere' },
      { env: { PRIVATE_PASSWORD: APP.password } },
    );
    const config = failedAt(report, 'config');
    expect(config.message).toContain('Data source "elsewhere" is not in');
    expect(config.classification?.layer).toBe('config');
    expect(report.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
  });
});

describe('Connection test against a port whose packets are dropped (a silent firewall)', () => {
  const itWithPython = itWhen(python3Available(), 'python3 (the listener that never accepts)');
  let dropping: DroppingPort | undefined;
  let echo: CountingServer | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-conntest-drop-'));
    if (python3Available())
      [dropping, echo] = await Promise.all([startDroppingPort(), startEchoIpServer('203.0.113.7')]);
  });
  afterAll(async () => {
    await Promise.all([dropping?.close(), echo?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  itWithPython('fails the TCP step as a timeout, and asks for the egress address to be allowed', async () => {
    const port = (dropping as DroppingPort).port;
    const path = join(dir, 'configuration.yml');
    await writeFile(
      path,
      [
        'data_source fw:',
        '  type: postgres',
        '  host: 127.0.0.1',
        `  port: ${port}`,
        '  username: app',
        '  database: postgres',
        '  sslmode: disable',
        '',
      ].join('\n'),
    );
    const report = await testConnection(
      {
        configPath: path,
        dataSource: 'fw',
        stepTimeoutMs: 400,
        egressIp: true,
        egressServices: [(echo as CountingServer).url],
      },
      { env: {} },
    );
    expect(report.ok).toBe(false);
    const tcp = report.steps.find((s) => s.id === 'tcp');
    expect(tcp).toMatchObject({
      status: 'fail',
      classification: { layer: 'tcp', kind: 'tcp-timeout', code: 'ETIMEDOUT' },
    });
    expect(tcp?.message).toBe(
      `No answer from 127.0.0.1:${port} within 0.4 s: the connection attempt timed out.`,
    );
    expect(tcp?.remediation).toContain('security group');
    expect(report.ip.egress).toEqual({ ip: '203.0.113.7', service: (echo as CountingServer).url });
    expect(report.ip.adminRequest?.text).toBe(
      `allow inbound TCP from 203.0.113.7/32 to 127.0.0.1 port ${port}`,
    );
    expect(report.ip.adminRequest?.message).toContain('as an echo service saw it');
  });
});
