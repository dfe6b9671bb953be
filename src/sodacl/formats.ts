/**
 * Soda's named formats (`valid format: email`, …) as regular expressions.
 *
 * The patterns follow Soda Core's `FormatHelper.build_default_formats` (v3), written so that one string works
 * unchanged in PostgreSQL `~` (POSIX ARE), Snowflake `REGEXP_LIKE` and JavaScript `RegExp`:
 * - no backslashes at all: `\d` is `[0-9]`, `\.` is `[.]`, `\s` is a space. A backslash is an escape in Snowflake
 *   string literals and means different things inside brackets in ARE and ERE; avoiding it sidesteps both.
 * - every pattern is anchored as a whole (`^(…)$`), so Postgres (which searches) and Snowflake (which matches
 *   the whole value) agree.
 * Where Soda's pattern is plainly wrong, it is fixed (see the notes at the patterns), not copied.
 */

const SPACES = ' *';
const SIGN = '[-+]?';
const PLUS = '[+]?';
const MINUS = '-';
const DIGITS = '[0-9]+';
const DECIMAL_POINT_COMMA = '([0-9]+([.,][0-9]+)?|([.,][0-9]+))';
const DECIMAL_POINT = '([0-9]+([.][0-9]+)?|([.][0-9]+))';
const DECIMAL_COMMA = '([0-9]+(,[0-9]+)?|(,[0-9]+))';
const ZERO_INTEGER = '0+';
const ZERO_POINT_COMMA = '(0+([.,]0+)?|([.,]0+))';
const ZERO_POINT = '(0+([.]0+)?|([.]0+))';
const ZERO_COMMA = '(0+(,0+)?|(,0+))';
// Soda writes the decimal separator of `money point` as an unescaped `.` (any character); here it is a point.
const MONEY_POINT = '[0-9]{1,3}(,[0-9]{3})*([.][0-9]+)?';
const MONEY_COMMA = '[0-9]{1,3}([.][0-9]{3})*(,[0-9]+)?';
const CURRENCY = '([A-Z]{3}|[a-z]{3})';

const DAY = '([1-9]|[012][0-9]|3[01])';
const MONTH = '([1-9]|0[1-9]|1[012])';
const YEAR = '(19|20)?[0-9]{2}';
const DATE_SEPARATOR = '[-./]';
const HOUR_24 = '(0?[0-9]|[01][0-9]|2[0-3])';
const HOUR_12 = '(0?[0-9]|1[0-2])';
const MINUTE = '[0-5]?[0-9]';
const SECOND = '[0-5]?[0-9]([.,][0-9]+)?';
const YEAR_4 = '(19|20)[0-9]{2}';
// Soda's ISO 8601 month is (0[0-9]|1[12]) and its hour (0[0-9]|1[012]), which reject October and every
// afternoon; these accept months 01–12 and hours 00–23.
const MONTH_2 = '(0[1-9]|1[012])';
const DAY_2 = '([012][0-9]|3[01])';
const HOUR_2 = '([01][0-9]|2[0-3])';
const MINUTE_2 = '[0-5][0-9]';

const HEX = '[0-9a-fA-F]';
const IPV4_OCTET = '(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])';
const IPV4_EMBEDDED = `(${IPV4_OCTET}[.]){3,3}${IPV4_OCTET}`;
const IPV6 = [
  `(${HEX}{1,4}:){7,7}${HEX}{1,4}`,
  `(${HEX}{1,4}:){1,7}:`,
  `(${HEX}{1,4}:){1,6}:${HEX}{1,4}`,
  `(${HEX}{1,4}:){1,5}(:${HEX}{1,4}){1,2}`,
  `(${HEX}{1,4}:){1,4}(:${HEX}{1,4}){1,3}`,
  `(${HEX}{1,4}:){1,3}(:${HEX}{1,4}){1,4}`,
  `(${HEX}{1,4}:){1,2}(:${HEX}{1,4}){1,5}`,
  `${HEX}{1,4}:((:${HEX}{1,4}){1,6})`,
  `:((:${HEX}{1,4}){1,7}|:)`,
  `fe80:(:${HEX}{0,4}){0,4}%[0-9a-zA-Z]{1,}`,
  `::(ffff(:0{1,4}){0,1}:){0,1}${IPV4_EMBEDDED}`,
  `(${HEX}{1,4}:){1,4}:${IPV4_EMBEDDED}`,
].join('|');
const EMAIL_CHARS = 'a-zA-ZÀ-ÿĀ-ſƀ-ȳ0-9._%';

/** `^ *BODY *$` with the body grouped, so an alternation inside cannot escape the anchors. */
function spaced(body: string): string {
  return `^${SPACES}(${body})${SPACES}$`;
}

function anchored(body: string): string {
  return `^(${body})$`;
}

