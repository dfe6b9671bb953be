/** Runs a program without a shell, optionally as the `postgres` OS user, failing with its output. */
import { execFile } from 'node:child_process';

export interface RunOptions {
  /** Run as this OS user (through `runuser`, which needs root). */
  asUser?: string;
  cwd?: string;
  timeoutMs?: number;
}

export function runCommand(program: string, args: string[], options: RunOptions = {}): Promise<string> {
  const [file, argv] = options.asUser
    ? ['runuser', ['-u', options.asUser, '--', program, ...args]]
    : [program, args];
  return new Promise((resolve, reject) => {
    execFile(
      file,
      argv,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`${[file, ...argv].join(' ')} failed: ${error.message}\n${stderr}${stdout}`.trim()),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
