/**
 * Dry-run mode: nothing can be sent. Like Homebrew's `HOMEBREW_ANALYTICS_DEBUG` and Next.js'
 * `NEXT_TELEMETRY_DEBUG`, showing what would leave also stops it from leaving. `gatehouse preview --dry-run`
 * sets `GATEHOUSE_DRY_RUN=1` for its process; every sending path calls `assertNotDryRun` before it opens a
 * connection.
 */

export const DRY_RUN_ENV = 'GATEHOUSE_DRY_RUN';

/** Set to anything but empty, `0`, `false` or `no`. */
export function isDryRun(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[DRY_RUN_ENV]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false' && value !== 'no';
}

export class DryRunError extends Error {
  constructor() {
    super(`Dry run (${DRY_RUN_ENV} is set): nothing is sent.`);
    this.name = 'DryRunError';
  }
}

export function assertNotDryRun(env: NodeJS.ProcessEnv = process.env): void {
  if (isDryRun(env)) throw new DryRunError();
}

/** Puts this process in dry-run mode: from now on `isDryRun()` is true for it and its children. */
export function enterDryRun(env: NodeJS.ProcessEnv = process.env): void {
  env[DRY_RUN_ENV] = '1';
}
