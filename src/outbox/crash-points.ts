/**
 * Test hook for crash safety: `GATEHOUSE_CRASH_AT=<point>` makes the process SIGKILL itself when it reaches that
 * point of a delivery, so tests can stop it exactly between two durable steps (as a power cut would) and check
 * that the next run loses and duplicates nothing. Unset in normal use; the delivery points are described in deliver.ts.
 */
export type CrashPoint =
  | 'before-queue-write' // approve: the key exists, the item is not written yet
  | 'after-sending-marker'
  | 'after-delivery'
  | 'after-ledger';

export function crashPoint(point: CrashPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env.GATEHOUSE_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
