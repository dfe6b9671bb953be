/**
 * pg_hba.conf rules read from a private cluster's pg_hba_file_rules and judged as PostgreSQL judges them:
 * `+role` by membership (through a role in between), `samerole` only for members of the database's role, and
 * `samenet` — which depends on the server's interfaces, invisible over SQL — leaving the verdict open instead of
 * guessing. The user may read pg_hba_file_rules; it connects from 127.0.0.1 and from 127.0.0.2.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testConnection } from '../../src/api/test-connection.js';
import type { ConnectionTestReport, StepReport } from '../../src/diagnostics/report.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';

const AUDITOR = { name: 'auditor', password: 'auditor-secret-2' };

const gate = await clusterPrerequisiteGate();

describeWithCluster('pg_hba.conf rules judged for the address the server sees', gate, () => {
  let cluster: PrivateCluster;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    [cluster, dir] = await Promise.all([
      startPrivateCluster({
        users: [AUDITOR],
        hba: [
          // auditor is no member of the role "postgres": this line does not apply to it.
          'host samerole all 127.0.0.1/32 reject',
          // auditor belongs to readers through team.
          'host all +readers 127.0.0.1/32 scram-sha-256',
          'host all all samenet scram-sha-256',
        ],
      }),
      mkdtemp(join(tmpdir(), 'gatehouse-conntest-hba-')),
    ]);
    await cluster.adminQuery(`CREATE ROLE readers NOLOGIN; CREATE ROLE team NOLOGIN;
      GRANT readers TO team; GRANT team TO auditor;
      GRANT SELECT ON pg_hba_file_rules TO auditor; GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO auditor`);
    config = join(dir, 'configuration.yml');
    await writeFile(
      config,
      [
        'data_source private:',
        '  type: postgres',
        '  host: 127.0.0.1',
        `  port: ${cluster.port}`,
        `  username: ${AUDITOR.name}`,
        '  password: ${PRIVATE_PASSWORD}',
        '  database: postgres',
        '  sslmode: disable',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function allowlistStep(localAddress: string): Promise<[StepReport, ConnectionTestReport]> {
    const report = await testConnection(
      { configPath: config, dataSource: 'private', stepTimeoutMs: 5_000 },
      { env: { PRIVATE_PASSWORD: AUDITOR.password }, localAddress },
    );
    expect(report.ok).toBe(true);
    const step = report.steps.find((s) => s.id === 'allowlist') as StepReport;
    return [step, report];
  }

  it('names the +role line as deciding for a member through another role, passing over samerole', async () => {
    const [step, report] = await allowlistStep('127.0.0.1');
    expect(step.status).toBe('pass');
    expect(step.message).toMatch(
      /127\.0\.0\.1 is allowed by rule \d+: allow 127\.0\.0\.1\/32 \(pg_hba\.conf line \d+: host all \+readers/,
    );
    expect(step.message).not.toContain('samerole');
    expect(report.ip.allowlist).toMatchObject({ allowed: true });
  });

  it('leaves the verdict open when a samenet line decides, saying why, and asks nothing of an admin', async () => {
    const [step, report] = await allowlistStep('127.0.0.2');
    expect(report.ip.serverSeenIp).toBe('127.0.0.2');
    expect(step.status).toBe('attention');
    expect(step.message).toContain('Cannot tell whether 127.0.0.2 is admitted');
    expect(step.message).toContain("samenet depends on the server's network interfaces");
    expect(step.facts).toContainEqual({
      label: 'Not evaluated',
      value: expect.stringMatching(/line \d+: may apply, cannot be judged from here: samenet/),
    });
    // Neither "admitted" nor "not admitted" is claimed.
    expect(report.ip.allowlist).toBeUndefined();
    expect(report.ip.adminRequest).toBeUndefined();
  });
});
