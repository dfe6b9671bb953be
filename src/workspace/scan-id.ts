/**
 * Scan ids that sort by time as plain strings: `2026-11-29T23-59-01.123Z-1a2b3c4d` (UTC, no colons so the id is
 * a valid file name everywhere, random suffix so two machines or processes never collide).
 */
import { randomBytes } from 'node:crypto';

export const SCAN_ID_PATTERN = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-[0-9a-f]{8}$/;

let lastMs = 0;

/**
 * A new id. Within one process, saves in the same millisecond still get increasing ids; a clock set back by more
 * than a second is taken as it is (better a true time than ids pinned to a future one).
 */
export function newScanId(now: Date = new Date()): string {
  let ms = now.getTime();
  if (ms <= lastMs && lastMs - ms < 1000) ms = lastMs + 1;
  lastMs = ms;
  const stamp = new Date(ms).toISOString().replace(/:/g, '-');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export function isScanId(text: string): boolean {
  return SCAN_ID_PATTERN.test(text);
}
