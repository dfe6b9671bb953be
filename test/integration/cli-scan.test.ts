/**
 * The `gatehouse scan` command as a user runs it: exit codes, the results table, the scan-results document,
 * and a clear error with exit code 3 for each kind of bad input.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('gatehouse scan', () => {
  let db: TestSchema;
  let dir: string;
  let config: string;

  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const scan = (checks: string, extra: string[] = []) =>
    runCli(['scan', '-d', 'warehouse', '-c', config, ...extra, checks]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
    if (!available) return;
    db = await createTestSchema('cli');
    await db.sql(`CREATE TABLE orders AS SELECT g AS id, CASE WHEN g % 10 = 0 THEN NULL ELSE g * 1.5 END AS amount,
      CASE WHEN g % 4 = 0 THEN 'NL' ELSE 'BE' END AS country FROM generate_series(1, 40) g`);
    config = await write('configuration.yml', db.configYaml());
  });

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('--scan-results-file in a missing folder or on a folder: said before the scan runs, exit 3', async () => {
    const checks = await write('srf.yml', 'checks for orders:\n  - row_count = 40\n');
    const cases: [string, string][] = [
      [join(dir, 'no-such-folder', 'out.json'), `the folder ${join(dir, 'no-such-folder')} does not exist`],
      [dir, 'it is a folder'],
    ];
    for (const [file, why] of cases) {
      const run = await scan(checks, ['--no-history', '--scan-results-file', file]);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        `gatehouse: Cannot write the scan-results file ${file}: ${why}. Pass a file path in an existing folder with --scan-results-file.\n`,
      );
      // Nothing ran: no results table, no query.
      expect(run.stdout).toBe('');
    }
  });

  const onLinux = itWhen(available && process.platform === 'linux', 'PostgreSQL, and /dev/full (Linux)');
  onLinux(
    'a results file that fails to write after the scan: one clear line, the rest still said, exit 3',
    async () => {
      const checks = await write('srf-full.yml', 'checks for orders:\n  - row_count = 40\n');
      const run = await scan(checks, ['--scan-results-file', '/dev/full']);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/1 passed · 0 warned · 0 failed/);
      expect(run.stderr).toContain(
        'gatehouse: Could not write the scan-results file /dev/full: the disk is full. The results above are complete; only the file is missing.',
      );
      // The history line still follows: the failed write does not cut the command short.
      expect(run.stderr).toMatch(/Saved to the scan history as /);
      expect(run.stderr).not.toMatch(/ENOSPC|at .*\(/);
    },
  );

  test('exit code 0 when every check passes, with a readable table', async () => {
    const run = await scan(
      await write('pass.yml', 'checks for orders:\n  - row_count = 40\n  - max(amount) < 100\n'),
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+row_count = 40\s+40/);
    expect(run.stdout).toMatch(/2 passed · 0 warned · 0 failed/);
  });

  test('another environment in the same file, its variables unset and a key missing, does not stop this scan', async () => {
    const checks = await write('env.yml', 'checks for orders:\n  - row_count = 40\n');
    const twoEnvironments = await write(
      'two-environments.yml',
      `${db.configYaml()}data_source prod:\n  type: postgres\n  host: prod.example.com\n  password: \${PROD_PASSWORD}\n  port: \${PROD_PORT}\n`,
    );
    const run = await runCli(['scan', '-d', 'warehouse', '-c', twoEnvironments, '--no-history', checks]);
    expect(run.stderr).not.toMatch(/PROD_|prod/);
    expect(run.code).toBe(0);
    // Asked for, that block is held to every rule.
    const prod = await runCli(['scan', '-d', 'prod', '-c', twoEnvironments, '--no-history', checks]);
    expect(prod.code).toBe(3);
    expect(`${prod.stdout}${prod.stderr}`).toMatch(/Variable \$\{PROD_PASSWORD\} is not set/);
  });

  test('a server that trusts the client never makes the scan open the secret store', async () => {
    const checks = await write('trust.yml', 'checks for orders:\n  - row_count = 40\n');
    // A keychain with no D-Bus session behind it would warn "could not be read" if the scan tried it.
    const run = await runCli(['scan', '-d', 'warehouse', '-c', config, checks], {
      env: { GATEHOUSE_SECRET_BACKEND: 'keychain', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    expect(run.code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/could not be read/i);
  });

  test('exit code 1 for warnings only, 2 for failures', async () => {
    const warn = await scan(
      await write(
        'warn.yml',
        'checks for orders:\n  - missing_count(amount):\n      warn: when > 0\n      fail: when > 10\n',
      ),
    );
    expect(warn.code).toBe(1);
    const fail = await scan(
      await write('fail.yml', 'checks for orders:\n  - missing_count(amount) = 0\n  - row_count > 0\n'),
    );
    expect(fail.code).toBe(2);
    expect(fail.stdout).toMatch(/FAIL\s+missing_count\(amount\) = 0\s+4/);
  });

  test('variables with -v, folders of check files, and the Soda Cloud scan-results document', async () => {
    const folder = join(dir, 'checks');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    await writeFile(
      join(folder, 'a.yml'),
      'checks for orders:\n  - row_count > ${MIN}:\n      name: Enough orders\n',
    );
    await writeFile(
      join(folder, 'b.yaml'),
      "filter orders [nl]:\n  where: country = '${COUNTRY}'\nchecks for orders [nl]:\n  - row_count = 10\n",
    );
    const resultsFile = join(dir, 'results.json');
    const run = await scan(folder, [
      '-v',
      'MIN=5',
      '-v',
      'COUNTRY=NL',
      '-s',
      'nightly',
      '--scan-results-file',
      resultsFile,
    ]);
    expect(run.code).toBe(0);
    const document = JSON.parse(await readFile(resultsFile, 'utf8'));
    expect(document).toMatchObject({
      definitionName: 'nightly',
      defaultDataSource: 'warehouse',
      hasErrors: false,
      hasFailures: false,
      hasWarnings: false,
      sourceOwner: 'soda-core',
    });
    for (const key of ['dataTimestamp', 'scanStartTimestamp', 'scanEndTimestamp']) {
      expect(document[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    }
    const enough = document.checks.find((c: { name: string }) => c.name === 'Enough orders');
    expect(enough).toMatchObject({
      type: 'generic',
      table: 'orders',
      column: null,
      outcome: 'pass',
      // The folder was given as an absolute path: only the file's name leaves the machine.
      location: { filePath: 'a.yml', line: 2, col: 5 },
      diagnostics: { value: 40, fail: { lessThanOrEqual: 5 } },
    });
    expect(enough.definition).toBe(
      'checks for orders:\n  - row_count > ${MIN}:\n      name: Enough orders\n',
    );
    expect(enough.identity).toMatch(/^[0-9a-f]{8}$/);
    const nl = document.checks.find((c: { name: string }) => c.name === 'row_count = 10');
    expect(nl.diagnostics).toMatchObject({ value: 10, fail: { greaterThan: 10, lessThan: 10 } });
    expect(document.queries.map((q: { name: string }) => q.name)).toEqual([
      'warehouse.orders.aggregation[0]',
      'warehouse.orders[nl].aggregation[0]',
    ]);
    expect(document.queries[1].sql).toContain("WHERE country = 'NL'");
    expect(document.metrics).toContainEqual({
      identity: 'metric-nightly-warehouse-orders-row_count',
      metricName: 'row_count',
      value: 40,
    });
  });

  test('malformed YAML: file, line and column, exit 3', async () => {
    const path = await write('bad-yaml.yml', 'checks for orders:\n  - row_count > 0\n   - max(amount: [\n');
    const run = await scan(path);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(new RegExp(`${path.replaceAll('.', '\\.')}:\\d+:\\d+: .*`));
  });

  test('unknown metric: its location and a suggestion, exit 3', async () => {
    const path = await write(
      'unknown.yml',
      'checks for orders:\n  - row_count > 0\n  - missing_cnt(amount) = 0\n',
    );
    const run = await scan(path);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`${path}:3:5:`);
    expect(run.stdout).toMatch(/missing_cnt/);
    expect(run.stdout).toMatch(/missing_count/);
  });

  test('missing table and missing column: the database error at the check, exit 3', async () => {
    const table = await scan(await write('no-table.yml', 'checks for nowhere:\n  - row_count > 0\n'));
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(/no-table\.yml:2:5: .*relation .*nowhere.* does not exist/);
    const column = await scan(await write('no-column.yml', 'checks for orders:\n  - max(nothing) > 0\n'));
    expect(column.code).toBe(3);
    expect(column.stdout).toMatch(/no-column\.yml:2:5: .*column "nothing" does not exist/);
  });

  test('configuration errors: unknown data source, unknown key, exit 3', async () => {
    const checks = await write('ok.yml', 'checks for orders:\n  - row_count > 0\n');
    const unknown = await runCli(['scan', '-d', 'elsewhere', '-c', config, checks]);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/Data source "elsewhere" is not in .*Configured: warehouse/);
    const badConfig = await write('bad-config.yml', `${db.configYaml()}  hots: typo\n`);
    const badKey = await runCli(['scan', '-d', 'warehouse', '-c', badConfig, checks]);
    expect(badKey.code).toBe(3);
    expect(badKey.stdout).toMatch(/bad-config\.yml:9:3: Unknown key "hots"/);
    const missingFile = await runCli(['scan', '-d', 'warehouse', '-c', join(dir, 'nope.yml'), checks]);
    expect(missingFile.code).toBe(3);
    expect(missingFile.stdout).toMatch(/does not exist\. Pass the right path with -c/);
  });

  test('server down: connection refused, exit 3', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const downConfig = await write('down.yml', db.configYaml().replace(/port: \d+/, `port: ${port}`));
    const run = await runCli([
      'scan',
      '-d',
      'warehouse',
      '-c',
      downConfig,
      await write('c.yml', 'checks for orders:\n  - row_count > 0\n'),
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/refused/);
  });

  test('usage errors exit 3 with help, --help works for every command', async () => {
    const run = await runCli(['scan', '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/required option '-d, --data-source <name>'/);
    for (const args of [['--help'], ['scan', '--help'], ['demo', '--help']]) {
      const help = await runCli(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Usage: gatehouse/);
    }
    // Snowflake keys and tokens come from the store too, not only passwords.
    const help = await runCli(['test-connection', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'where secrets left out of the configuration (password, private_key, token…) are read',
    );
  });
});
