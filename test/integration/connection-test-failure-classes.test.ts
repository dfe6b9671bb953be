/**
 * Every failure class the connection test knows, as a user meets it through `gatehouse test-connection`: each is
 * told apart — the failing step, the layer, the kind and the code — in BOTH the human output and `--json`, with
 * the address the server saw whenever the server named it. Real servers: private PostgreSQL clusters (pg_hba.conf,
 * test CAs), a closed port, a port whose packets are dropped, a name that does not resolve, and the
 * Snowflake-protocol server with a blocking network policy, a token user without one, and a wrong password.
 */
import { lookup } from 'node:dns/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConnectionTestReport, StepId } from '../../src/diagnostics/report.js';
import { runCli } from '../support/cli.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import { findFreePort } from '../support/free-port.js';
import { type DroppingPort, python3Available, startDroppingPort } from '../support/full-backlog-server.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';
import type { SnowflakeServer } from '../support/snowflake/server.js';
import { SCANNER, startSnowflake } from '../support/snowflake-connector.js';

const APP = { name: 'app', password: 'app-secret-3' };
const BLOCKED = { name: 'blocked', password: 'blocked-secret-3' };
/** Has a password but no pg_hba.conf line. */
const NOBODY = { name: 'nobody', password: 'nobody-secret-3' };
const SF_BLOCKED = { name: 'BLOCKED_SF', password: 'Blocked-Password-3310' };
const SF_PAT = { name: 'PAT_USER', token: 'pat-Failure-Classes-5512' };
const UNRESOLVABLE = 'no-such-host.invalid';

const gate = await clusterPrerequisiteGate();
const postgres = await postgresAvailable();
const python = python3Available();

interface Case {
  dataSource: string;
  step: StepId;
  stepName: string;
  layer: string;
  kind: string;
  code: string;
  /** The address the server named in its refusal. */
  clientIp?: string;
  available: boolean;
  missing: string;
}

