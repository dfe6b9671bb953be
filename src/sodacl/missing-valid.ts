import { isScalar, isSeq, type Node } from 'yaml';
import type { FileContext } from './context.js';
import { FORMAT_NAMES, formatRegex } from './formats.js';
import type { ListValue, MissingValidConfig } from './model.js';
import { didYouMean } from './suggest.js';

type ValueType = 'values' | 'format' | 'regex' | 'number' | 'length' | 'boolean';

/** The missing/validity keys of Soda's MissingAndValidCfg, their model field and value type. */
const KEYS = {
  'missing values': { field: 'missingValues', type: 'values' },
  'missing format': { field: 'missingFormat', type: 'format' },
  'missing regex': { field: 'missingRegex', type: 'regex' },
  'valid values': { field: 'validValues', type: 'values' },
  'valid format': { field: 'validFormat', type: 'format' },
  'valid regex': { field: 'validRegex', type: 'regex' },
  'valid min': { field: 'validMin', type: 'number' },
  'valid max': { field: 'validMax', type: 'number' },
  'valid length': { field: 'validLength', type: 'length' },
  'valid min length': { field: 'validMinLength', type: 'length' },
  'valid max length': { field: 'validMaxLength', type: 'length' },
  'invalid values': { field: 'invalidValues', type: 'values' },
  'invalid format': { field: 'invalidFormat', type: 'format' },
  'invalid regex': { field: 'invalidRegex', type: 'regex' },
  'include null': { field: 'includeNull', type: 'boolean' },
} as const satisfies Record<string, { field: keyof MissingValidConfig; type: ValueType }>;

export type MissingValidKey = keyof typeof KEYS;
export const MISSING_VALID_KEYS = Object.keys(KEYS) as MissingValidKey[];

export function isMissingValidKey(key: string): key is MissingValidKey {
  return Object.hasOwn(KEYS, key);
}

/** Lists that merging concatenates; every other field is a scalar where the check's own value wins. */
const LIST_FIELDS = ['missingValues', 'validValues', 'invalidValues'] as const;

/**
 * Validates one key's value and stores it into `config`. Reports type errors at the value and returns false.
 * Regexes are only checked to compile as JavaScript regexes: POSIX (Postgres, Snowflake) differs in details,
 * but a pattern that does not compile there either (unbalanced brackets, a dangling quantifier) is surely broken.
 */
export function readMissingValidValue(
  key: MissingValidKey,
  node: unknown,
  context: FileContext,
  config: MissingValidConfig,
): boolean {
  const { field, type } = KEYS[key];
  const value = readValue(key, type, node, context);
  if (value === undefined) return false;
  (config as Record<string, unknown>)[field] = value;
  return true;
}

function readValue(
  key: string,
  type: ValueType,
  node: unknown,
  context: FileContext,
): ListValue[] | string | number | boolean | undefined {
  const at = node as Node | undefined;
  if (type === 'values') return readList(key, node, context);
  if (!isScalar(node)) {
    context.error(`"${key}" must be ${expected(type)}`, at);
    return undefined;
  }
  const raw: unknown = node.value;
  if (type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    context.error(`"${key}" must be true or false`, at);
    return undefined;
  }
  const text = typeof raw === 'string' ? resolveString(node, context) : raw;
  if (text === undefined) return undefined;
  if (type === 'number' || type === 'length') {
    const number =
      typeof text === 'number' ? text : typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
    if (!Number.isFinite(number)) {
      context.error(`"${key}" must be ${expected(type)}, found ${JSON.stringify(raw)}`, at);
      return undefined;
    }
    if (type === 'length' && (!Number.isInteger(number) || number < 0)) {
      context.error(`"${key}" must be ${expected(type)}, found ${number}`, at);
      return undefined;
    }
    return number;
  }
  if (typeof text !== 'string' || text === '') {
    context.error(`"${key}" must be ${expected(type)}`, at);
    return undefined;
  }
  if (type === 'format') {
    if (formatRegex(text) === undefined) {
      context.error(
        `Unknown format "${text}" in "${key}".${didYouMean(text, FORMAT_NAMES)} Known formats: ${FORMAT_NAMES.join(', ')}`,
        at,
      );
      return undefined;
    }
    return text;
  }
  try {
    new RegExp(text);
  } catch (error) {
    context.error(`"${key}" is not a valid regular expression: ${(error as Error).message}`, at);
    return undefined;
  }
  return text;
}

function readList(key: string, node: unknown, context: FileContext): ListValue[] | undefined {
  if (!isSeq(node)) {
    context.error(`"${key}" must be a list, e.g. [a, b] or [1, 2]`, node as Node | undefined);
    return undefined;
  }
  if (node.items.length === 0) {
    context.error(`"${key}" must not be empty`, node);
    return undefined;
  }
  const values: ListValue[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || (typeof item.value !== 'string' && typeof item.value !== 'number')) {
      context.error(`"${key}" entries must be texts or numbers`, item as Node);
      return undefined;
    }
    const value = typeof item.value === 'string' ? resolveString(item, context) : item.value;
    if (value === undefined) return undefined;
    values.push(value);
  }
  const kinds = new Set(values.map((v) => typeof v));
  if (kinds.size > 1) {
    context.error(
      `"${key}" must be all texts or all numbers, not a mix (quote the numbers to compare as text)`,
      node,
    );
    return undefined;
  }
  return values;
}

function resolveString(
  node: Parameters<FileContext['resolveScalar']>[0],
  context: FileContext,
): string | undefined {
  return context.resolveScalar(node)?.resolved.text;
}

function expected(type: ValueType): string {
  switch (type) {
    case 'values':
      return 'a list';
    case 'format':
      return 'a format name';
    case 'regex':
      return 'a regular expression text';
    case 'number':
      return 'a number';
    case 'length':
      return 'a non-negative whole number';
    case 'boolean':
      return 'true or false';
  }
}

/** Soda's MissingAndValidCfg.merge: lists concatenate (the check's first, then the column's), the check's scalars win. */
export function mergeMissingValid(
  column: MissingValidConfig | undefined,
  check: MissingValidConfig | undefined,
): MissingValidConfig | undefined {
  if (!column) return check;
  if (!check) return { ...column };
  const merged: MissingValidConfig = { ...column, ...check };
  for (const field of LIST_FIELDS) {
    const lists = [check[field], column[field]].filter((list) => list !== undefined);
    if (lists.length > 0) merged[field] = lists.flat();
  }
  return merged;
}

export function isEmptyConfig(config: MissingValidConfig): boolean {
  return Object.keys(config).length === 0;
}
