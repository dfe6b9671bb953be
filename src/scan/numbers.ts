/** Database values → check values. Aggregates arrive as numbers, numeric strings (bigint, numeric) or NULL. */
import type { Computed } from './computation.js';

export type NumericOutcome = { value: number | null } | { error: string };

export function toNumber(raw: unknown): NumericOutcome {
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === 'number') return { value: raw };
  if (typeof raw === 'bigint') return { value: Number(raw) };
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)))
    return { value: Number(raw) };
  // A Date would print as "Tue Jun 23 2020 00:00:00 GMT+0000 (…)"; ISO is what the user's database shows.
  const shown = raw instanceof Date && !Number.isNaN(raw.getTime()) ? raw.toISOString() : String(raw);
  return {
    error:
      `the database returned a value that is not a number: ${JSON.stringify(shown).slice(0, 80)}. ` +
      'Thresholds compare numbers: use a numeric column (for dates and timestamps, freshness(column))',
  };
}

/** A computed value as a number, or the error that prevented it. */
export function numberOf(computed: Computed | undefined): NumericOutcome {
  if (!computed) return { error: 'the metric was not computed' };
  if ('error' in computed) return computed;
  return toNumber(computed.value);
}

/** Soda's derived percentage: count × 100 ÷ rows, rounded to 2 decimals; 0 when there are no rows. */
export function percentOf(count: number, rows: number): number {
  if (rows === 0) return 0;
  return Math.round(((count * 100) / rows) * 100) / 100;
}

/** A count as a percentage of a row count, carrying either one's error or NULL. */
export function percentage(count: NumericOutcome, rows: NumericOutcome): NumericOutcome {
  if ('error' in count) return count;
  if ('error' in rows) return rows;
  if (count.value === null || rows.value === null) return { value: null };
  return { value: percentOf(count.value, rows.value) };
}
