/**
 * Ctrl+C (SIGINT) during `gatehouse scan`, as a user presses it: while connecting to a server that never answers,
 * the scan ends at once (not after connection_timeout); while a query runs, the query is cancelled on the server.
 * Either way the scan exits 3 and says it was cancelled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_PATH } from '../support/cli.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { type CountingServer, startSilentServer } from '../support/silent-server.js';

const available = await postgresAvailable();
const withPostgres = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

interface Running {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

/** Children still running when the file ends (a test that timed out) are stopped, never left behind. */
const children = new Set<ChildProcess>();

function startCli(args: string[], home: string): Running {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { ...process.env, GATEHOUSE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('close', () => children.delete(child));
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (output.stdout += chunk));
  child.stderr?.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output, exited };
}

describe('Ctrl+C during gatehouse scan', () => {
  let dir: string;
  let silent: CountingServer;
  let db: TestSchema | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-interrupt-'));
    silent = await startSilentServer();
    if (available) db = await createTestSchema('interrupt');
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await silent?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('while connecting to a server that never answers: ends at once, not after connection_timeout', async () => {
    const config = join(dir, 'silent.yml');
    await writeFile(
      config,
      `data_source silent:\n  type: postgres\n  host: 127.0.0.1\n  port: ${silent.port}\n  username: u\n  database: d\n  sslmode: disable\n  connection_timeout: 120\n`,
    );
    const checks = join(dir, 'checks.yml');
    await writeFile(checks, 'checks for orders:\n  - row_count > 0\n');
    const run = startCli(['scan', '-d', 'silent', '-c', config, '--no-history', checks], dir);
    // The scan is waiting for the login when the server has its connection.
    await vi.waitFor(() => expect(silent.connections).toBeGreaterThan(0), { timeout: 10_000 });
    run.child.kill('SIGINT');
    // Before the fix the wait went on for connection_timeout (120 s here): the test's own timeout catches that.
    expect(await run.exited).toBe(3);
    expect(run.output.stdout).toContain('The scan was cancelled while connecting; no query ran.');
    expect(run.output.stdout).not.toContain('timed out');
  }, 20_000);

  withPostgres(
    'while a query runs: the query is cancelled on the server, and the scan exits 3',
    async () => {
      const marker = `gatehouse_interrupt_${db?.schema}`;
      await db?.sql('CREATE TABLE orders AS SELECT 1 AS id');
      const config = join(dir, 'pg.yml');
      await writeFile(config, db?.configYaml() ?? '');
      const checks = join(dir, 'slow.yml');
      await writeFile(
        checks,
        `checks for orders:\n  - slow = 1:\n      slow query: SELECT 1 FROM pg_sleep(120) /* ${marker} */\n`,
      );
      const running = async () =>
        Number(
          (
            await db?.sql(
              'SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()',
              [`%${marker}%`],
            )
          )?.rows[0]?.n,
        );
      const run = startCli(['scan', '-d', 'warehouse', '-c', config, '--no-history', checks], dir);
      await vi.waitFor(async () => expect(await running()).toBe(1), { timeout: 10_000, interval: 50 });
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(3);
      expect(run.output.stderr).toContain('Cancelling: stopping the running queries');
      expect(run.output.stdout).toContain('The scan was cancelled before all queries finished.');
      // Cancelled on the server, not only abandoned by the client.
      await vi.waitFor(async () => expect(await running()).toBe(0), { timeout: 5_000, interval: 50 });
    },
    20_000,
  );
});
