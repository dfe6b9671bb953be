/** Freshness durations: `1d`, `24h`, `1d1h`, `24h10m`, `90s` (Soda's units d, h, m, s; whole numbers). */

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string; index: number };

/**
 * Parses a duration written without spaces. Soda sums the parts in any order; so does this, but a part
 * without a unit or with a fraction is an error here (Soda fails on it with an unclear message).
 */
export function parseDuration(text: string): DurationResult {
  if (text === '')
    return { ok: false, message: 'Expected a duration such as 1d, 6h, 1d12h or 30m', index: 0 };
  const part = /(\d+)([a-zA-Z]?)/y;
  let ms = 0;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const match = part.exec(text);
    if (!match) {
      return {
        ok: false,
        message: `Expected a duration such as 1d, 6h, 1d12h or 30m but found "${text.slice(index)}"`,
        index,
      };
    }
    const [whole, digits, unit] = match as unknown as [string, string, string];
    const factor = UNIT_MS[unit];
    if (factor === undefined) {
      const where = index + digits.length;
      return {
        ok: false,
        message:
          unit === ''
            ? `"${digits}" needs a unit: d (days), h (hours), m (minutes) or s (seconds)`
            : `Unknown duration unit "${unit}"; use d (days), h (hours), m (minutes) or s (seconds)`,
        index: where,
      };
    }
    ms += Number(digits) * factor;
    index += whole.length;
  }
  return { ok: true, ms };
}
