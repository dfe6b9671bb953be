/**
 * Thresholds in words, as the CLI's results table and the desktop app both show them: `fail when > 10; warn when
 * > 5 and <= 10`, freshness as ages like the check file's `1d`. The app gets the text with each result.
 */
import type { CheckResult } from '../scan/result.js';
import type { Zone } from '../sodacl/model.js';

/** An age in milliseconds as freshness thresholds are written: `1d2h`, `15m`, `0s`, `-15m`. */
export function formatAge(ms: number): string {
  let rest = Math.round(Math.abs(ms) / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return (ms < 0 ? '-' : '') + (parts.join('') || '0s');
}

/** A threshold zone as a reader says it: `< 10`, `>= 1 and <= 5`, `< 1 or > 5`, `!= 5`, `= 0`. */
export function zoneText(zone: Zone, format: (value: number) => string = String): string {
  const lower =
    zone.gt !== undefined
      ? `> ${format(zone.gt)}`
      : zone.gte !== undefined
        ? `>= ${format(zone.gte)}`
        : undefined;
  const upper =
    zone.lt !== undefined
      ? `< ${format(zone.lt)}`
      : zone.lte !== undefined
        ? `<= ${format(zone.lte)}`
        : undefined;
  // `= 5` fails outside {5}: above or below the same number.
  if (zone.union && zone.gt !== undefined && zone.gt === zone.lt) return `!= ${format(zone.gt)}`;
  // `!= 0` fails on the one number.
  if (!zone.union && zone.gte !== undefined && zone.gte === zone.lte) return `= ${format(zone.gte)}`;
  if (lower && upper) return zone.union ? `${upper} or ${lower}` : `${lower} and ${upper}`;
  return lower ?? upper ?? 'never';
}

/** Freshness is measured in milliseconds and read as an age. */
export function isFreshness(check: Pick<CheckResult, 'check'>): boolean {
  return check.check.kind === 'freshness';
}

/** A check's thresholds: `fail when > 10; warn when > 5`; empty for a check without any. */
export function thresholdText(check: Pick<CheckResult, 'check' | 'fail' | 'warn'>): string {
  // Freshness keeps its zones on the check, in milliseconds (its Cloud diagnostics carry none, as Soda's).
  const freshness = check.check.kind === 'freshness' ? check.check : undefined;
  const zones = freshness ?? check;
  const format = freshness ? formatAge : String;
  const parts: string[] = [];
  if (zones.fail) parts.push(`fail when ${zoneText(zones.fail, format)}`);
  if (zones.warn) parts.push(`warn when ${zoneText(zones.warn, format)}`);
  return parts.join('; ');
}
