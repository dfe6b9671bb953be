/**
 * `gatehouse test-connection` as a user runs it: the step list (live on a terminal, a line per step in a pipe),
 * `--json` with nothing else on stdout, exit codes, the admin request, and the egress-IP lookup that happens only
 * when asked for (a local echo service counts the connections it gets).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConnectionTestReport } from '../../src/diagnostics/report.js';
import { CLI_PATH, runCli } from '../support/cli.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import { cliStep, missingKeyringPrerequisites, runKeyringSession } from '../support/keyring-session.js';
import { itWhen } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';
import { type CountingServer, startEchoIpServer } from '../support/silent-server.js';

const APP = { name: 'app', password: 'app-secret-1' };
const BLOCKED = { name: 'blocked', password: 'blocked-secret-1' };
const ECHOED_IP = '203.0.113.7';

const gate = await clusterPrerequisiteGate();
const keyringMissing = await missingKeyringPrerequisites();
const withKeyring = itWhen(keyringMissing === undefined, keyringMissing ?? '');
const scriptAvailable = await promisify(execFile)('script', ['--version']).then(
  () => true,
  () => false,
);
const withScript = itWhen(scriptAvailable, 'the script command (util-linux), for a pseudo-terminal');

describeWithCluster('gatehouse test-connection', gate, () => {
  let cluster: PrivateCluster;
  let echo: CountingServer;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    [cluster, echo, dir] = await Promise.all([
      startPrivateCluster({
        users: [APP, BLOCKED],
        hba: ['host all blocked 127.0.0.1/32 reject', 'host all app 127.0.0.1/32 scram-sha-256'],
      }),
      startEchoIpServer(ECHOED_IP),
      mkdtemp(join(tmpdir(), 'gatehouse-conntest-cli-')),
    ]);
    config = join(dir, 'configuration.yml');
    const block = (name: string, user: string, password = true) =>
      [
        `data_source ${name}:`,
        '  type: postgres',
        '  host: 127.0.0.1',
        `  port: ${cluster.port}`,
        `  username: ${user}`,
        ...(password ? [`  password: \${${name.toUpperCase()}_PASSWORD}`] : []),
        '  database: postgres',
        '  sslmode: disable',
      ].join('\n');
    // `keyed` leaves the password out: it comes from the OS keychain.
    await writeFile(
      config,
      `${block('warehouse', APP.name)}\n${block('locked', BLOCKED.name)}\n${block('keyed', APP.name, false)}\n`,
    );
  });

  afterAll(async () => {
    await Promise.all([cluster?.stop(), echo?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = { WAREHOUSE_PASSWORD: APP.password, LOCKED_PASSWORD: BLOCKED.password };
  const cli = (...args: string[]) =>
    runCli(['test-connection', '-c', config, '--timeout', '2', ...args], { env });

  it('prints one plain line per step in a pipe and exits 0 when every mandatory step passes', async () => {
    const run = await cli('-d', 'warehouse');
    expect(run.code).toBe(0);
    const stepLines = run.stdout.split('\n').filter((line) => /^[✔✖!-] /.test(line));
    expect(stepLines.map((line) => line.slice(2, 30).trim())).toEqual([
      'Configuration',
      'DNS resolution',
      'TCP connect',
      'TLS handshake',
      'Authentication',
      'Access',
      'Datasets',
      'Allowlist rules (optional)',
    ]);
    expect(stepLines[5]).toMatch(
      /✔ Access +PASS +SELECT 1 ran on PostgreSQL .* as app; the server sees this machine as 127\.0\.0\.1/,
    );
    expect(run.stdout).not.toContain('\x1b[');
    expect(run.stdout).not.toContain('RUNNING');
    expect(run.stdout).toContain('Connection test of warehouse passed');
    expect(run.stdout).not.toContain(APP.password);
  });

  it('--json prints only the report; a pg_hba reject names the address and the line to ask for; exit 1', async () => {
    const run = await cli('-d', 'locked', '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ConnectionTestReport;
    expect(report.ok).toBe(false);
    const auth = report.steps.find((step) => step.id === 'auth');
    expect(auth).toMatchObject({
      status: 'fail',
      classification: { kind: 'pg-hba-reject', clientIp: '127.0.0.1' },
    });
    expect(auth?.remediation).toContain('above the reject line');
    expect(report.ip).toMatchObject({ serverSeenIp: '127.0.0.1', serverSeenSource: 'rejection' });
    expect(report.ip.adminRequest?.text).toBe('host postgres blocked 127.0.0.1/32 scram-sha-256');
    expect(report.ip.egress).toBeUndefined();
  });

  it('shows the failing step, its cause, what to do and the admin request in the human output', async () => {
    const run = await cli('-d', 'locked');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /✖ Authentication +FAIL +127\.0\.0\.1:\d+ refused the connection from 127\.0\.0\.1/,
    );
    expect(run.stdout).toContain('Cause: network-policy / pg-hba-reject, 28000');
    expect(run.stdout).toContain(
      "The server sees this machine as 127.0.0.1 (taken from the server's rejection).",
    );
    expect(run.stdout).toContain('Request for the admin (copy and send):');
    expect(run.stdout).toContain('  host postgres blocked 127.0.0.1/32 scram-sha-256');
    expect(run.stdout).toContain('Connection test of locked failed at Authentication');
  });

  withScript('redraws a live step list in place on a terminal', async () => {
    // `script` gives the CLI a pseudo-terminal, as a user's shell would.
    const command = [process.execPath, CLI_PATH, 'test-connection', '-c', config, '-d', 'warehouse']
      .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
      .join(' ');
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, ...env, NO_COLOR: '1', COLUMNS: '160' },
      timeout: 30_000,
    });
    // Each change redraws the block: the cursor goes back up and every line is cleared and written again.
    expect(stdout).toContain('\x1b[8F');
    expect(stdout).toContain('\x1b[2K');
    expect(stdout).toMatch(/… TCP connect +RUNNING/);
    expect(stdout).toMatch(/✔ TCP connect +PASS/);
    expect(stdout).toContain('Connection test of warehouse passed');
  });

  it('asks the echo service for the egress address only with --egress-ip, and labels it a best guess', async () => {
    const before = echo.connections;
    const quiet = await cli('-d', 'warehouse', '--json', '--egress-ip-service', echo.url);
    expect(quiet.code).toBe(0);
    expect((JSON.parse(quiet.stdout) as ConnectionTestReport).ip.egress).toBeUndefined();
    expect(echo.connections).toBe(before);

    const asked = await cli('-d', 'warehouse', '--egress-ip', '--egress-ip-service', echo.url, '--json');
    const report = JSON.parse(asked.stdout) as ConnectionTestReport;
    expect(report.ip.egress).toEqual({ ip: ECHOED_IP, service: echo.url });
    expect(echo.connections).toBe(before + 1);

    const human = await cli('-d', 'warehouse', '--egress-ip', '--egress-ip-service', echo.url);
    expect(human.stdout).toContain(
      `Public egress address: ${ECHOED_IP} (best guess from ${echo.url}; VPNs and proxies differ).`,
    );
  });

  it('refuses a plain-http echo service that is not on loopback, without connecting', async () => {
    const run = await cli(
      '-d',
      'warehouse',
      '--egress-ip',
      '--egress-ip-service',
      'http://echo.example.com/',
      '--json',
    );
    const report = JSON.parse(run.stdout) as ConnectionTestReport;
    expect(report.ip.egress).toBeUndefined();
    expect(report.ip.egressError).toContain('must use https');
  });

  it('evaluates --allowlist rules for the address the server sees, listing malformed entries with why', async () => {
    const args = ['-d', 'warehouse', '--allowlist', '10.0.0.0/33,not-an-ip', '--allowlist', '127.0.0.0/8'];
    const json = await cli(...args, '--allowlist-source', 'security group sg-9', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as ConnectionTestReport;
    expect(report.ip.allowlist).toMatchObject({
      allowed: true,
      source: 'security group sg-9',
      matchedRule: 'rule 3: allow 127.0.0.0/8',
    });
    expect(report.ip.allowlist?.invalid.map((entry) => entry.rule)).toEqual([
      'rule 1: allow 10.0.0.0/33',
      'rule 2: allow not-an-ip',
    ]);
    const human = await cli(...args);
    expect(human.stdout).toContain(
      'Allowlist (the rules you entered): admitted. 127.0.0.1 is allowed by rule 3: allow 127.0.0.0/8 (2 unreadable entries skipped).',
    );
    expect(human.stdout).toMatch(
      /unreadable rule 1: allow 10\.0\.0\.0\/33: .*prefix length must be a number from 0 to 32/,
    );
    expect(human.stdout).toMatch(/unreadable rule 2: allow not-an-ip: /);
  });

  it("checks Soda Cloud's webhook addresses against a firewall allowlist", async () => {
    const run = await cli(
      '-d',
      'warehouse',
      '--json',
      '--webhook-allowlist',
      '54.78.91.111/32,52.49.181.0/24',
    );
    const report = JSON.parse(run.stdout) as ConnectionTestReport;
    expect(report.ip.cloudEgress?.map((entry) => [entry.address, entry.allowed])).toEqual([
      ['54.78.91.111', true],
      ['52.49.181.67', true],
      ['34.208.202.240', false],
      ['52.35.114.145', false],
    ]);
    // The same check in the human output, with a deny rule honoured (first match wins).
    const human = await cli(
      '-d',
      'warehouse',
      '--webhook-allowlist',
      'deny:52.49.181.67,54.78.91.111/32,52.49.181.0/24',
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("Soda Cloud's webhook addresses against the webhook allowlist:");
    expect(human.stdout).toMatch(/✔ 54\.78\.91\.111 \(EU\): 54\.78\.91\.111 is allowed by rule 2/);
    expect(human.stdout).toMatch(/✖ 52\.49\.181\.67 \(EU\): 52\.49\.181\.67 is denied by rule 1/);
    expect(human.stdout).toMatch(/✖ 34\.208\.202\.240 \(US\): No rule matches 34\.208\.202\.240/);
    expect(human.stdout).toMatch(/✖ 52\.35\.114\.145 \(US\): No rule matches/);
  });

  withKeyring(
    'logs in with the password from the OS keychain, and says where a wrong one came from',
    async () => {
      const test = cliStep(['test-connection', '-c', config, '-d', 'keyed', '--json', '--timeout', '5']);
      const session = await runKeyringSession(
        [
          cliStep(['secrets', 'set', 'keyed', 'password', '--stdin'], APP.password),
          test,
          cliStep(['secrets', 'set', 'keyed', 'password', '--stdin'], 'an-old-password'),
          test,
        ],
        { keyring: 'unlocked', env },
      );
      const [stored, good, , bad] = session.steps;
      expect(stored?.code, `${stored?.stderr}\n${session.log}`).toBe(0);
      expect(good?.code, good?.stdout).toBe(0);
      expect((JSON.parse(good?.stdout ?? '') as ConnectionTestReport).ok).toBe(true);
      expect(bad?.code).toBe(1);
      const auth = (JSON.parse(bad?.stdout ?? '') as ConnectionTestReport).steps.find(
        (step) => step.id === 'auth',
      );
      expect(auth?.classification?.kind).toBe('bad-password');
      expect(auth?.raw).toContain('comes from the keychain');
      expect(`${good?.stdout}${bad?.stdout}`).not.toContain(APP.password);
    },
  );

  it('check files that are missing or do not parse fail the Datasets step, never pass it unseen', async () => {
    const broken = join(dir, 'broken.yml');
    await writeFile(broken, 'checks for pg_class:\n  - row_cont > 0\n');
    const missing = join(dir, 'no-such-checks.yml');
    const cases: [string, RegExp][] = [
      // Was "PASS The check files name no datasets.", the error only in the details below.
      [
        broken,
        /The check files have an error, so the datasets they use are not all known: .*broken\.yml:2:5: Unknown metric "row_cont"/,
      ],
      // Was "The connection failed: Check file or folder … does not exist."
      [
        missing,
        /The check files have an error, so the datasets they use are not all known: Check file or folder .*no-such-checks\.yml does not exist\./,
      ],
    ];
    for (const [checks, message] of cases) {
      const run = await cli('-d', 'warehouse', '--json', checks);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as ConnectionTestReport;
      const datasets = report.steps.find((step) => step.id === 'datasets');
      expect(datasets?.status).toBe('fail');
      expect(datasets?.message).toMatch(message);
      expect(datasets?.message).not.toContain('The connection failed');
      expect(datasets?.classification).toMatchObject({ layer: 'config', kind: 'invalid-check-files' });
      expect(report.steps.find((step) => step.id === 'access')?.status).toBe('pass');
    }
  });

  it('exits 3 on a usage error', async () => {
    const run = await runCli(['test-connection', '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('--data-source');
  });
});
