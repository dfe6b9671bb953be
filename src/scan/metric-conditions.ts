/**
 * The SQL conditions behind missing and validity configuration, as Soda Core builds them
 * (sodacl.md §1.4), with Soda's pitfalls fixed: every configured key takes part, and
 * `include null` widens only invalid_count.
 */
import type { Dialect } from '../connectors/dialect.js';
import { decimalSeparatorOf, formatRegex, isNumericFormat } from '../sodacl/formats.js';
import type { ListValue, MissingValidConfig } from '../sodacl/model.js';

function inList(dialect: Dialect, column: string, values: ListValue[] | undefined): string | undefined {
  if (!values || values.length === 0) return undefined;
  return `${column} IN (${values.map((value) => dialect.literal(value)).join(', ')})`;
}

function matchesFormat(dialect: Dialect, column: string, format: string | undefined): string | undefined {
  if (!format) return undefined;
  const regex = formatRegex(format);
  // The parser rejects unknown formats; reaching here without one is a programming error.
  if (regex === undefined) throw new Error(`Unknown format ${format}`);
  return dialect.regexMatches(column, regex);
}

function matchesRegex(dialect: Dialect, column: string, regex: string | undefined): string | undefined {
  return regex === undefined ? undefined : dialect.regexMatches(column, regex);
}

const or = (parts: Array<string | undefined>) => {
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length === 0 ? undefined : present.map((part) => `(${part})`).join(' OR ');
};
const and = (parts: Array<string | undefined>) => {
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length === 0 ? undefined : present.map((part) => `(${part})`).join(' AND ');
};

export interface ColumnConditions {
  missing: string;
  /** The AND of the valid-* clauses, when any is configured. */
  valid?: string;
  /** The OR of the invalid-* clauses, when any is configured. */
  invalid?: string;
}

export function columnConditions(
  dialect: Dialect,
  column: string,
  config: MissingValidConfig = {},
): ColumnConditions {
  const missing =
    or([
      `${column} IS NULL`,
      inList(dialect, column, config.missingValues),
      matchesFormat(dialect, column, config.missingFormat),
      matchesRegex(dialect, column, config.missingRegex),
    ]) ?? `${column} IS NULL`;
  const length = (op: string, n: number | undefined) =>
    n === undefined ? undefined : `${dialect.length(column)} ${op} ${n}`;
  // A numeric format means the column holds numbers as text: compare its numeric value.
  const numeric =
    config.validFormat && isNumericFormat(config.validFormat)
      ? dialect.textToNumber(column, decimalSeparatorOf(config.validFormat))
      : column;
  const bound = (op: string, n: number | undefined) =>
    n === undefined ? undefined : `${numeric} ${op} ${n}`;
  const valid = and([
    inList(dialect, column, config.validValues),
    matchesFormat(dialect, column, config.validFormat),
    matchesRegex(dialect, column, config.validRegex),
    length('=', config.validLength),
    length('>=', config.validMinLength),
    length('<=', config.validMaxLength),
    bound('>=', config.validMin),
    bound('<=', config.validMax),
  ]);
  const invalid = or([
    matchesFormat(dialect, column, config.invalidFormat),
    inList(dialect, column, config.invalidValues),
    matchesRegex(dialect, column, config.invalidRegex),
  ]);
  return { missing, valid, invalid };
}

/** Rows counted by invalid_count; undefined when no validity is configured (nothing can be invalid). */
export function invalidCondition(
  c: ColumnConditions,
  column: string,
  includeNull: boolean,
): string | undefined {
  const bad =
    c.valid && c.invalid ? `NOT (${c.valid}) OR (${c.invalid})` : c.valid ? `NOT (${c.valid})` : c.invalid;
  if (bad === undefined) return undefined;
  const condition = `NOT (${c.missing}) AND (${bad})`;
  return includeNull ? `(${condition}) OR ${column} IS NULL` : condition;
}

/** Rows counted by valid_count: not missing, and valid (or not invalid). NULLs are never valid. */
export function validCondition(c: ColumnConditions): string {
  if (c.valid) return `NOT (${c.missing}) AND (${c.valid})`;
  if (c.invalid) return `NOT (${c.missing}) AND NOT (${c.invalid})`;
  return `NOT (${c.missing})`;
}
