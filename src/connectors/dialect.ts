/**
 * SQL dialect: quoting and the few functions whose spelling differs between databases.
 * Identifiers are always quoted; values are always literals. Only SodaCL's own SQL fields
 * (filters, expressions, queries) are pasted as the user wrote them.
 */
import type { Identifier, ListValue } from '../sodacl/model.js';

export interface Dialect {
  readonly name: 'postgres' | 'snowflake';
  /** Quote an identifier; an unquoted one is first folded the way the database folds unquoted names. */
  identifier(id: Identifier): string;
  /** `schema.table`, each part quoted; a dotted dataset name brings its own schema (qualifiedParts). */
  table(dataset: Identifier, schema?: string): string;
  /** A string or number literal. */
  literal(value: ListValue): string;
  /** A boolean expression: does `expr` (as text) match the regular expression? */
  regexMatches(expr: string, regex: string): string;
  /** Character length of a text expression. */
  length(expr: string): string;
  /**
   * Turn a text value such as `1,234.50` or `-12%` into a number, NULL when it has no digits. `decimal` says which
   * character separates the decimals (the other one groups thousands and is dropped); `either` takes a `,` as a
   * decimal separator too (formats such as `decimal` accept `1.5` and `1,5`, with no thousands groups).
   */
  textToNumber(expr: string, decimal?: DecimalSeparator): string;
  /** The discrete percentile (`PERCENTILE_DISC`) of `expr`. */
  percentile(expr: string, fraction: number): string;
  /** Rows of (column name, data type) of a table, in column order, from the information schema. */
  schemaQuery(dataset: Identifier, schema: string | undefined): string;
  /**
   * Does a type written in a schema check (`when wrong column type: {id: int}`) name the type the information
   * schema reports? Case-insensitive, with the database's synonyms.
   */
  sameType(expected: string, actual: string): boolean;
  /** A date/time expression as ISO 8601 text, whatever the session's date style (NULL stays NULL). */
  isoText(expr: string): string;
  /** Rows of (table name) of every table and view in the schema, for `for each dataset`. */
  tablesQuery(schema: string | undefined): string;
  /**
   * How an unquoted name written in a check file is stored, where schema checks must match it against reported
   * column names (Snowflake: upper case); absent: names are compared as written.
   */
  foldName?(name: string): string;
  /**
   * Whether percentiles (ordered-set aggregates) get a table pass of their own: on PostgreSQL they make any query
   * holding them single-threaded; on Snowflake a second pass only costs a second scan.
   */
  readonly percentilesApart?: boolean;
}

/** Quote with double quotes, doubling embedded ones: the SQL standard, used by both databases. */
export function doubleQuote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A standard SQL string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return String(value);
}

/** Which character a numeric text format uses to separate decimals. */
export type DecimalSeparator = 'point' | 'comma' | 'either';

/**
 * The parts of an unquoted dataset name with dots (`checks for sales.orders`): it names its own schema (and on
 * Snowflake its database), as it does in Soda, so the data source's schema is not put in front of it. Undefined
 * for a plain or quoted name (`"sales.orders"` is one table whose name holds a dot).
 */
export function qualifiedParts(dataset: Identifier): Identifier[] | undefined {
  if (dataset.quoted || !dataset.name.includes('.')) return undefined;
  const parts = dataset.name.split('.').map((part) => part.trim());
  if (parts.some((part) => part === '')) return undefined;
  return parts.map((name) => ({ name, quoted: false }));
}
