import type { Identifier, ListValue } from '../../sodacl/model.js';
import { type Dialect, doubleQuote, numberLiteral, qualifiedParts, stringLiteral } from '../dialect.js';

/** PostgreSQL's own type synonyms → the name `information_schema.columns.data_type` reports. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  bool: 'boolean',
  float4: 'real',
  float: 'double precision',
  float8: 'double precision',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  varbit: 'bit varying',
};

/**
 * Soda's looser aliases (`SCHEMA_CHECK_TYPES_MAPPING` of its base DataSource, which Postgres inherits): a reported
 * type → written names that also pass. Kept so that check files passing in Soda pass here too.
 */
const SODA_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'character varying': ['text'],
  'double precision': ['decimal'],
};

const normalType = (type: string) => type.trim().toLowerCase().replace(/\s+/g, ' ');
const canonicalType = (type: string) =>
  Object.hasOwn(TYPE_NAMES, type) ? (TYPE_NAMES[type] as string) : type;

/** PostgreSQL folds unquoted identifiers to lower case; `~` is an unanchored POSIX regex match. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  percentilesApart: true,
  identifier: (id: Identifier) => doubleQuote(id.quoted ? id.name : id.name.toLowerCase()),
  table(dataset, schema) {
    const parts = qualifiedParts(dataset);
    if (parts) return parts.map(postgresDialect.identifier).join('.');
    const table = postgresDialect.identifier(dataset);
    return schema ? `${doubleQuote(schema)}.${table}` : table;
  },
  literal: (value: ListValue) => (typeof value === 'number' ? numberLiteral(value) : stringLiteral(value)),
  regexMatches: (expr, regex) => `(${expr})::text ~ ${stringLiteral(regex)}`,
  length: (expr) => `LENGTH((${expr})::text)`,
  textToNumber: (expr, decimal = 'point') => {
    const kept = decimal === 'point' ? '.' : decimal === 'comma' ? ',' : '.,';
    const digits = `REGEXP_REPLACE((${expr})::text, '[^-0-9${kept}]', '', 'g')`;
    const text = decimal === 'point' ? digits : `REPLACE(${digits}, ',', '.')`;
    return `CAST(NULLIF(${text}, '') AS DOUBLE PRECISION)`;
  },
  percentile: (expr, fraction) =>
    `PERCENTILE_DISC(${numberLiteral(fraction)}) WITHIN GROUP (ORDER BY ${expr})`,
  schemaQuery(dataset, schema) {
    const parts = qualifiedParts(dataset);
    const own = parts?.at(-2)?.name.toLowerCase();
    const name = parts
      ? (parts.at(-1) as Identifier).name.toLowerCase()
      : dataset.quoted
        ? dataset.name
        : dataset.name.toLowerCase();
    const inSchema = own ? stringLiteral(own) : schema ? stringLiteral(schema) : 'current_schema()';
    return `SELECT column_name, data_type\nFROM information_schema.columns\nWHERE table_schema = ${inSchema} AND table_name = ${stringLiteral(name)}\nORDER BY ordinal_position`;
  },
  tablesQuery(schema) {
    const inSchema = schema ? stringLiteral(schema) : 'current_schema()';
    return `SELECT table_name\nFROM information_schema.tables\nWHERE table_schema = ${inSchema}\nORDER BY table_name`;
  },
  sameType(expected, actual) {
    const written = normalType(expected);
    const reported = normalType(actual);
    if (canonicalType(written) === canonicalType(reported)) return true;
    return (
      Object.hasOwn(SODA_ALIASES, reported) && (SODA_ALIASES[reported] as readonly string[]).includes(written)
    );
  },
  // JSON renders dates and timestamps in ISO 8601 whatever DateStyle says; timestamptz carries its offset.
  isoText: (expr) => `to_json(${expr}) #>> '{}'`,
};
