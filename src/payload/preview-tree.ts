/**
 * The preview tree's data: one row per field of the bytes that will leave, with its class badge and, where the
 * policy held something back, why. Built from the bytes themselves (parsed back), never from the object they
 * were made from, so the tree cannot show anything the bytes do not hold.
 *
 * A 5,000-check payload has some 300,000 rows, so the rows are columns (struct of arrays): typed arrays of small
 * integers sized by a counting pass, plus keys and leaf values, instead of an object per row — no per-field
 * allocation and no growing arrays, and plain data that structured clone (the desktop app's IPC) carries as it
 * is. A screen shows a few hundred rows at a time; labels, texts and pointers are made on demand for those
 * (rowLabel, rowText, rowPointer, rowClass, rowWithheld).
 */
import { WITHHELD_REASONS, type WithheldField, type WithheldReason } from './build.js';
import { pointerSegment } from './canonical.js';
import {
  classifyInEntry,
  classifyLeaf,
  FIELD_CLASSES,
  type FieldClass,
  metricNamesOf,
  type PathSegment,
  type Section,
} from './classes.js';

const SECTIONS: ReadonlySet<string> = new Set<Section>(['metrics', 'checks', 'queries', 'logs']);

const isEntry = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** What a row is. */
export const ROW_LEAF = 0;
export const ROW_OBJECT = 1;
export const ROW_LIST = 2;
/** A key the policy left out entirely (a threshold zone): not in the bytes, shown so the reviewer knows. */
export const ROW_LEFT_OUT = 3;
/** "No class" / "not withheld" in the index columns. */
export const NONE = -1;

export interface PreviewTree {
  /** Number of rows; every column below has this length. Row 0 is the document. */
  size: number;
  /** Nesting depth; the document is 0. */
  depth: Int32Array;
  /** Index of the parent row; -1 for the document. */
  parent: Int32Array;
  /** The object key or list index; null for the document. */
  key: (string | number | null)[];
  /** ROW_LEAF, ROW_OBJECT, ROW_LIST or ROW_LEFT_OUT. */
  kind: Int8Array;
  /** A leaf's value (a primitive, or an empty list or map); a container's number of fields or items; null when left out. */
  value: unknown[];
  /** Index into FIELD_CLASSES for leaves and left-out keys; NONE for containers. */
  fieldClass: Int8Array;
  /** Index into WITHHELD_REASONS, or NONE. */
  withheld: Int8Array;
  /** Leaves per class in the bytes (withheld leaves included: they are sent, as null). */
  classCounts: Record<FieldClass, number>;
  withheldCounts: Partial<Record<WithheldReason, number>>;
  /** Leaves no classification rule knew (treated as data-derived); none in a healthy build. */
  unknownFields: string[];
}

const MAX_TEXT = 200;

export function rowLabel(tree: PreviewTree, row: number): string {
  const key = tree.key[row];
  return key === null || key === undefined ? '(document)' : typeof key === 'number' ? `[${key}]` : key;
}

export function rowClass(tree: PreviewTree, row: number): FieldClass | undefined {
  return FIELD_CLASSES[tree.fieldClass[row] ?? NONE];
}

export function rowWithheld(tree: PreviewTree, row: number): WithheldReason | undefined {
  return WITHHELD_REASONS[tree.withheld[row] ?? NONE];
}

