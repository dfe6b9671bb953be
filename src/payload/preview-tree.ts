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
import { isAscii } from 'node:buffer';
import { WITHHELD_REASONS, type WithheldField, type WithheldReason } from './build.js';
import { pointerSegment } from './canonical.js';
import {
  classifyInEntry,
  classifyLeaf,
  FIELD_CLASSES,
  type FieldClass,
  type MetricNames,
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
  /**
   * Per class, the withheld fields still in the bytes (as null or a stand-in) and those left out: what a class
   * count alone hides (a reviewer must not read "25 data-derived values" as 25 values sent).
   */
  withheldByClass: Partial<Record<FieldClass, { inDocument: number; leftOut: number }>>;
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

const CLASS_INDEX = Object.fromEntries(FIELD_CLASSES.map((c, i) => [c, i])) as Record<FieldClass, number>;
const REASON_INDEX = Object.fromEntries(WITHHELD_REASONS.map((r, i) => [r, i])) as Record<
  WithheldReason,
  number
>;
const DATA = CLASS_INDEX.data;

/**
 * The bytes as text, failing on invalid UTF-8. ASCII (the usual payload) takes Node's ASCII copy, several times
 * faster than a UTF-8 decode of the same 3–4 MB.
 */
function textOf(bytes: Uint8Array): string {
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('ascii');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * The number of values in a parsed document (one row each): a quick walk that lets every column be allocated at
 * its final length once. A byte scan of the text is several times slower and only gives a bound; growing arrays
 * row by row copies them over and over.
 */
function countValues(container: object): number {
  let count = 1;
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) {
      const value: unknown = container[i];
      count += value !== null && typeof value === 'object' ? countValues(value) : 1;
    }
  } else {
    const record = container as Record<string, unknown>;
    for (const name in record) {
      const value = record[name];
      count += value !== null && typeof value === 'object' ? countValues(value) : 1;
    }
  }
  return count;
}

/** A column cut to the rows used (left-out rows can be fewer than the room kept for them). */
const fitted = <T extends Int32Array | Int8Array>(column: T, size: number): T =>
  column.length === size ? column : (column.slice(0, size) as T);

/**
 * One walk over the parsed bytes, writing the columns. A class rather than closures made per call: its methods'
 * optimised code is shared by every tree, where fresh closures would be compiled again for each one.
 */
class TreeWalk {
  readonly depths: Int32Array;
  readonly parents: Int32Array;
  readonly kinds: Int8Array;
  readonly classes: Int8Array;
  readonly held: Int8Array;
  readonly keys: (string | number | null)[];
  readonly values: unknown[];
  /** Leaves per index of FIELD_CLASSES. */
  readonly counts: number[] = FIELD_CLASSES.map(() => 0);
  readonly unknownRows: number[] = [];
  /** The path from the document to the value being visited. */
  readonly path: PathSegment[] = [];
  size = 0;
  // The metrics/checks/queries/logs entry being walked, and its section: its leaves are classified within it.
  entry: Record<string, unknown> | undefined = undefined;
  section: Section = 'metrics';

  constructor(
    readonly document: Record<string, unknown>,
    readonly metricNames: MetricNames,
    capacity: number,
  ) {
    this.depths = new Int32Array(capacity);
    this.parents = new Int32Array(capacity);
    this.kinds = new Int8Array(capacity);
    this.classes = new Int8Array(capacity).fill(NONE);
    this.held = new Int8Array(capacity).fill(NONE);
    this.keys = new Array<string | number | null>(capacity);
    this.values = new Array<unknown>(capacity);
  }

  addRow(key: string | number | null, parent: number, depth: number): number {
    const row = this.size++;
    this.depths[row] = depth;
    this.parents[row] = parent;
    this.keys[row] = key;
    return row;
  }

