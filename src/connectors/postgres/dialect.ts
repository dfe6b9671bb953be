import type { Identifier, ListValue } from '../../sodacl/model.js';
import { type Dialect, doubleQuote, numberLiteral, stringLiteral } from '../dialect.js';

/** PostgreSQL folds unquoted identifiers to lower case; `~` is an unanchored POSIX regex match. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  identifier: (id: Identifier) => doubleQuote(id.quoted ? id.name : id.name.toLowerCase()),
  table(dataset, schema) {
    const table = postgresDialect.identifier(dataset);
    return schema ? `${doubleQuote(schema)}.${table}` : table;
  },
  literal: (value: ListValue) => (typeof value === 'number' ? numberLiteral(value) : stringLiteral(value)),
  regexMatches: (expr, regex) => `(${expr})::text ~ ${stringLiteral(regex)}`,
  length: (expr) => `LENGTH((${expr})::text)`,
  textToNumber: (expr) =>
    `CAST(NULLIF(REGEXP_REPLACE((${expr})::text, '[^-0-9.]', '', 'g'), '') AS DOUBLE PRECISION)`,
  percentile: (expr, fraction) =>
    `PERCENTILE_DISC(${numberLiteral(fraction)}) WITHIN GROUP (ORDER BY ${expr})`,
  schemaQuery(dataset, schema) {
    const name = dataset.quoted ? dataset.name : dataset.name.toLowerCase();
    const inSchema = schema ? stringLiteral(schema) : 'current_schema()';
    return `SELECT column_name, data_type\nFROM information_schema.columns\nWHERE table_schema = ${inSchema} AND table_name = ${stringLiteral(name)}\nORDER BY ordinal_position`;
  },
};
