/**
 * Column names inside a check's diagnostics — failed-rows block columns, schema csv blocks, schema event lists
 * and maps — renamed (keyed hash) or dropped (excluded column) in one pass. Returns new objects; the input stays.
 */
import { mapCsvColumns } from './names.js';

/** A new name, or undefined to leave the column out. */
export type ColumnRename = (column: string) => string | undefined;

const LISTS = ['missing_column_names', 'present_column_names', 'column_additions', 'column_deletions'];
const MAPS = [
  'column_type_mismatches',
  'column_index_mismatches',
  'column_type_changes',
  'column_index_changes',
];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mapFile(file: Json, rename: ColumnRename): Json {
  const out: Json = { ...file };
  if (Array.isArray(file.columns)) {
    out.columns = file.columns.flatMap((column) => {
      if (!isObject(column) || typeof column.name !== 'string') return [column];
      const name = rename(column.name);
      return name === undefined ? [] : [{ ...column, name }];
    });
  }
  if (Array.isArray(file.sampleColumns)) {
    out.sampleColumns = file.sampleColumns.flatMap((c) => {
      const name = typeof c === 'string' ? rename(c) : c;
      return name === undefined ? [] : [name];
    });
  }
  return out;
}

function mapBlock(block: unknown, rename: ColumnRename): unknown {
  if (!isObject(block)) return block;
  const out: Json = { ...block };
  if (isObject(block.file)) out.file = mapFile(block.file, rename);
  if (block.type === 'csv' && typeof block.text === 'string') out.text = mapCsvColumns(block.text, rename);
  return out;
}

function mapMap(map: Json, rename: ColumnRename): Json {
  const out: Json = {};
  for (const [column, detail] of Object.entries(map)) {
    const name = rename(column);
    if (name === undefined) continue;
    let value = detail;
    // An index mismatch names the column found at the expected place.
    if (isObject(detail) && typeof detail.column_on_expected_index === 'string') {
      value = { ...detail, column_on_expected_index: rename(detail.column_on_expected_index) ?? null };
    }
    // Column names are data: `__proto__` must stay a plain key.
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function mapDiagnosticsColumns(diagnostics: Json, rename: ColumnRename): Json {
  const out: Json = { ...diagnostics };
  if (Array.isArray(diagnostics.blocks)) out.blocks = diagnostics.blocks.map((b) => mapBlock(b, rename));
  for (const key of LISTS) {
    const list = diagnostics[key];
    if (Array.isArray(list)) {
      out[key] = list.flatMap((c) => {
        const name = typeof c === 'string' ? rename(c) : c;
        return name === undefined ? [] : [name];
      });
    }
  }
  for (const key of MAPS) {
    const map = diagnostics[key];
    if (isObject(map)) out[key] = mapMap(map, rename);
  }
  return out;
}