describeWithCluster('every failure class told apart in the human output and --json', gate, () => {
  let main: PrivateCluster;
  let wrongName: PrivateCluster;
  let expired: PrivateCluster;
  let dropping: DroppingPort | undefined;
  let db: TestSchema | undefined;
  let snowflake: SnowflakeServer | undefined;
  let dir: string;
  let config: string;
  /** What this machine's resolver says about a name that does not exist (ENOTFOUND, or EAI_AGAIN offline). */
  let dnsCode: string;

  beforeAll(async () => {
    const hba = [
      `host all ${BLOCKED.name} 127.0.0.1/32 reject`,
      `host all ${APP.name} 127.0.0.1/32 scram-sha-256`,
    ];
    [main, wrongName, expired, dir] = await Promise.all([
      startPrivateCluster({ tls: true, users: [APP, BLOCKED, NOBODY], hba }),
      startPrivateCluster({ tls: true, users: [APP], hba, serverCertNames: ['DNS:db.example.internal'] }),
      startPrivateCluster({ tls: true, users: [APP], hba, serverCertDays: -1 }),
      mkdtemp(join(tmpdir(), 'gatehouse-conntest-classes-')),
    ]);
    if (python) dropping = await startDroppingPort();
    if (postgres) {
      db = await createTestSchema('conntest_classes');
      snowflake = await startSnowflake(db);
      snowflake.addUser({ name: SF_BLOCKED.name, password: SF_BLOCKED.password });
      snowflake.addUser({ name: SF_PAT.name, pats: [{ token: SF_PAT.token }] });
      snowflake.setNetworkPolicy(
        { name: 'VPN_ONLY', allowedIpList: ['198.51.100.0/24'] },
        { user: SF_BLOCKED.name },
      );
    }
    dnsCode = await lookup(UNRESOLVABLE).then(
      () => 'resolved',
      (error: NodeJS.ErrnoException) => error.code ?? 'unknown',
    );
    const pg = (name: string, settings: Record<string, string | number>) =>
      [
        `data_source ${name}:`,
        '  type: postgres',
        ...Object.entries({
          host: '127.0.0.1',
          username: APP.name,
          password: '${APP_PASSWORD}',
          database: 'postgres',
          sslmode: 'disable',
          ...settings,
        }).map(([key, value]) => `  ${key}: ${value}`),
      ].join('\n');
    const sf = (name: string, settings: Record<string, string | number>) =>
      snowflake
        ? [
            `data_source ${name}:`,
            '  type: snowflake',
            ...Object.entries({
              account: snowflake.account,
              warehouse: 'COMPUTE_WH',
              database: snowflake.database,
              schema: snowflake.schema,
              host: snowflake.host,
              port: snowflake.port,
              protocol: 'http',
              ...settings,
            }).map(([key, value]) => `  ${key}: ${value}`),
          ].join('\n')
        : '';
    const blocks = [
      pg('dns', { host: UNRESOLVABLE, port: 5432 }),
      pg('refused', { port: await findFreePort() }),
      pg('dropped', { port: dropping?.port ?? 1 }),
      pg('tls_ca', {
        host: 'localhost',
        port: main.port,
        sslmode: 'verify-full',
        sslrootcert: main.untrustedCaFile,
      }),
      pg('tls_name', {
        host: 'localhost',
        port: wrongName.port,
        sslmode: 'verify-full',
        sslrootcert: wrongName.caFile,
      }),
      pg('tls_expired', {
        host: 'localhost',
        port: expired.port,
        sslmode: 'verify-full',
        sslrootcert: expired.caFile,
      }),
      pg('hba_none', { port: main.port, username: NOBODY.name, password: '${NOBODY_PASSWORD}' }),
      pg('hba_reject', { port: main.port, username: BLOCKED.name, password: '${BLOCKED_PASSWORD}' }),
      pg('bad_password', { port: main.port, password: 'not-the-password' }),
      sf('sf_blocked', { username: SF_BLOCKED.name, password: '${SF_BLOCKED_PASSWORD}' }),
      sf('sf_pat', {
        username: SF_PAT.name,
        authenticator: 'programmatic_access_token',
        token: '${SF_TOKEN}',
      }),
      sf('sf_password', { username: SCANNER.name, password: 'Not-The-Password-1' }),
    ];
    config = join(dir, 'configuration.yml');
    await writeFile(config, `${blocks.filter(Boolean).join('\n')}\n`);
  });

  afterAll(async () => {
    await Promise.all([
      main?.stop(),
      wrongName?.stop(),
      expired?.stop(),
      dropping?.close(),
      snowflake?.stop(),
    ]);
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = {
    APP_PASSWORD: APP.password,
    NOBODY_PASSWORD: NOBODY.password,
    BLOCKED_PASSWORD: BLOCKED.password,
    SF_BLOCKED_PASSWORD: SF_BLOCKED.password,
    SF_TOKEN: SF_PAT.token,
  };

  const pgCase = (c: Omit<Case, 'available' | 'missing'>): Case => ({ ...c, available: true, missing: '' });
  const sfCase = (c: Omit<Case, 'available' | 'missing'>): Case => ({
    ...c,
    available: postgres,
    missing: 'PostgreSQL on 127.0.0.1:5432 (the Snowflake-protocol server runs on it)',
  });
  const cases: Case[] = [
    pgCase({
      dataSource: 'dns',
      step: 'dns',
      stepName: 'DNS resolution',
      layer: 'dns',
      kind: 'dns-not-found',
      code: 'ENOTFOUND',
    }),
    pgCase({
      dataSource: 'refused',
      step: 'tcp',
      stepName: 'TCP connect',
      layer: 'tcp',
      kind: 'tcp-refused',
      code: 'ECONNREFUSED',
    }),
    {
      dataSource: 'dropped',
      step: 'tcp',
      stepName: 'TCP connect',
      layer: 'tcp',
      kind: 'tcp-timeout',
      code: 'ETIMEDOUT',
      available: python,
      missing: 'python3 (the listener that never accepts)',
    },
    pgCase({
      dataSource: 'tls_ca',
      step: 'tls',
      stepName: 'TLS handshake',
      layer: 'tls',
      kind: 'tls-untrusted',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    }),
    pgCase({
      dataSource: 'tls_name',
      step: 'tls',
      stepName: 'TLS handshake',
      layer: 'tls',
      kind: 'tls-hostname-mismatch',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    }),
    pgCase({
      dataSource: 'tls_expired',
      step: 'tls',
      stepName: 'TLS handshake',
      layer: 'tls',
      kind: 'tls-expired',
      code: 'CERT_HAS_EXPIRED',
    }),
    pgCase({
      dataSource: 'hba_none',
      step: 'auth',
      stepName: 'Authentication',
      layer: 'network-policy',
      kind: 'pg-hba-no-entry',
      code: '28000',
      clientIp: '127.0.0.1',
    }),
    pgCase({
      dataSource: 'hba_reject',
      step: 'auth',
      stepName: 'Authentication',
      layer: 'network-policy',
      kind: 'pg-hba-reject',
      code: '28000',
      clientIp: '127.0.0.1',
    }),
    pgCase({
      dataSource: 'bad_password',
      step: 'auth',
      stepName: 'Authentication',
      layer: 'auth',
      kind: 'bad-password',
      code: '28P01',
    }),
    sfCase({
      dataSource: 'sf_blocked',
      step: 'auth',
      stepName: 'Authentication',
      layer: 'network-policy',
      kind: 'snowflake-ip-blocked',
      code: '390422',
      clientIp: '127.0.0.1',
    }),
    sfCase({
      dataSource: 'sf_pat',
      step: 'auth',
      stepName: 'Authentication',
      layer: 'network-policy',
      kind: 'snowflake-pat-needs-policy',
      code: '390432',
    }),
    sfCase({
      dataSource: 'sf_password',
      step: 'auth',
      stepName: 'Authentication',
      layer: 'auth',
      kind: 'bad-credentials',
      code: '390100',
    }),
  ];

  it('gives each case its own classification', () => {
    const keys = cases.map((c) => `${c.layer}/${c.kind}/${c.code}`);
    expect(new Set(keys).size).toBe(cases.length);
  });

  for (const c of cases) {
    itWhen(c.available, c.missing)(`${c.dataSource}: ${c.kind} (${c.code}) at ${c.stepName}`, async () => {
      const expected =
        c.dataSource === 'dns' && dnsCode === 'EAI_AGAIN'
          ? { ...c, kind: 'dns-temporary', code: 'EAI_AGAIN' }
          : c;
      const args = [
        'test-connection',
        '-c',
        config,
        '-d',
        c.dataSource,
        '--timeout',
        c.kind === 'tcp-timeout' ? '1' : '15',
      ];
      const json = await runCli([...args, '--json'], { env });
      const human = await runCli(args, { env });

      expect(json.code, `${json.stdout}\n${json.stderr}`).toBe(1);
      if (!json.stdout) throw new Error(`no report on stdout; stderr:\n${json.stderr}`);
      const report = JSON.parse(json.stdout) as ConnectionTestReport;
      expect(report.ok).toBe(false);
      const failed = report.steps.find((step) => step.status === 'fail');
      expect(failed?.id).toBe(c.step);
      expect(failed?.classification).toMatchObject({
        layer: expected.layer,
        kind: expected.kind,
        code: expected.code,
        ...(c.clientIp ? { clientIp: c.clientIp } : {}),
      });
      if (c.clientIp)
        expect(report.ip).toMatchObject({ serverSeenIp: c.clientIp, serverSeenSource: 'rejection' });
      else expect(report.ip.serverSeenIp).toBeUndefined();
      expect(failed?.remediation).toBeTruthy();

      expect(human.code).toBe(1);
      const lines = human.stdout.split('\n');
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✖ ${c.stepName} +FAIL +\\S`)));
      expect(human.stdout).toContain(`    Cause: ${expected.layer} / ${expected.kind}, ${expected.code}\n`);
      expect(human.stdout).toContain('    What to do:');
      if (c.clientIp)
        expect(human.stdout).toContain(
          `The server sees this machine as ${c.clientIp} (taken from the server's rejection).`,
        );
      else expect(human.stdout).not.toContain('The server sees this machine as');
      expect(human.stdout).toContain(`Connection test of ${c.dataSource} failed at ${c.stepName}`);
      for (const secret of Object.values(env)) {
        expect(human.stdout).not.toContain(secret);
        expect(json.stdout).not.toContain(secret);
      }
    });
  }
});