/** A leaf's JSON text (long ones cut); a container's size (`{…} 5 fields`, `[…] 3 items`). */
export function rowText(tree: PreviewTree, row: number): string {
  const value = tree.value[row];
  switch (tree.kind[row]) {
    case ROW_LEFT_OUT:
      return '(left out)';
    case ROW_OBJECT:
      return `{…} ${value} field${value === 1 ? '' : 's'}`;
    case ROW_LIST:
      return `[…] ${value} item${value === 1 ? '' : 's'}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

/** The JSON Pointer of a row, from its ancestors' keys. */
export function rowPointer(tree: PreviewTree, row: number): string {
  let pointer = '';
  for (let at = row; at > 0; at = tree.parent[at] ?? 0) {
    pointer = `/${pointerSegment(tree.key[at] ?? '')}${pointer}`;
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

const CLASS_INDEX = new Map<FieldClass, number>(FIELD_CLASSES.map((c, i) => [c, i]));
const REASON_INDEX = new Map<WithheldReason, number>(WITHHELD_REASONS.map((r, i) => [r, i]));
const DATA = CLASS_INDEX.get('data') as number;

/**
 * At least as many rows as the JSON text has values: every value but the first follows a `[`, `,` or `:` (some
 * of those bytes are inside strings, which only makes the bound looser).
 */
function maxRows(bytes: Uint8Array): number {
  let rows = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x2c || byte === 0x3a || byte === 0x5b) rows++;
  }
  return rows;
}

export function previewTree(bytes: Uint8Array, withheld: readonly WithheldField[] = []): PreviewTree {
  const document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<
    string,
    unknown
  >;
  const metricNames = metricNamesOf(document);
  const counts = FIELD_CLASSES.map(() => 0);
  const withheldCounts: Partial<Record<WithheldReason, number>> = {};
  for (const w of withheld) withheldCounts[w.reason] = (withheldCounts[w.reason] ?? 0) + 1;
  // Room for every value, and for a left-out row per withheld field at most.
  const capacity = maxRows(bytes) + withheld.length;
  const depths = new Int32Array(capacity);
  const parents = new Int32Array(capacity);
  const kinds = new Int8Array(capacity);
  const classes = new Int8Array(capacity).fill(NONE);
  const held = new Int8Array(capacity).fill(NONE);
  const keys = new Array<string | number | null>(capacity);
  const values = new Array<unknown>(capacity);
  const unknownRows: number[] = [];
  const path: PathSegment[] = [];
  let size = 0;
  // The metrics/checks/queries/logs entry being walked, and its section: its leaves are classified within it.
  let entry: Record<string, unknown> | undefined;
  let section: Section = 'metrics';

  const visit = (value: unknown, key: string | number | null, parent: number, depth: number, trie?: Trie) => {
    const row = size++;
    depths[row] = depth;
    parents[row] = parent;
    keys[row] = key;
    if (trie?.field) held[row] = REASON_INDEX.get(trie.field.reason) ?? NONE;
    if (value !== null && typeof value === 'object') {
      const children = trie?.children;
      if (Array.isArray(value)) {
        if (value.length > 0) {
          kinds[row] = ROW_LIST;
          values[row] = value.length;
          const entries = depth === 1 && SECTIONS.has(key as Section);
          if (entries) section = key as Section;
          for (let i = 0; i < value.length; i++) {
            path.push(i);
            if (entries) entry = isEntry(value[i]) ? value[i] : undefined;
            visit(value[i], i, row, depth + 1, children?.get(String(i)));
            path.pop();
          }
          if (entries) entry = undefined;
          return;
        }
      } else {
        const record = value as Record<string, unknown>;
        let fields = 0;
        for (const name in record) {
          fields++;
          path.push(name);
          visit(record[name], name, row, depth + 1, children?.get(pointerSegment(name)));
          path.pop();
        }
        if (fields > 0) {
          kinds[row] = ROW_OBJECT;
          values[row] = fields;
          if (children) leftOutRows(record, row, depth + 1, children);
          return;
        }
      }
    }
    // A leaf: a primitive, or an empty list or map; classified within its section's entry when it has one.
    const known = entry
      ? classifyInEntry(section, path, 2, entry, metricNames)
      : classifyLeaf(path, document, metricNames);
    const fieldClass = known === undefined ? DATA : (CLASS_INDEX.get(known) ?? DATA);
    counts[fieldClass] = (counts[fieldClass] ?? 0) + 1;
    if (known === undefined) unknownRows.push(row);
    kinds[row] = ROW_LEAF;
    classes[row] = fieldClass;
    values[row] = value;
  };

  // Keys left out entirely (threshold zones) still get a row: the reviewer sees they were there.
  const leftOutRows = (
    record: Record<string, unknown>,
    parent: number,
    depth: number,
    children: Map<string, Trie>,
  ) => {
    for (const [segment, child] of children) {
      const name = label(segment);
      const field = child.field;
      if (!field || field.replacement !== undefined || name in record) continue;
      const row = size++;
      depths[row] = depth;
      parents[row] = parent;
      keys[row] = name;
      kinds[row] = ROW_LEFT_OUT;
      values[row] = null;
      classes[row] = CLASS_INDEX.get(field.fieldClass) ?? DATA;
      held[row] = REASON_INDEX.get(field.reason) ?? NONE;
    }
  };

  visit(document, null, -1, 0, withheld.length > 0 ? trieOf(withheld) : undefined);
  // maxRows is a bound by construction; a typed array would drop writes past its end without a word.
  if (size > capacity) throw new Error(`preview tree: ${size} rows in room for ${capacity}`);
  const classCounts = {} as Record<FieldClass, number>;
  for (const [i, fieldClass] of FIELD_CLASSES.entries()) classCounts[fieldClass] = counts[i] ?? 0;
  keys.length = size;
  values.length = size;
  const tree: PreviewTree = {
    size,
    depth: depths.slice(0, size),
    parent: parents.slice(0, size),
    key: keys,
    kind: kinds.slice(0, size),
    value: values,
    fieldClass: classes.slice(0, size),
    withheld: held.slice(0, size),
    classCounts,
    withheldCounts,
    unknownFields: [],
  };
  tree.unknownFields = unknownRows.map((row) => rowPointer(tree, row));
  return tree;
}
