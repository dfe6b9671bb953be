/** Wall-clock timing of whole processes, and the median that summarises repeated runs. */
import { spawn } from 'node:child_process';

export interface ProcessRun {
  ms: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

export function timeProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, stdout, stderr, code }));
  });
}

/** Time several processes started together, until the last one ends. */
export async function timeTogether(
  runs: Array<() => Promise<ProcessRun>>,
): Promise<ProcessRun[] & { ms: number }> {
  const started = performance.now();
  const results = await Promise.all(runs.map((run) => run()));
  return Object.assign(results, { ms: performance.now() - started });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
