/** Snowflake result columns and values → the Connector's: type names as Snowflake spells them, numbers as pg's. */
import type { Column } from 'snowflake-sdk';

/** snowflake-sdk's wire type names → Snowflake's SQL type names. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  fixed: 'NUMBER',
  real: 'FLOAT',
  text: 'TEXT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  time: 'TIME',
  timestamp_ntz: 'TIMESTAMP_NTZ',
  timestamp_ltz: 'TIMESTAMP_LTZ',
  timestamp_tz: 'TIMESTAMP_TZ',
  variant: 'VARIANT',
  object: 'OBJECT',
  array: 'ARRAY',
  binary: 'BINARY',
  geography: 'GEOGRAPHY',
  geometry: 'GEOMETRY',
  vector: 'VECTOR',
};

export function snowflakeTypeName(wireType: string): string {
  return TYPE_NAMES[wireType.toLowerCase()] ?? wireType.toUpperCase();
}

/**
 * Numbers arrive as text (fetchAsString: a NUMBER(38,0) can exceed 2^53). As with pg: integers that fit a double
 * exactly and floats become numbers; other fixed-point values stay text, exactly as the database has them.
 */
export function columnValue(column: Column, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const type = column.getType().toLowerCase();
  if (type === 'real') return Number(value);
  if (type === 'fixed' && column.getScale() === 0) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}