const NUMERIC_FORMATS: Record<string, string> = {
  integer: spaced(`${SIGN}${SPACES}${DIGITS}`),
  'positive integer': spaced(`${PLUS}${SPACES}${DIGITS}`),
  'negative integer': spaced(`${MINUS}${SPACES}${DIGITS}|${ZERO_INTEGER}`),
  decimal: spaced(`${SIGN}${SPACES}${DECIMAL_POINT_COMMA}`),
  'positive decimal': spaced(`${PLUS}${SPACES}${DECIMAL_POINT_COMMA}`),
  'negative decimal': spaced(`${MINUS}${SPACES}${DECIMAL_POINT_COMMA}|${ZERO_POINT_COMMA}`),
  'decimal point': spaced(`${SIGN}${SPACES}${DECIMAL_POINT}`),
  'positive decimal point': spaced(`${PLUS}${SPACES}${DECIMAL_POINT}`),
  'negative decimal point': spaced(`${MINUS}${SPACES}${DECIMAL_POINT}|${ZERO_POINT}`),
  'decimal comma': spaced(`${SIGN}${SPACES}${DECIMAL_COMMA}`),
  'positive decimal comma': spaced(`${PLUS}${SPACES}${DECIMAL_COMMA}`),
  'negative decimal comma': spaced(`${MINUS}${SPACES}${DECIMAL_COMMA}|${ZERO_COMMA}`),
  percentage: spaced(`${SIGN}${SPACES}${DECIMAL_POINT_COMMA}${SPACES}%`),
  'positive percentage': spaced(`${PLUS}${SPACES}${DECIMAL_POINT_COMMA}${SPACES}%`),
  'negative percentage': spaced(`(${MINUS}${SPACES}${DECIMAL_POINT_COMMA}|${ZERO_POINT_COMMA})${SPACES}%`),
  'percentage point': spaced(`${SIGN}${SPACES}${DECIMAL_POINT}${SPACES}%`),
  'positive percentage point': spaced(`${PLUS}${SPACES}${DECIMAL_POINT}${SPACES}%`),
  'negative percentage point': spaced(`(${MINUS}${SPACES}${DECIMAL_POINT}|${ZERO_POINT})${SPACES}%`),
  'percentage comma': spaced(`${SIGN}${SPACES}${DECIMAL_COMMA}${SPACES}%`),
  'positive percentage comma': spaced(`${PLUS}${SPACES}${DECIMAL_COMMA}${SPACES}%`),
  'negative percentage comma': spaced(`(${MINUS}${SPACES}${DECIMAL_COMMA}|${ZERO_COMMA})${SPACES}%`),
  money: spaced(`${SIGN}${SPACES}${DECIMAL_POINT_COMMA}${SPACES}${CURRENCY}`),
  'money point': spaced(`${SIGN}${SPACES}${MONEY_POINT}${SPACES}${CURRENCY}`),
  'money comma': spaced(`${SIGN}${SPACES}${MONEY_COMMA}${SPACES}${CURRENCY}`),
};

const OTHER_FORMATS: Record<string, string> = {
  'date us': spaced(`${MONTH}${DATE_SEPARATOR}${DAY}${DATE_SEPARATOR}${YEAR}`),
  'date eu': spaced(`${DAY}${DATE_SEPARATOR}${MONTH}${DATE_SEPARATOR}${YEAR}`),
  'date inverse': spaced(`${YEAR}${DATE_SEPARATOR}${MONTH}${DATE_SEPARATOR}${DAY}`),
  'date iso 8601': spaced(
    `${YEAR_4}-?(${MONTH_2}-?${DAY_2}|W[0-5][0-9](-?[1-7])?|[0-3][0-9][0-9])` +
      `([ T]${HOUR_2}(:?${MINUTE_2}(:?${MINUTE_2}([.,][0-9]+)?)?)?([+-]${HOUR_2}:?${MINUTE_2}|Z)?)?`,
  ),
  'time 24h': spaced(`${HOUR_24}:${MINUTE}(:${SECOND})?`),
  'time 24h nosec': spaced(`${HOUR_24}:${MINUTE}`),
  'time 12h': spaced(`${HOUR_12}:${MINUTE}(:${SECOND})?`),
  'time 12h nosec': spaced(`${HOUR_12}:${MINUTE}`),
  'timestamp 24h': spaced(`${HOUR_24}:${MINUTE}:${SECOND}`),
  'timestamp 12h': spaced(`${HOUR_12}:${MINUTE}:${SECOND}`),
  uuid: anchored(`${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`),
  'ip address': anchored('[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}'),
  'ipv4 address': anchored('[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}'),
  'ipv6 address': anchored(IPV6),
  email: anchored(`[${EMAIL_CHARS}+-]+@[${EMAIL_CHARS}-]+[.][A-Za-z]{2,4}`),
  // Soda's `\s` is a space here (phone numbers do not hold tabs or newlines).
  'phone number': anchored('(([+][0-9]{1,2} )?[(]?[0-9]{3}[)]?[ .-])?[0-9]{3}[ .-][0-9]{4}'),
  // Soda's pattern lacks the group around its alternatives, so only the first is anchored at the start and only
  // the last at the end ("abc" followed by 15 digits passes on Postgres); grouped here.
  'credit card number': anchored('[0-9]{14,19}|([0-9]{4}-){3}[0-9]{4}|([0-9]{4} ){3}[0-9]{4}'),
};

const FORMATS: Record<string, string> = { ...NUMERIC_FORMATS, ...OTHER_FORMATS };

/** Every format name, in Soda's order. */
export const FORMAT_NAMES: readonly string[] = Object.freeze(Object.keys(FORMATS));

/** The regex of a named format, or undefined for an unknown name (names are exact, as in Soda). */
export function formatRegex(name: string): string | undefined {
  return Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
}

/** Numeric formats make `valid min`/`valid max` compare the text cast to a number. */
export function isNumericFormat(name: string): boolean {
  return Object.hasOwn(NUMERIC_FORMATS, name);
}

/**
 * The decimal separator of a numeric format's values: `… comma` formats write 1.234,5 and `… point` formats
 * 1,234.5; the others (`decimal`, `percentage`, `money`, …) take one separator, `.` or `,`, and no thousands
 * groups, so a `,` there is a decimal separator (1,5 is one and a half, not 15).
 */
export function decimalSeparatorOf(name: string): 'point' | 'comma' | 'either' {
  if (name.endsWith('comma')) return 'comma';
  if (name.endsWith('point') || name.includes('integer')) return 'point';
  return 'either';
}
