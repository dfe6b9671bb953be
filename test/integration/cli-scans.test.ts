/**
 * The scan history as a user meets it: `gatehouse scan --workspace` saves each scan, `gatehouse scans` lists them
 * newest first, `scans show` renders one with the scan table or as JSON, and bad ids are clear errors (exit 3).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const SAVED = /Saved to the scan history as (\S+) /;

describe('gatehouse scans', () => {
  let db: TestSchema;
  let dir: string;
  let workspace: string;
  let config: string;
  const ids: string[] = [];

  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const scans = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['scans', ...args], { env });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-scans-'));
    workspace = join(dir, 'workspace');
    if (!available) return;
    db = await createTestSchema('scans');
    await db.sql('CREATE TABLE orders AS SELECT g AS id FROM generate_series(1, 40) g');
    config = await write('configuration.yml', db.configYaml());
    // Two scans, a passing one and then a failing one, saved into the workspace.
    const pass = await write('pass.yml', 'checks for orders:\n  - row_count = 40\n');
    const fail = await write('fail.yml', 'checks for orders:\n  - row_count = 1\n  - row_count > 0\n');
    for (const [checks, code] of [
      [pass, 0],
      [fail, 2],
    ] as const) {
      const run = await runCli(['scan', '-d', 'warehouse', '-c', config, '--workspace', workspace, checks]);
      expect(run.code, run.stderr).toBe(code);
      ids.push(SAVED.exec(run.stderr)?.[1] as string);
    }
  });

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('lists both scans, newest first, as a table', async () => {
    const run = await scans(['--workspace', workspace]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+WHEN\s+DEFINITION\s+DATA SOURCE\s+PASS\s+WARN\s+FAIL\s+N\/E\s+ERRORS$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${ids[1]}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\s+gatehouse\\s+warehouse\\s+1\\s+0\\s+1\\s+0$`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`^${ids[0]}\\s.*\\s+1\\s+0\\s+0\\s+0$`));
    expect(run.stdout).toContain(`Workspace: ${workspace}.`);
  });

  test('--json parses, with --limit and -d filters', async () => {
    const all = await scans(['--workspace', workspace, '--json']);
    expect(all.code).toBe(0);
    const listed = JSON.parse(all.stdout);
    expect(listed.map((scan: { id: string }) => scan.id)).toEqual([ids[1], ids[0]]);
    expect(listed[0]).toMatchObject({
      definitionName: 'gatehouse',
      dataSource: 'warehouse',
      counts: { pass: 1, warn: 0, fail: 1, notEvaluated: 0 },
      hasErrors: false,
    });
    const one = JSON.parse((await scans(['--workspace', workspace, '--json', '--limit', '1'])).stdout);
    expect(one.map((scan: { id: string }) => scan.id)).toEqual([ids[1]]);
    const none = JSON.parse((await scans(['--workspace', workspace, '--json', '-d', 'elsewhere'])).stdout);
    expect(none).toEqual([]);
  });

  test('scans show latest prints the results table of the newest scan', async () => {
    const run = await scans(['show', 'latest', '--workspace', workspace]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Scan ${ids[1]}`);
    expect(run.stdout).toMatch(/FAIL\s+row_count = 1\s+40/);
    expect(run.stdout).toMatch(/PASS\s+row_count > 0\s+40/);
    expect(run.stdout).toMatch(/Scan "gatehouse" on warehouse: 1 passed · 0 warned · 1 failed/);
    // The parent's --workspace works before the subcommand too.
    const byId = await scans(['--workspace', workspace, 'show', ids[0] as string]);
    expect(byId.stdout).toMatch(/PASS\s+row_count = 40\s+40/);
  });

  test('scans show --json prints the saved scan result', async () => {
    const run = await scans(['show', ids[0] as string, '--json', '--workspace', workspace]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      definitionName: 'gatehouse',
      dataSource: 'warehouse',
      hasFailures: false,
    });
    expect(result.checks[0]).toMatchObject({ displayName: 'row_count = 40', outcome: 'pass', value: 40 });
  });

  test('an unknown or malformed id is a clear error with exit code 3', async () => {
    const unknown = await scans(['show', '2020-01-01T00-00-00.000Z-00000000', '--workspace', workspace]);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /There is no saved scan 2020-01-01T00-00-00\.000Z-00000000 in .*`gatehouse scans` lists the saved scans/,
    );
    const malformed = await scans(['show', '../../etc/passwd', '--workspace', workspace]);
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toMatch(/is not a scan id/);
    const empty = await scans(['show', 'latest', '--workspace', join(dir, 'empty')]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/no saved scans/);
  });

  test('--no-history saves nothing; GATEHOUSE_HOME is the default workspace', async () => {
    const home = join(dir, 'home');
    const checks = await write('again.yml', 'checks for orders:\n  - row_count = 40\n');
    const quiet = await runCli(['scan', '-d', 'warehouse', '-c', config, '--no-history', checks], {
      env: { GATEHOUSE_HOME: home },
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(SAVED);
    expect(JSON.parse((await scans(['--json'], { GATEHOUSE_HOME: home })).stdout)).toEqual([]);
    const saved = await runCli(['scan', '-d', 'warehouse', '-c', config, checks], {
      env: { GATEHOUSE_HOME: home },
    });
    const id = SAVED.exec(saved.stderr)?.[1];
    const listed = JSON.parse((await scans(['--json'], { GATEHOUSE_HOME: home })).stdout);
    expect(listed.map((scan: { id: string }) => scan.id)).toEqual([id]);
  });

  test('a scan that cannot be saved still prints its results and keeps its exit code, with a warning', async () => {
    const notAFolder = await write('not-a-folder', 'a file where the workspace should be');
    const checks = await write('warn.yml', 'checks for orders:\n  - row_count:\n      warn: when > 10\n');
    const run = await runCli(['scan', '-d', 'warehouse', '-c', config, '--workspace', notAFolder, checks]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/WARN\s+row_count/);
    expect(run.stderr).toMatch(/Warning: the scan was not saved to the scan history in .*not-a-folder/);
  });

  test('a schema check compares with the schema of the previous saved scan', async () => {
    const history = join(dir, 'schema-history');
    await db.sql('CREATE TABLE customers (id integer, email text)');
    const checks = await write(
      'schema.yml',
      'checks for customers:\n  - schema:\n      fail:\n        when schema changes: any\n',
    );
    const scan = () => runCli(['scan', '-d', 'warehouse', '-c', config, '--workspace', history, checks]);
    await scan();
    const unchanged = await scan();
    expect(unchanged.code, unchanged.stdout).toBe(0);
    await db.sql('ALTER TABLE customers ADD COLUMN phone text');
    const changed = await scan();
    expect(changed.code, changed.stdout).toBe(2);
  });
});
