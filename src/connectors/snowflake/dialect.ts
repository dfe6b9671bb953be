/**
 * The Snowflake dialect.
 *
 * Snowflake functions and forms this dialect emits (the test server supports each of them):
 * - `REGEXP_LIKE(COLLATE(TO_VARCHAR(x), ''), '.*(re).*', 's')`: REGEXP_LIKE matches the WHOLE value, PostgreSQL's
 *   `~` searches; wrapping the pattern in `.*(…).*` with the `s` flag (`.` matches newlines, as in PostgreSQL)
 *   gives a check file the same outcome on both (Soda itself differs: sodacl.md §1.4). `COLLATE(…, '')` drops a
 *   column's collation, which REGEXP_LIKE refuses.
 * - `LENGTH(TO_VARCHAR(x))`; `TO_VARCHAR(x)` of dates and timestamps, which the connector's session output
 *   formats make ISO 8601 (`YYYY-MM-DD`, `YYYY-MM-DD"T"HH24:MI:SS.FF9[TZH:TZM]`).
 * - `CAST(NULLIF(REGEXP_REPLACE(TO_VARCHAR(x), '[^-0-9.]', ''), '') AS DOUBLE PRECISION)`: REGEXP_REPLACE
 *   replaces every match (PostgreSQL needs the `g` flag for that).
 * - `PERCENTILE_DISC(f) WITHIN GROUP (ORDER BY x)`; MIN, MAX, AVG, SUM, COUNT, STDDEV, STDDEV_POP, STDDEV_SAMP,
 *   VARIANCE, VAR_POP, VAR_SAMP (emitted by the scan, same names as PostgreSQL).
 * - `information_schema.columns` / `information_schema.tables` of the current database, `CURRENT_SCHEMA()`.
 *
 * String literals: Snowflake reads backslash escapes in single-quoted strings (`'\\d'` is `\d`), so backslashes
 * are doubled and quotes doubled; PostgreSQL reads the same text as an `E'…'` literal.
 * Identifiers: unquoted names fold to UPPER case; every identifier is emitted double-quoted after folding.
 */
import type { Identifier, ListValue } from '../../sodacl/model.js';
import { type Dialect, doubleQuote, numberLiteral, qualifiedParts } from '../dialect.js';

/** A Snowflake string literal: backslashes and single quotes escaped. */
export function snowflakeString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/**
 * A name from configuration.yml (database, schema, warehouse, role) as Snowflake resolves it: folded to upper case
 * unless written in double quotes (`'"Mixed Case"'`), which keep it as it is.
 */
export function configuredName(name: string): string {
  const quoted = /^"(.*)"$/s.exec(name);
  return quoted ? (quoted[1] as string).replaceAll('""', '"') : name.toUpperCase();
}

const folded = (id: Identifier) => (id.quoted ? id.name : id.name.toUpperCase());

/**
 * The type families Snowflake's information schema reports (`data_type`), with every name a column may be
 * declared with and Soda's aliases (its SnowflakeDataSource SCHEMA_CHECK_TYPES_MAPPING): `INT` columns report
 * NUMBER, `VARCHAR` ones TEXT, `TIMESTAMP` ones TIMESTAMP_NTZ (the default TIMESTAMP_TYPE_MAPPING).
 */
const TYPE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  NUMBER: ['NUMBER', 'DECIMAL', 'NUMERIC', 'INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT'],
  FLOAT: ['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'DOUBLE PRECISION', 'REAL'],
  TEXT: [
    'TEXT',
    'VARCHAR',
    'STRING',
    'CHAR',
    'CHARACTER',
    'CHAR VARYING',
    'CHARACTER VARYING',
    'NCHAR',
    'NCHAR VARYING',
    'NVARCHAR',
    'NVARCHAR2',
  ],
  BINARY: ['BINARY', 'VARBINARY'],
  BOOLEAN: ['BOOLEAN', 'BOOL'],
  DATE: ['DATE'],
  TIME: ['TIME'],
  TIMESTAMP_NTZ: ['TIMESTAMP_NTZ', 'TIMESTAMPNTZ', 'TIMESTAMP WITHOUT TIME ZONE', 'DATETIME', 'TIMESTAMP'],
  TIMESTAMP_LTZ: ['TIMESTAMP_LTZ', 'TIMESTAMPLTZ', 'TIMESTAMP WITH LOCAL TIME ZONE'],
  TIMESTAMP_TZ: ['TIMESTAMP_TZ', 'TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE'],
  VARIANT: ['VARIANT'],
  OBJECT: ['OBJECT'],
  ARRAY: ['ARRAY'],
  GEOGRAPHY: ['GEOGRAPHY'],
  GEOMETRY: ['GEOMETRY'],
  VECTOR: ['VECTOR'],
};

