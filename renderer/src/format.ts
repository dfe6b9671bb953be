/** Display helpers: durations, sizes, times, outcomes. Thresholds come in words with each result (`thresholdText`). */
import type { DestinationKind, Outcome } from '../../src/api/desktop/contract.js';
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

/** A destination as every screen names it. */
export const DESTINATION_NAMES: Record<DestinationKind, string> = {
  soda_cloud: 'Soda Cloud',
  webhook: 'Webhook',
  file: 'File export',
};

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
