/**
 * Snowflake datetime formats (DATE_OUTPUT_FORMAT, TO_VARCHAR(x, fmt), …) as PostgreSQL `to_char` formats.
 * Most elements are spelled the same; the differences: fractional seconds beyond microseconds (FF7–FF9, and FF
 * which means nine digits), `HH` (24-hour in Snowflake, 12-hour in PostgreSQL), `MON`/`DY`/`MMMM` (mixed-case
 * names in Snowflake), and Snowflake's case-insensitive element names.
 */

/** Snowflake's session defaults, as its documentation lists them. */
export const DEFAULT_OUTPUT_FORMATS = {
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
} as const;

/** Elements longest first, so `HH24` is never read as `HH` followed by `24`. */
const ELEMENTS: ReadonlyArray<[string, string]> = [
  ['YYYY', 'YYYY'],
  ['MMMM', 'FMMonth'],
  ['HH24', 'HH24'],
  ['HH12', 'HH12'],
  ['TZHTZM', 'TZHTZM'],
  ['TZH', 'TZH'],
  ['TZM', 'TZM'],
  ['FF9', 'US"000"'],
  ['FF8', 'US"00"'],
  ['FF7', 'US"0"'],
  ['FF6', 'US'],
  ['FF5', 'FF5'],
  ['FF4', 'FF4'],
  ['FF3', 'MS'],
  ['FF2', 'FF2'],
  ['FF1', 'FF1'],
  ['FF0', ''],
  ['FF', 'US"000"'],
  ['MON', 'Mon'],
  ['DY', 'Dy'],
  ['YY', 'YY'],
  ['MM', 'MM'],
  ['DD', 'DD'],
  ['HH', 'HH24'],
  ['MI', 'MI'],
  ['SS', 'SS'],
  ['AM', 'AM'],
  ['PM', 'PM'],
];

export function snowflakeFormatToPostgres(format: string): string {
  if (format.trim().toUpperCase() === 'AUTO') return 'YYYY-MM-DD HH24:MI:SS.US';
  let out = '';
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch === '"') {
      const close = format.indexOf('"', i + 1);
      const end = close === -1 ? format.length : close + 1;
      out += format.slice(i, end);
      i = end;
      continue;
    }
    const rest = format.slice(i).toUpperCase();
    const element = ELEMENTS.find(([name]) => rest.startsWith(name));
    if (element) {
      out += element[1];
      i += element[0].length;
      continue;
    }
    // Letters that are not elements would be read as patterns by to_char: quote them.
    out += /[A-Za-z]/.test(ch) ? `"${ch}"` : ch;
    i++;
  }
  return out;
}
