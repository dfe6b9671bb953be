/**
 * Identifier case between the two engines. Snowflake stores unquoted names in UPPER case, PostgreSQL in lower
 * case; swapping the case of a name written entirely in one case maps each engine's canonical names onto the
 * other's (`ORDERS` ↔ `orders`, `"orders"` ↔ `"ORDERS"`), and leaves mixed-case names (`"Orders"`) as they are.
 */
import { doubleQuote } from '../../../src/connectors/dialect.js';

export function swapCase(name: string): string {
  const upper = name.toUpperCase();
  const lower = name.toLowerCase();
  if (upper === lower) return name;
  if (name === upper) return lower;
  if (name === lower) return upper;
  return name;
}

/** A Snowflake name (already resolved: unquoted names upper-cased) as a quoted PostgreSQL identifier. */
export function pgIdentifier(snowflakeName: string): string {
  return doubleQuote(swapCase(snowflakeName));
}

/** A name from an API call or a `USE` statement: `"Quoted"` keeps its case, anything else is upper-cased. */
export function resolveName(name: string): string {
  const quoted = /^"(.*)"$/s.exec(name.trim());
  return quoted ? (quoted[1] as string).replaceAll('""', '"') : name.trim().toUpperCase();
}

/** A PostgreSQL string literal (standard_conforming_strings is on in every supported version). */
export function pgString(value: string): string {
  if (value.includes('\0')) throw new Error('PostgreSQL text cannot hold a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}
