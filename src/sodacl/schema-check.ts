/**
 * `- schema:` with `warn:`/`fail:` maps of validations (Soda's `__parse_schema_check`). Column names and types
 * are kept as written: matching (exact names, type aliases, `*`/`%` patterns) is the engine's business.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { type CheckItem, commonFields, lineError, requireDataset } from './check-common.js';
import { readCheckConfiguration } from './check-config.js';
import type { FileContext } from './context.js';
import type { SchemaChange, SchemaCheck, SchemaValidations } from './model.js';
import { didYouMean } from './suggest.js';
import { scalarToString } from './yaml-source.js';

const VALIDATIONS = [
  'when required column missing',
  'when forbidden column present',
  'when wrong column type',
  'when wrong column index',
  'when mismatching columns',
  'with optional columns',
  'when schema changes',
] as const;

const CHANGES: readonly SchemaChange[] = [
  'column add',
  'column delete',
  'column type change',
  'column index change',
];

/** `schema` alone on the line; anything after it (a threshold) is an error. */
export function readSchemaCheck(item: CheckItem): SchemaCheck | undefined {
  const text = item.resolved.text;
  const after = /^\s*schema/.exec(text)?.[0].length ?? 0;
  if (text.slice(after).trim() !== '') {
    const index = after + (text.slice(after).length - text.slice(after).trimStart().length);
    lineError(
      item,
      'A schema check takes no threshold: write "- schema:" with warn:/fail: validations under it',
      index,
    );
    return undefined;
  }
  const dataset = requireDataset(item, 'A schema check');
  const blocks: Pick<SchemaCheck, 'warn' | 'fail'> = {};
  const configuration = readCheckConfiguration(
    item.configNode,
    {
      kind: 'schema checks',
      keys: ['name', 'identity', 'attributes'],
      missingValid: { refused: 'Missing and validity keys do not apply to schema checks' },
      specialKeys: ['warn', 'fail'],
      readSpecial: (key, keyNode, value) => {
        if (key !== 'warn' && key !== 'fail') return false;
        const validations = readValidations(key, keyNode, value, item.context);
        if (validations) blocks[key] = validations;
        return true;
      },
    },
    item.context,
  );
  if (!configuration || !dataset) return undefined;
  if (!blocks.warn && !blocks.fail) {
    item.context.errorAt(
      'A schema check needs "warn:" or "fail:" with at least one validation, e.g. fail: {when required column missing: [id]}',
      item.text.start,
    );
    return undefined;
  }
  return { ...commonFields(item, configuration), dataset, kind: 'schema', ...blocks };
}

function readValidations(
  outcome: 'warn' | 'fail',
  keyNode: Scalar,
  value: unknown,
  context: FileContext,
): SchemaValidations | undefined {
  if (!isMap(value) || value.items.length === 0) {
    context.error(
      `"${outcome}" of a schema check must be a map of validations: ${VALIDATIONS.join(', ')}`,
      (value ?? keyNode) as Node,
    );
    return undefined;
  }
  const errorsBefore = context.sink.errorCount;
  const result: SchemaValidations = {};
  let optional: { columns: string[]; keyNode: Node } | undefined;
  for (const pair of value.items as Pair<unknown, unknown>[]) {
    const key = isScalar(pair.key) ? scalarToString(pair.key) : undefined;
    const at = (pair.value ?? pair.key) as Node;
    switch (key) {
      case 'when required column missing': {
        const names = readNameList(key, pair.value, context, at);
        if (names) result.requiredColumnMissing = names;
        break;
      }
      case 'when forbidden column present': {
        const names = readNameList(key, pair.value, context, at);
        if (names) result.forbiddenColumnPresent = names;
        break;
      }
      case 'when wrong column type': {
        const types = readNameMap(key, pair.value, context, at, 'type');
        if (types) result.wrongColumnType = types as Record<string, string>;
        break;
      }
      case 'when wrong column index': {
        const indexes = readNameMap(key, pair.value, context, at, 'index');
        if (indexes) result.wrongColumnIndex = indexes as Record<string, number>;
        break;
      }
      case 'when mismatching columns': {
        const columns = readNameMap(key, pair.value, context, at, 'optional type');
        if (columns)
          result.mismatchingColumns = { columns: columns as Record<string, string | null>, optional: [] };
        break;
      }
      case 'with optional columns': {
        const names = readNameList(key, pair.value, context, at);
        if (names) optional = { columns: names, keyNode: pair.key as Node };
        break;
      }
      case 'when schema changes': {
        const changes = readChanges(pair.value, context, at);
        if (changes) result.schemaChanges = changes;
        break;
      }
      default:
        context.error(
          `Unknown schema validation ${JSON.stringify(key ?? null)}.${key ? didYouMean(key, VALIDATIONS) : ''} Validations: ${VALIDATIONS.join(', ')}`,
          (pair.key ?? value) as Node,
        );
    }
  }
  if (optional) {
    if (result.mismatchingColumns) result.mismatchingColumns.optional = optional.columns;
    else if (context.sink.errorCount === errorsBefore)
      context.error(
        '"with optional columns" is only allowed together with "when mismatching columns"',
        optional.keyNode,
      );
  }
  return context.sink.errorCount > errorsBefore ? undefined : result;
}

