/**
 * The preview tree's data: one row per field of the bytes that will leave, with its class badge and, where the
 * policy held something back, why. Built from the bytes themselves (parsed back), never from the object they
 * were made from, so the tree cannot show anything the bytes do not hold. One walk, one mutable path, no
 * per-field copies: a 5,000-check payload has some 300,000 rows.
 */
import type { WithheldField, WithheldReason } from './build.js';
import { pointerSegment } from './canonical.js';
import {
  classifyLeaf,
  FIELD_CLASSES,
  type FieldClass,
  isLeaf,
  metricNamesOf,
  type PathSegment,
} from './classes.js';

/**
 * One row per field. Rows hold the parsed value and their key, not text: a screen shows a few hundred rows at a
 * time, so labels, texts and pointers are made on demand (rowLabel, rowText, rowPointer).
 */
export interface TreeRow {
  depth: number;
  /** The object key or list index; null for the document itself. */
  key: string | number | null;
  /** Index of the parent row; -1 for the document. */
  parent: number;
  /** A leaf's value; a container's value is the container. */
  value: unknown;
  leaf: boolean;
  fieldClass?: FieldClass;
  withheld?: WithheldReason;
  /** A key the policy left out entirely (a threshold zone): not in the bytes, shown so the reviewer knows. */
  leftOut?: boolean;
}

export interface PreviewTree {
  rows: TreeRow[];
  /** Leaves per class in the bytes (withheld leaves included: they are sent, as null). */
  classCounts: Record<FieldClass, number>;
  withheldCounts: Partial<Record<WithheldReason, number>>;
  /** Leaves no classification rule knew (treated as data-derived); none in a healthy build. */
  unknownFields: string[];
}

const MAX_TEXT = 200;

export function rowLabel(row: TreeRow): string {
  return row.key === null ? '(document)' : typeof row.key === 'number' ? `[${row.key}]` : row.key;
}

/** A leaf's JSON text (long ones cut); a container's size (`{…} 5 fields`, `[…] 3 items`). */
export function rowText(row: TreeRow): string {
  const value = row.value;
  if (row.leftOut) return '(left out)';
  if (!row.leaf) {
    if (Array.isArray(value)) return `[…] ${value.length} item${value.length === 1 ? '' : 's'}`;
    const size = Object.keys(value as object).length;
    return `{…} ${size} field${size === 1 ? '' : 's'}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

/** The JSON Pointer of a row, from its ancestors' keys. */
export function rowPointer(rows: readonly TreeRow[], index: number): string {
  let pointer = '';
  for (let row = rows[index]; row && row.key !== null; row = rows[row.parent]) {
    pointer = `/${pointerSegment(row.key)}${pointer}`;
  }
  return pointer;
}

/** Withheld fields by pointer segment, so the walk finds them without spelling out every pointer. */
interface Trie {
  field?: WithheldField;
  children?: Map<string, Trie>;
}

function trieOf(withheld: readonly WithheldField[]): Trie {
  const root: Trie = {};
  for (const w of withheld) {
    let node = root;
    for (const segment of w.pointer.split('/').slice(1)) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) {
        next = {};
        node.children.set(segment, next);
      }
      node = next;
    }
    node.field = w;
  }
  return root;
}

const label = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

export function previewTree(bytes: Uint8Array, withheld: readonly WithheldField[] = []): PreviewTree {
  const document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<
    string,
    unknown
  >;
  const metricNames = metricNamesOf(document);
  const classCounts = Object.fromEntries(FIELD_CLASSES.map((c) => [c, 0])) as Record<FieldClass, number>;
  const withheldCounts: Partial<Record<WithheldReason, number>> = {};
  for (const w of withheld) withheldCounts[w.reason] = (withheldCounts[w.reason] ?? 0) + 1;
  const unknownRows: number[] = [];
  const rows: TreeRow[] = [];
  const path: PathSegment[] = [];

  const visit = (value: unknown, key: string | number | null, parent: number, depth: number, trie?: Trie) => {
    const index = rows.length;
    if (isLeaf(value)) {
      const known = classifyLeaf(path, document, metricNames);
      const fieldClass = known ?? 'data';
      classCounts[fieldClass]++;
      if (!known) unknownRows.push(index);
      const row: TreeRow = { depth, key, parent, value, leaf: true, fieldClass };
      if (trie?.field) row.withheld = trie.field.reason;
      rows.push(row);
      return;
    }
    rows.push({ depth, key, parent, value, leaf: false });
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i], i, index, depth + 1, trie?.children?.get(String(i)));
        path.pop();
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      path.push(key);
      visit(record[key], key, index, depth + 1, trie?.children?.get(pointerSegment(key)));
      path.pop();
    }
    // Keys left out entirely (threshold zones) still get a row: the reviewer sees they were there.
    for (const [segment, child] of trie?.children ?? []) {
      const name = label(segment);
      if (child.field && child.field.replacement === undefined && !(name in record)) {
        rows.push({
          depth: depth + 1,
          key: name,
          parent: index,
          value: undefined,
          leaf: true,
          fieldClass: child.field.fieldClass,
          withheld: child.field.reason,
          leftOut: true,
        });
      }
    }
  };
  visit(document, null, -1, 0, withheld.length > 0 ? trieOf(withheld) : undefined);
  const unknownFields = unknownRows.map((i) => rowPointer(rows, i));
  return { rows, classCounts, withheldCounts, unknownFields };
}
