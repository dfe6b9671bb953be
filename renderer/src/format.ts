/** Display helpers: durations, sizes, times, thresholds, outcomes. */
import type { CheckResult, Outcome } from '../../src/api/desktop/contract.js';
import type { Tone } from './components/Badge.js';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en')} bytes)`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes.toLocaleString('en')} bytes)`;
}

/** A timestamp in the user's locale, with the ISO text kept for the tooltip. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value)
    ? value.toLocaleString('en')
    : value.toLocaleString('en', { maximumFractionDigits: 6 });
}

interface ZoneLike {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  union: boolean;
}

/** An age in milliseconds as freshness thresholds are written: `1d2h`, `15m`, `0s`. */
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

/** A threshold zone as a reader says it: `< 10`, `between 1 and 5`, `not between 1 and 5`. */
export function zoneText(zone: ZoneLike | undefined, format: (value: number) => string = String): string {
  if (!zone) return '';
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
  if (lower && upper) return zone.union ? `${lower} or ${upper}` : `${lower} and ${upper}`;
  return lower ?? upper ?? '';
}

/** A check's thresholds: `fail > 10; warn > 5`. */
export function thresholdText(check: CheckResult): string {
  // Freshness keeps its zones on the check, in milliseconds (its Cloud diagnostics carry none, as Soda's).
  const freshness = check.check.kind === 'freshness';
  const zones = check.check.kind === 'freshness' ? check.check : check;
  const format = freshness ? formatAge : String;
  const parts = [];
  if (zones.fail) parts.push(`fail ${zoneText(zones.fail, format)}`);
  if (zones.warn) parts.push(`warn ${zoneText(zones.warn, format)}`);
  return parts.join('; ');
}

export type OutcomeKey = Outcome | 'not-evaluated';

export const OUTCOME_LABELS: Record<OutcomeKey, string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  'not-evaluated': 'Not evaluated',
};

export const OUTCOME_TONES: Record<OutcomeKey, Tone> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  'not-evaluated': 'neutral',
};

export const outcomeKey = (outcome: Outcome | null): OutcomeKey => outcome ?? 'not-evaluated';

/** `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}