/** A non-empty list of names (or patterns), variables resolved. */
function readNameList(key: string, value: unknown, context: FileContext, at: Node): string[] | undefined {
  if (!isSeq(value) || value.items.length === 0) {
    context.error(`"${key}" must be a non-empty list of column names, e.g. [id, email]`, at);
    return undefined;
  }
  const names: string[] = [];
  for (const item of value.items) {
    const name = readName(key, item, context, (item ?? value) as Node);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

/** A map of column name → type (`null` allowed for "any type" under mismatching columns) or 0-based index. */
function readNameMap(
  key: string,
  value: unknown,
  context: FileContext,
  at: Node,
  values: 'type' | 'optional type' | 'index',
): Record<string, string | number | null> | undefined {
  const example = values === 'index' ? '{id: 0, email: 1}' : '{id: integer, email: varchar}';
  if (!isMap(value) || value.items.length === 0) {
    context.error(
      `"${key}" must be a map of column names to ${values === 'index' ? '0-based positions' : 'types'}, e.g. ${example}`,
      at,
    );
    return undefined;
  }
  // defineProperty keeps odd names such as "__proto__" as plain keys.
  const result: Record<string, string | number | null> = {};
  for (const pair of value.items as Pair<unknown, unknown>[]) {
    const name = readName(key, pair.key, context, (pair.key ?? value) as Node);
    if (name === undefined) return undefined;
    const entry = pair.value as Scalar | null;
    let read: string | number | null | undefined;
    if (values === 'index') {
      const index = isScalar(entry) ? entry.value : undefined;
      if (typeof index === 'number' && Number.isInteger(index) && index >= 0) read = index;
      else
        context.error(
          `"${key}": the position of "${name}" must be a whole number from 0 (the first column)`,
          (entry ?? pair.key) as Node,
        );
    } else if (values === 'optional type' && (entry === null || (isScalar(entry) && entry.value === null))) {
      read = null;
    } else {
      const at = isScalar(entry) && entry.value !== null ? entry : pair.key;
      read = readName(key, entry, context, at as Node, `the type of "${name}"`);
    }
    if (read === undefined) return undefined;
    Object.defineProperty(result, name, {
      value: read,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function readName(
  key: string,
  node: unknown,
  context: FileContext,
  at: Node,
  what = 'entries',
): string | undefined {
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    context.error(`"${key}": ${what} must be text`, at);
    return undefined;
  }
  const resolved = context.resolveScalar(node);
  if (!resolved) return undefined;
  const text = resolved.resolved.text.trim();
  if (text === '') {
    context.error(`"${key}": ${what} must not be empty`, at);
    return undefined;
  }
  return text;
}

function readChanges(value: unknown, context: FileContext, at: Node): SchemaValidations['schemaChanges'] {
  const expected = `"when schema changes" must be "any" or a list of: ${CHANGES.join(', ')}`;
  if (isScalar(value) && value.value === 'any') return 'any';
  if (!isSeq(value) || value.items.length === 0) {
    context.error(expected, at);
    return undefined;
  }
  const changes: SchemaChange[] = [];
  for (const item of value.items) {
    const text = isScalar(item) ? item.value : undefined;
    const change = CHANGES.find((c) => c === text);
    if (!change) {
      context.error(
        `Unknown schema change ${JSON.stringify(text ?? null)}.${typeof text === 'string' ? didYouMean(text, CHANGES) : ''} ${expected}`,
        (item ?? value) as Node,
      );
      return undefined;
    }
    if (!changes.includes(change)) changes.push(change);
  }
  return changes;
}
