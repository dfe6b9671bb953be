/**
 * ISO 8601 timestamps to microseconds, and back to the text Python's `str()` gives datetimes and timedeltas, which
 * is what Soda Cloud's freshness diagnostics carry. Microseconds, not a JS Date: PostgreSQL timestamps and Soda's
 * "end of a DATE day" (23:59:59.999999) need them.
 */

export interface Timestamp {
  /** Microseconds since 1970-01-01T00:00:00 UTC. */
  utcMicros: number;
  /** The offset written with the text, in seconds east of UTC; undefined for naive text (taken as UTC, as Soda). */
  offsetSeconds?: number;
  /** The text held a date only. */
  dateOnly: boolean;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?))?)?$/i;

/** Days since 1970-01-01 of a proleptic Gregorian date (no two-digit-year surprise as with Date.UTC). */
function epochDays(year: number, month: number, day: number): number | undefined {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return Math.round(date.getTime() / 86_400_000);
}

function offsetOf(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replaceAll(':', '');
  const seconds =
    Number(digits.slice(0, 2)) * 3600 +
    Number(digits.slice(2, 4) || 0) * 60 +
    Number(digits.slice(4, 6) || 0);
  return text.startsWith('-') ? -seconds : seconds;
}

/** `2020-06-24`, `2020-06-24T12:00:00`, `2020-06-24 12:00:00.123456+02:00`, `…Z`; undefined when not one. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const days = epochDays(Number(y), Number(mo), Number(d));
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)];
  if (days === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  // Beyond microseconds is rounded off, as PostgreSQL and Python keep no more.
  const micros = fraction ? Math.round(Number(`0.${fraction}`) * 1e6) : 0;
  const offsetSeconds = offset === undefined ? undefined : offsetOf(offset);
  if (offsetSeconds !== undefined && Math.abs(offsetSeconds) >= 86_400) return undefined;
  const wall = ((days * 24 + hour) * 60 + minute) * 60 + second;
  return {
    utcMicros: (wall - (offsetSeconds ?? 0)) * 1e6 + micros,
    ...(offsetSeconds === undefined ? {} : { offsetSeconds }),
    dateOnly: h === undefined,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Python's `str(datetime)`: `2020-06-24 00:04:10[.ffffff][+HH:MM[:SS]]`, the offset only when it has one. */
export function pythonDatetime(utcMicros: number, offsetSeconds?: number): string {
  const localMicros = utcMicros + (offsetSeconds ?? 0) * 1e6;
  const micros = ((localMicros % 1e6) + 1e6) % 1e6;
  const date = new Date((localMicros - micros) / 1000);
  const text =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    (micros === 0 ? '' : `.${pad(micros, 6)}`);
  if (offsetSeconds === undefined) return text;
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const seconds = abs % 60;
  return `${text}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}${seconds ? `:${pad(seconds)}` : ''}`;
}

/** Python's `str(timedelta)`: `11:55:50`, `1 day, 2:03:04`, `-1 day, 23:59:59.500000`. */
export function pythonTimedelta(micros: number): string {
  const dayMicros = 86_400 * 1e6;
  const days = Math.floor(micros / dayMicros);
  const rest = micros - days * dayMicros;
  const seconds = Math.floor(rest / 1e6);
  const fraction = Math.round(rest - seconds * 1e6);
  const clock = `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  const dayText = days === 0 ? '' : `${days} day${Math.abs(days) === 1 ? '' : 's'}, `;
  return `${dayText}${clock}${fraction === 0 ? '' : `.${pad(fraction, 6)}`}`;
}