/** Upper case, single spaces, parameters dropped: `varchar(255)` and `NUMBER(38, 0)` name their family. */
const normalType = (type: string) =>
  type
    .replace(/\(.*\)/s, '')
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ');

function familyOf(type: string): string {
  const name = normalType(type);
  for (const [family, names] of Object.entries(TYPE_FAMILIES)) if (names.includes(name)) return family;
  return name;
}

function inSchema(schema: string | undefined): string {
  return schema ? snowflakeString(configuredName(schema)) : 'CURRENT_SCHEMA()';
}

export const snowflakeDialect: Dialect = {
  name: 'snowflake',
  identifier: (id) => doubleQuote(folded(id)),
  table(dataset, schema) {
    const parts = qualifiedParts(dataset);
    if (parts) return parts.map(snowflakeDialect.identifier).join('.');
    const table = snowflakeDialect.identifier(dataset);
    return schema ? `${doubleQuote(configuredName(schema))}.${table}` : table;
  },
  literal: (value: ListValue) => (typeof value === 'number' ? numberLiteral(value) : snowflakeString(value)),
  regexMatches: (expr, regex) =>
    `REGEXP_LIKE(COLLATE(TO_VARCHAR(${expr}), ''), ${snowflakeString(`.*(${regex}).*`)}, 's')`,
  length: (expr) => `LENGTH(TO_VARCHAR(${expr}))`,
  textToNumber: (expr, decimal = 'point') => {
    const kept = decimal === 'point' ? '.' : decimal === 'comma' ? ',' : '.,';
    const digits = `REGEXP_REPLACE(TO_VARCHAR(${expr}), '[^-0-9${kept}]', '')`;
    const text = decimal === 'point' ? digits : `REPLACE(${digits}, ',', '.')`;
    return `CAST(NULLIF(${text}, '') AS DOUBLE PRECISION)`;
  },
  percentile: (expr, fraction) =>
    `PERCENTILE_DISC(${numberLiteral(fraction)}) WITHIN GROUP (ORDER BY ${expr})`,
  schemaQuery(dataset, schema) {
    const parts = qualifiedParts(dataset);
    if (parts) {
      // database.schema.table reads that database's information schema.
      const [database] = parts.length > 2 ? parts : [];
      const catalog = database
        ? `${snowflakeDialect.identifier(database)}.information_schema`
        : 'information_schema';
      const own = snowflakeString(folded(parts.at(-2) as Identifier));
      const table = snowflakeString(folded(parts.at(-1) as Identifier));
      return `SELECT column_name, data_type\nFROM ${catalog}.columns\nWHERE table_schema = ${own} AND table_name = ${table}\nORDER BY ordinal_position`;
    }
    return `SELECT column_name, data_type\nFROM information_schema.columns\nWHERE table_schema = ${inSchema(schema)} AND table_name = ${snowflakeString(folded(dataset))}\nORDER BY ordinal_position`;
  },
  tablesQuery(schema) {
    return `SELECT table_name\nFROM information_schema.tables\nWHERE table_schema = ${inSchema(schema)}\nORDER BY table_name`;
  },
  sameType: (expected, actual) => familyOf(expected) === familyOf(actual),
  isoText: (expr) => `TO_VARCHAR(${expr})`,
  foldName: (name) => name.toUpperCase(),
};
