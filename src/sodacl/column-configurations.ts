import { isMap, isScalar, type Node } from 'yaml';
import type { FileContext } from './context.js';
import { formatIdentifier, readIdentifier, sameIdentifier } from './identifiers.js';
import {
  MISSING_VALID_KEYS,
  type MissingValidKey,
  mergeMissingValid,
  readMissingValidValue,
} from './missing-valid.js';
import type { Identifier, MissingValidConfig, SourceLocation } from './model.js';
import { didYouMean } from './suggest.js';

/** Missing/validity configuration of one column, from `configurations for DATASET:` sections. */
export interface ColumnConfiguration {
  dataset: Identifier;
  column: Identifier;
  config: MissingValidConfig;
  /** Where each scalar key was set, to report a conflicting second value. */
  setAt: Map<string, SourceLocation>;
}

/** Longest first, so that "valid min length" is not read as "valid min" + " length for x". */
const KEYS_LONGEST_FIRST = [...MISSING_VALID_KEYS].sort((a, b) => b.length - a.length);

/** Reads `<key> for <column>: value` entries; values follow the same rules as on a check. */
export function readConfigurationsSection(
  dataset: Identifier,
  value: unknown,
  location: SourceLocation,
  context: FileContext,
  columns: ColumnConfiguration[],
): void {
  if (value === null || (isScalar(value) && value.value === null)) return;
  if (!isMap(value)) {
    context.errorAt('A "configurations for" section must be a map of "<key> for <column>: value"', location);
    return;
  }
  for (const pair of value.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      context.error(
        'Keys of a "configurations for" section must be text: "<key> for <column>"',
        pair.key as Node,
      );
      continue;
    }
    const resolved = context.resolveScalar(pair.key);
    if (!resolved) continue;
    const keyText = resolved.resolved.text;
    const key = KEYS_LONGEST_FIRST.find((k) => keyText.startsWith(`${k} for `));
    if (!key) {
      const written = keyText.split(' for ')[0] ?? keyText;
      context.error(
        `Unknown configuration "${keyText}": expected "<key> for <column>".${didYouMean(written, MISSING_VALID_KEYS)} Keys: ${MISSING_VALID_KEYS.join(', ')}`,
        pair.key,
      );
      continue;
    }
    const columnStart = skipSpaces(keyText, key.length + ' for '.length);
    const column = readIdentifier(keyText, columnStart);
    if (!column.ok || keyText.slice(column.end).trim() !== '') {
      const index = column.ok ? skipSpaces(keyText, column.end) : column.index;
      const message = column.ok
        ? `Unexpected "${keyText.slice(column.end).trim()}" after the column name`
        : column.message;
      context.errorAt(message, context.locateResolved(resolved.text, resolved.resolved, index));
      continue;
    }
    const config: MissingValidConfig = {};
    if (!readMissingValidValue(key, pair.value, context, config)) continue;
    addColumnConfig(columns, dataset, column.identifier, key, config, resolved.text.start, context);
  }
}

function addColumnConfig(
  columns: ColumnConfiguration[],
  dataset: Identifier,
  column: Identifier,
  key: MissingValidKey,
  config: MissingValidConfig,
  location: SourceLocation,
  context: FileContext,
): void {
  let entry = findColumnConfiguration(columns, dataset, column);
  if (!entry) {
    entry = { dataset, column, config: {}, setAt: new Map() };
    columns.push(entry);
  }
  const isList = key.endsWith(' values');
  const earlier = entry.setAt.get(key);
  if (!isList && earlier) {
    context.errorAt(
      `"${key} for ${formatIdentifier(column)}" is already configured at ${earlier.filePath}:${earlier.line}`,
      location,
    );
    return;
  }
  entry.setAt.set(key, location);
  // Earlier declarations first, as written (a key declared twice was refused above).
  entry.config = mergeMissingValid(config, entry.config) ?? {};
}

export function findColumnConfiguration(
  columns: readonly ColumnConfiguration[],
  dataset: Identifier,
  column: Identifier,
): ColumnConfiguration | undefined {
  return columns.find((c) => sameIdentifier(c.dataset, dataset) && sameIdentifier(c.column, column));
}

function skipSpaces(text: string, position: number): number {
  let index = position;
  while (text[index] === ' ') index++;
  return index;
}
