/**
 * Snowflake type names and date parts in PostgreSQL's terms: the column types of CAST, TRY_CAST, `::` and CREATE
 * TABLE (Snowflake's integer types are all NUMBER(38, 0); its CHAR(n) is a VARCHAR(n); VARIANT, OBJECT, ARRAY and
 * TIMESTAMP_LTZ become the compat schema's domains), and the unit names of DATEADD/DATEDIFF/DATE_TRUNC/DATE_PART.
 */
import { COMPAT_DOMAINS } from './compat-sql.js';
import { SqlSyntaxError } from './tokenizer.js';

const UNIT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  year: ['Y', 'YY', 'YYY', 'YYYY', 'YR', 'YRS', 'YEAR', 'YEARS'],
  quarter: ['Q', 'QTR', 'QTRS', 'QUARTER', 'QUARTERS'],
  month: ['MM', 'MON', 'MONS', 'MONTH', 'MONTHS'],
  week: ['W', 'WK', 'WEEK', 'WEEKS', 'WEEKOFYEAR', 'WOY', 'WY'],
  day: ['D', 'DD', 'DAY', 'DAYS', 'DAYOFMONTH'],
  hour: ['H', 'HH', 'HR', 'HRS', 'HOUR', 'HOURS'],
  minute: ['M', 'MI', 'MIN', 'MINS', 'MINUTE', 'MINUTES'],
  second: ['S', 'SEC', 'SECS', 'SECOND', 'SECONDS'],
  millisecond: ['MS', 'MSEC', 'MILLISECOND', 'MILLISECONDS'],
  microsecond: ['US', 'USEC', 'MICROSECOND', 'MICROSECONDS'],
  dow: ['DAYOFWEEK', 'DOW', 'WEEKDAY', 'DW'],
  doy: ['DAYOFYEAR', 'DOY', 'YEARDAY', 'DY'],
  epoch: ['EPOCH', 'EPOCH_SECOND', 'EPOCH_SECONDS'],
};

export function dateUnit(part: string): string {
  const upper = part.toUpperCase();
  for (const [unit, aliases] of Object.entries(UNIT_ALIASES)) if (aliases.includes(upper)) return unit;
  throw new SqlSyntaxError(`invalid date or time part '${part}'`, 0);
}

/** A Snowflake type (upper-case name, rendered arguments) as PostgreSQL declares it. */
export function postgresType(name: string, args: readonly string[], compat: string): string {
  const withArgs = (base: string) => (args.length > 0 ? `${base}(${args.join(', ')})` : base);
  const domain = COMPAT_DOMAINS[name];
  if (domain) return `${compat}.${domain}`;
  switch (name) {
    case 'NUMBER':
    case 'NUMERIC':
    case 'DECIMAL':
      return args.length > 0 ? withArgs('NUMERIC') : 'NUMERIC(38, 0)';
    case 'INT':
    case 'INTEGER':
    case 'BIGINT':
    case 'SMALLINT':
    case 'TINYINT':
    case 'BYTEINT':
      return 'NUMERIC(38, 0)';
    case 'FLOAT':
    case 'FLOAT4':
    case 'FLOAT8':
    case 'DOUBLE':
    case 'REAL':
      return 'DOUBLE PRECISION';
    case 'VARCHAR':
    case 'NVARCHAR':
    case 'NVARCHAR2':
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR':
      // Snowflake's CHAR(n) is a VARCHAR(n): no blank padding.
      return args.length > 0
        ? withArgs('VARCHAR')
        : name.includes('CHAR') && !name.includes('VAR')
          ? 'VARCHAR(1)'
          : 'TEXT';
    case 'STRING':
    case 'TEXT':
      return args.length > 0 ? withArgs('VARCHAR') : 'TEXT';
    case 'BINARY':
    case 'VARBINARY':
      return 'BYTEA';
    case 'BOOL':
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return 'TIME';
    case 'DATETIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMPNTZ':
      return 'TIMESTAMP';
    case 'TIMESTAMP_TZ':
    case 'TIMESTAMPTZ':
      return 'TIMESTAMPTZ';
    default:
      return withArgs(name);
  }
}
