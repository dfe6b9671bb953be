/**
 * What one `warn:` or `fail:` block of a schema check finds in a measured schema, in Soda Cloud's diagnostics
 * keys (`missing_column_names`, `column_type_mismatches`, …). Pure: no SQL, no scan.
 */
import type { SchemaChange, SchemaValidations } from '../../sodacl/model.js';
import type { SchemaColumn } from '../computation.js';

export interface TypeMismatch {
  expected_type: string;
  actual_type: string;
}
export interface IndexMismatch {
  expected_index: number;
  actual_index: number;
  column_on_expected_index: string | null;
}
export interface TypeChange {
  previous_type: string;
  new_type: string;
}
export interface IndexChange {
  previous_index: number;
  new_index: number;
}

export interface SchemaViolations {
  missing_column_names: string[];
  present_column_names: string[];
  column_type_mismatches: Record<string, TypeMismatch>;
  column_index_mismatches: Record<string, IndexMismatch>;
  column_additions: string[];
  column_deletions: string[];
  column_type_changes: Record<string, TypeChange>;
  column_index_changes: Record<string, IndexChange>;
}

/** How the schema differs from the previous scan's. */
export interface SchemaComparison {
  additions: string[];
  deletions: string[];
  typeChanges: Record<string, TypeChange>;
  indexChanges: Record<string, IndexChange>;
}

/** Column names are data: `__proto__` must stay a plain key. */
function put<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

export function emptyViolations(): SchemaViolations {
  return {
    missing_column_names: [],
    present_column_names: [],
    column_type_mismatches: {},
    column_index_mismatches: {},
    column_additions: [],
    column_deletions: [],
    column_type_changes: {},
    column_index_changes: {},
  };
}

/** Schema events, Soda's `valueLabel` unit: one per missing, forbidden, mismatching or changed column. */
export function eventCount(violations: SchemaViolations | undefined): number {
  if (!violations) return 0;
  return (
    violations.missing_column_names.length +
    violations.present_column_names.length +
    Object.keys(violations.column_type_mismatches).length +
    Object.keys(violations.column_index_mismatches).length +
    violations.column_additions.length +
    violations.column_deletions.length +
    Object.keys(violations.column_type_changes).length +
    Object.keys(violations.column_index_changes).length
  );
}

/**
 * `*` and `%` match any run of characters; everything else is literal and the pattern must match the WHOLE name.
 * Soda turns the pattern into a Python regex and uses `re.match`, anchored at the start only, so `id` also forbids
 * `identity` there, and regex characters such as `.` are not literal: a deliberate deviation, since users mean
 * names.
 */
export function forbiddenPattern(pattern: string): RegExp {
  const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(`^${pattern.split(/[*%]/).map(literal).join('.*')}$`, 's');
}

export function compareSchemas(previous: SchemaColumn[], current: SchemaColumn[]): SchemaComparison {
  const before = new Map(previous.map((column, index) => [column.name, { type: column.type, index }]));
  const now = new Map(current.map((column, index) => [column.name, { type: column.type, index }]));
  const comparison: SchemaComparison = {
    additions: current.filter((column) => !before.has(column.name)).map((column) => column.name),
    deletions: previous.filter((column) => !now.has(column.name)).map((column) => column.name),
    typeChanges: {},
    indexChanges: {},
  };
  for (const [name, was] of before) {
    const is = now.get(name);
    if (!is) continue;
    if (is.type !== was.type)
      put(comparison.typeChanges, name, { previous_type: was.type, new_type: is.type });
    if (is.index !== was.index)
      put(comparison.indexChanges, name, { previous_index: was.index, new_index: is.index });
  }
  return comparison;
}

const ALL_CHANGES: readonly SchemaChange[] = [
  'column add',
  'column delete',
  'column type change',
  'column index change',
];

export function findViolations(
  validations: SchemaValidations,
  columns: SchemaColumn[],
  sameType: (expected: string, actual: string) => boolean,
  changes?: SchemaComparison,
): SchemaViolations {
  const found = emptyViolations();
  const positions = new Map(columns.map((column, index) => [column.name, index]));
  const missing = new Set<string>();
  const requireColumn = (name: string) => {
    if (!positions.has(name)) missing.add(name);
    return positions.get(name);
  };
  const checkType = (name: string, expected: string) => {
    const index = requireColumn(name);
    const actual = index === undefined ? undefined : (columns[index] as SchemaColumn).type;
    if (actual !== undefined && !sameType(expected, actual))
      put(found.column_type_mismatches, name, { expected_type: expected, actual_type: actual });
  };

  for (const name of validations.requiredColumnMissing ?? []) requireColumn(name);
  for (const [name, type] of Object.entries(validations.wrongColumnType ?? {})) checkType(name, type);
  for (const [name, expected] of Object.entries(validations.wrongColumnIndex ?? {})) {
    const actual = requireColumn(name);
    if (actual !== undefined && actual !== expected) {
      put(found.column_index_mismatches, name, {
        expected_index: expected,
        actual_index: actual,
        column_on_expected_index: columns[expected]?.name ?? null,
      });
    }
  }

  const present = new Set<string>();
  const patterns = (validations.forbiddenColumnPresent ?? []).map(forbiddenPattern);
  for (const column of columns) if (patterns.some((p) => p.test(column.name))) present.add(column.name);

  const mismatching = validations.mismatchingColumns;
  if (mismatching) {
    const optional = new Set(mismatching.optional);
    const listed = new Set([...Object.keys(mismatching.columns), ...optional]);
    for (const [name, type] of Object.entries(mismatching.columns)) {
      if (optional.has(name) && !positions.has(name)) continue;
      if (type === null) requireColumn(name);
      else checkType(name, type);
    }
    for (const column of columns) if (!listed.has(column.name)) present.add(column.name);
  }

  found.missing_column_names = [...missing];
  found.present_column_names = [...present];

  if (changes && validations.schemaChanges) {
    const counted = new Set(validations.schemaChanges === 'any' ? ALL_CHANGES : validations.schemaChanges);
    if (counted.has('column add')) found.column_additions = changes.additions;
    if (counted.has('column delete')) found.column_deletions = changes.deletions;
    if (counted.has('column type change')) found.column_type_changes = changes.typeChanges;
    if (counted.has('column index change')) found.column_index_changes = changes.indexChanges;
  }
  return found;
}
