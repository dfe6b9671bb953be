/**
 * `gatehouse scan` against a password-protected private cluster: the password from the environment works, a wrong
 * one ends in a clear authentication error with exit code 3, and the password never appears in the output.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';

const APP = { name: 'analyst', password: 'Correct-Horse-7731' };
const gate = await clusterPrerequisiteGate();

describeWithCluster(`scan with password authentication`, gate, () => {
  let cluster: PrivateCluster;
  let dir: string;
  let config: string;
  let checks: string;

  beforeAll(async () => {
    cluster = await startPrivateCluster({
      users: [APP],
      hba: [`host all ${APP.name} 127.0.0.1/32 scram-sha-256`],
    });
    await cluster.adminQuery(`CREATE TABLE public.events AS SELECT g AS id FROM generate_series(1, 5) g`);
    await cluster.adminQuery(`GRANT SELECT ON public.events TO ${APP.name}`);
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-auth-'));
    config = join(dir, 'configuration.yml');
    await writeFile(
      config,
      `data_source private:\n  type: postgres\n  host: ${cluster.host}\n  port: ${cluster.port}\n  username: ${APP.name}\n  password: \${PG_PASSWORD}\n  database: postgres\n  schema: public\n  sslmode: disable\n`,
    );
    checks = join(dir, 'checks.yml');
    await writeFile(checks, 'checks for events:\n  - row_count = 5\n');
  });

  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the password from the environment', async () => {
    const run = await runCli(['scan', '-d', 'private', '-c', config, checks], {
      env: { PG_PASSWORD: APP.password },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+row_count = 5\s+5/);
  });

  it('a wrong password is an authentication error, exit 3, and no password is printed', async () => {
    const wrong = 'Wrong-Battery-0042';
    const run = await runCli(['scan', '-d', 'private', '-c', config, checks], {
      env: { PG_PASSWORD: wrong },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /Authentication to PostgreSQL data source "private" at 127\.0\.0\.1:\d+ failed/,
    );
    expect(run.stdout).toMatch(/password authentication failed for user "analyst"/);
    for (const secret of [wrong, APP.password]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });
});