  visit(value: unknown, key: string | number | null, parent: number, depth: number, trie?: Trie): void {
    const row = this.addRow(key, parent, depth);
    if (trie?.field) this.held[row] = REASON_INDEX[trie.field.reason] ?? NONE;
    if (value !== null && typeof value === 'object') {
      const children = trie?.children;
      const path = this.path;
      if (Array.isArray(value)) {
        if (value.length > 0) {
          this.kinds[row] = ROW_LIST;
          this.values[row] = value.length;
          const entries = depth === 1 && SECTIONS.has(key as Section);
          if (entries) this.section = key as Section;
          for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i];
            path.push(i);
            if (entries) this.entry = isEntry(item) ? item : undefined;
            this.visit(item, i, row, depth + 1, children?.get(String(i)));
            path.pop();
          }
          if (entries) this.entry = undefined;
          return;
        }
      } else {
        const record = value as Record<string, unknown>;
        let fields = 0;
        for (const name in record) {
          fields++;
          path.push(name);
          this.visit(record[name], name, row, depth + 1, children?.get(pointerSegment(name)));
          path.pop();
        }
        if (fields > 0) {
          this.kinds[row] = ROW_OBJECT;
          this.values[row] = fields;
          if (children) this.leftOutRows(record, row, depth + 1, children);
          return;
        }
      }
    }
    this.leaf(row, value);
  }

  /** A leaf: a primitive, or an empty list or map; classified within its section's entry when it has one. */
  leaf(row: number, value: unknown): void {
    const entry = this.entry;
    const known = entry
      ? classifyInEntry(this.section, this.path, 2, entry, this.metricNames)
      : classifyLeaf(this.path, this.document, this.metricNames);
    // A linear search of nine constants beats a keyed lookup here (the strings compare by identity).
    const fieldClass = known === undefined ? DATA : FIELD_CLASSES.indexOf(known);
    this.counts[fieldClass] = (this.counts[fieldClass] ?? 0) + 1;
    if (known === undefined) this.unknownRows.push(row);
    this.kinds[row] = ROW_LEAF;
    this.classes[row] = fieldClass;
    this.values[row] = value;
  }

  /** Keys left out entirely (threshold zones) still get a row: the reviewer sees they were there. */
  leftOutRows(
    record: Record<string, unknown>,
    parent: number,
    depth: number,
    children: Map<string, Trie>,
  ): void {
    for (const [segment, child] of children) {
      const name = label(segment);
      const field = child.field;
      if (!field || field.replacement !== undefined || name in record) continue;
      const row = this.addRow(name, parent, depth);
      this.kinds[row] = ROW_LEFT_OUT;
      this.values[row] = null;
      this.classes[row] = CLASS_INDEX[field.fieldClass] ?? DATA;
      this.held[row] = REASON_INDEX[field.reason] ?? NONE;
    }
  }
}

export function previewTree(bytes: Uint8Array, withheld: readonly WithheldField[] = []): PreviewTree {
  const document = JSON.parse(textOf(bytes)) as Record<string, unknown>;
  const withheldCounts: Partial<Record<WithheldReason, number>> = {};
  const withheldByClass: PreviewTree['withheldByClass'] = {};
  for (const w of withheld) {
    withheldCounts[w.reason] = (withheldCounts[w.reason] ?? 0) + 1;
    const held = withheldByClass[w.fieldClass] ?? { inDocument: 0, leftOut: 0 };
    if (w.replacement === undefined) held.leftOut++;
    else held.inDocument++;
    withheldByClass[w.fieldClass] = held;
  }
  // Room for every value, and for a left-out row per withheld field at most.
  const capacity =
    (document !== null && typeof document === 'object' ? countValues(document) : 1) + withheld.length;
  const walk = new TreeWalk(document, metricNamesOf(document), capacity);
  walk.visit(document, null, -1, 0, withheld.length > 0 ? trieOf(withheld) : undefined);
  const { size, keys, values } = walk;
  const classCounts = {} as Record<FieldClass, number>;
  for (const [i, fieldClass] of FIELD_CLASSES.entries()) classCounts[fieldClass] = walk.counts[i] ?? 0;
  keys.length = size;
  values.length = size;
  const tree: PreviewTree = {
    size,
    depth: fitted(walk.depths, size),
    parent: fitted(walk.parents, size),
    key: keys,
    kind: fitted(walk.kinds, size),
    value: values,
    fieldClass: fitted(walk.classes, size),
    withheld: fitted(walk.held, size),
    classCounts,
    withheldCounts,
    withheldByClass,
    unknownFields: [],
  };
  tree.unknownFields = walk.unknownRows.map((row) => rowPointer(tree, row));
  return tree;
}
