/**
 * Field-level difference between two payloads (canonical bytes), each change with its field class, so a
 * reviewer sees what is new in this upload compared with the last one. Entries of `checks` and `metrics` are
 * matched by identity and `queries` by name, not by position: one new check does not shift every later one.
 */
import { pointerSegment } from './canonical.js';
import { classifyDocument, type FieldClass } from './classes.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  kind: ChangeKind;
  /** Where the field is: in the current payload for added and changed, in the previous one for removed. */
  pointer: string;
  fieldClass: FieldClass;
  before?: unknown;
  after?: unknown;
}

export interface PayloadDiff {
  identical: boolean;
  changes: FieldChange[];
  counts: Record<ChangeKind, number>;
  /** Changes per field class. */
  byClass: Partial<Record<FieldClass, number>>;
}

const KEYS: Record<string, string> = { checks: 'identity', metrics: 'identity', queries: 'name' };

interface Flat {
  pointer: string;
  value: unknown;
  fieldClass: FieldClass;
}

function parse(bytes: Uint8Array, which: string): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The ${which} payload is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Leaves keyed by a logical path (section entries by their key), each with its real pointer and class. */
function flatten(document: Record<string, unknown>): Map<string, Flat> {
  const entryKeys = new Map<string, string>();
  for (const [section, field] of Object.entries(KEYS)) {
    const list = document[section];
    if (!Array.isArray(list)) continue;
    const seen = new Map<string, number>();
    list.forEach((entry, i) => {
      const key = String((entry as Record<string, unknown>)?.[field] ?? `#${i}`);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      entryKeys.set(`/${section}/${i}`, `/${section}/[${pointerSegment(key)}${n > 0 ? `#${n}` : ''}]`);
    });
  }
  const flat = new Map<string, Flat>();
  for (const leaf of classifyDocument(document)) {
    // `/checks/3/…` → the entry prefix `/checks/3`, looked up among the keyed sections.
    const second = leaf.pointer.indexOf('/', 1);
    const third = second < 0 ? -1 : leaf.pointer.indexOf('/', second + 1);
    const prefix = third < 0 ? leaf.pointer : leaf.pointer.slice(0, third);
    const key = entryKeys.get(prefix);
    const logical = key ? `${key}${leaf.pointer.slice(prefix.length)}` : leaf.pointer;
    flat.set(logical, { pointer: leaf.pointer, value: leaf.value, fieldClass: leaf.fieldClass });
  }
  return flat;
}

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function diffPayloads(previousBytes: Uint8Array, currentBytes: Uint8Array): PayloadDiff {
  const before = flatten(parse(previousBytes, 'previous'));
  const after = flatten(parse(currentBytes, 'current'));
  const changes: FieldChange[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (!was)
      changes.push({ kind: 'added', pointer: now.pointer, fieldClass: now.fieldClass, after: now.value });
    else if (!same(was.value, now.value)) {
      changes.push({
        kind: 'changed',
        pointer: now.pointer,
        fieldClass: now.fieldClass,
        before: was.value,
        after: now.value,
      });
    }
  }
  for (const [key, was] of before) {
    if (!after.has(key)) {
      changes.push({ kind: 'removed', pointer: was.pointer, fieldClass: was.fieldClass, before: was.value });
    }
  }
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };
  const byClass: Partial<Record<FieldClass, number>> = {};
  for (const change of changes) {
    counts[change.kind]++;
    byClass[change.fieldClass] = (byClass[change.fieldClass] ?? 0) + 1;
  }
  return { identical: changes.length === 0, changes, counts, byClass };
}
