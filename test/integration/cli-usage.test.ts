/**
 * The CLI as a whole, whatever the command: a reader that closes the pipe early gets no stack trace, and the
 * command list in `gatehouse --help` stays readable.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_PATH, runCli } from '../support/cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'gatehouse-usage-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** Runs the CLI with its stdout pipe closed before it writes a byte, as `gatehouse … | head -0` would. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: { ...process.env, GATEHOUSE_HOME: workspace, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout pipe', () => {
  it('ends the command quietly, without an EPIPE stack trace', async () => {
    const run = await runWithClosedStdout(['scans', '--json', '--workspace', workspace]);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(node:/);
    expect(run.code).toBe(0);
  });

  it('lets the command finish with its own exit code', async () => {
    // The scan writes its error report to the closed stdout, and still exits 3 (errors), not 0 or 1.
    const missing = join(workspace, 'missing.yml');
    const run = await runWithClosedStdout([
      'scan',
      '-d',
      'warehouse',
      '-c',
      missing,
      '--no-history',
      missing,
    ]);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(node:/);
    expect(run.code).toBe(3);
  });
});

describe('help', () => {
  const commands = [
    [],
    ['scan'],
    ['test-connection'],
    ['demo'],
    ['scans'],
    ['scans', 'show'],
    ['preview'],
    ['secrets'],
    ['secrets', 'set'],
    ['secrets', 'list'],
    ['secrets', 'delete'],
    ['secrets', 'status'],
    ['secrets', 'import'],
    ['approve'],
    ['upload'],
    ['outbox'],
    ['ledger'],
    ['ledger', 'verify'],
  ];

  it('fits 80 columns for every command: the command lists show short summaries, wrapped', async () => {
    for (const command of commands) {
      const run = await runCli([...command, '--help']);
      expect(run.code).toBe(0);
      const wide = run.stdout.split('\n').filter((line) => line.length > 80);
      expect(wide, `gatehouse ${command.join(' ')} --help`).toEqual([]);
    }
  });

  it("keeps each command's full description, exit codes included, in its own help", async () => {
    const scan = await runCli(['scan', '--help']);
    expect(scan.stdout.replace(/\s+/g, ' ')).toContain(
      'Exit code: 0 all pass, 1 warnings, 2 failures, 3 errors.',
    );
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/^ {2}scan \[options\] <checks\.\.\.>\s+Run SodaCL checks on a data source$/m);
  });
});

describe('empty option values', () => {
  // `--workspace "$UNSET"` and the like: refused in words, never zod's JSON issue dump, never the default instead.
  const cases: [string[], string][] = [
    [['scan', '-d', '', '-c', 'configuration.yml', 'checks.yml'], '-d/--data-source must not be empty.'],
    [['scan', '-d', 'dw', '-c', '', 'checks.yml'], '-c/--configuration must not be empty.'],
    [['scan', '-d', 'dw', '-c', 'configuration.yml', ''], 'the check files or folders must not be empty.'],
    [['scan', '-d', 'dw', '-c', 'c.yml', '--workspace', '', 'checks.yml'], '--workspace must not be empty.'],
    [['scan', '-d', 'dw', '-c', 'c.yml', '-s', '', 'checks.yml'], '-s/--scan-definition must not be empty.'],
    [['scan', '-d', 'dw', '-c', 'c.yml', '-srf', '', 'checks.yml'], '--scan-results-file must not be empty.'],
    [['scans', '--workspace', ''], '--workspace must not be empty.'],
    [['scans', 'show', ''], 'the scan id must not be empty.'],
    [['approve', 'latest', '--sha256', ''], '--sha256 must not be empty.'],
    [['ledger', '--export', ''], '--export must not be empty.'],
    [['ledger', 'verify', '--file', ''], '--file must not be empty.'],
  ];
  it.each(cases)('gatehouse %j', async (args, message) => {
    const run = await runCli(args, { cwd: workspace });
    expect(run.stderr).toBe(`gatehouse: ${message}\n`);
    expect(run.code).toBe(3);
  });
});
