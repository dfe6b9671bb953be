/** Runs the built `gatehouse` CLI as a user would, capturing output and exit code. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI; GATEHOUSE_TEST_CLI may point at a private build (while others rebuild dist/ in a shared tree). */
export const CLI_PATH =
  process.env.GATEHOUSE_TEST_CLI ?? join(import.meta.dirname, '..', '..', 'dist', 'cli', 'gatehouse.js');

/** A workspace of this test file's own, so CLI runs never write into the tester's real scan history. */
const TEST_HOME = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
process.once('exit', () => rmSync(TEST_HOME, { recursive: true, force: true }));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd,
      env: { ...process.env, GATEHOUSE_HOME: TEST_HOME, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface CliBytesRun {
  code: number | null;
  /** stdout exactly as written, byte for byte. */
  stdout: Buffer;
  stderr: string;
}

/** As runCli, with stdout kept as bytes: for output that must be compared or hashed byte for byte. */
export function runCliBytes(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliBytesRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd,
      env: { ...process.env, GATEHOUSE_HOME: TEST_HOME, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}
