/**
 * The preview tree's data: one row per field of the bytes that will leave, with its class badge and, where the
 * policy held something back, why. Built from the bytes themselves (parsed back), never from the object they
 * were made from, so the tree cannot show anything the bytes do not hold.
 */

import type { WithheldField, WithheldReason } from './build.js';
import { type ClassifiedLeaf, classifyDocument, FIELD_CLASSES, type FieldClass } from './classes.js';

export interface TreeRow {
  depth: number;
  /** The key, `[i]` for a list item. */
  label: string;
  /** A leaf's JSON text; a container's size (`{…} 5 fields`, `[…] 3 items`). */
  text: string;
  pointer: string;
  fieldClass?: FieldClass;
  withheld?: WithheldReason;
}

export interface PreviewTree {
  rows: TreeRow[];
  /** Leaves per class in the bytes (withheld leaves included: they are sent, as null). */
  classCounts: Record<FieldClass, number>;
  withheldCounts: Partial<Record<WithheldReason, number>>;
  /** Leaves no classification rule knew (treated as data-derived); none in a healthy build. */
  unknownFields: string[];
}

function decode(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
}

const MAX_TEXT = 200;

function leafText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

export function previewTree(bytes: Uint8Array, withheld: readonly WithheldField[] = []): PreviewTree {
  const document = decode(bytes);
  const leaves = new Map<string, ClassifiedLeaf>();
  for (const leaf of classifyDocument(document)) leaves.set(leaf.pointer, leaf);
  const reasons = new Map(withheld.map((w) => [w.pointer, w.reason]));
  // Keys left out entirely (threshold zones) still get a row under their parent: the reviewer sees they were there.
  const leftOut = new Map<string, WithheldField[]>();
  for (const w of withheld) {
    if (w.replacement !== undefined) continue;
    const parent = w.pointer.slice(0, w.pointer.lastIndexOf('/'));
    leftOut.set(parent, [...(leftOut.get(parent) ?? []), w]);
  }

  const classCounts = Object.fromEntries(FIELD_CLASSES.map((c) => [c, 0])) as Record<FieldClass, number>;
  const unknownFields: string[] = [];
  for (const leaf of leaves.values()) {
    classCounts[leaf.fieldClass]++;
    if (leaf.unknown) unknownFields.push(leaf.pointer);
  }
  const withheldCounts: Partial<Record<WithheldReason, number>> = {};
  for (const w of withheld) withheldCounts[w.reason] = (withheldCounts[w.reason] ?? 0) + 1;

  const rows: TreeRow[] = [];
  const visit = (value: unknown, label: string, pointer: string, depth: number) => {
    const leaf = leaves.get(pointer);
    if (leaf) {
      rows.push({
        depth,
        label,
        text: leafText(value),
        pointer,
        fieldClass: leaf.fieldClass,
        ...(reasons.has(pointer) ? { withheld: reasons.get(pointer) } : {}),
      });
      return;
    }
    if (Array.isArray(value)) {
      rows.push({ depth, label, text: `[…] ${value.length} item${value.length === 1 ? '' : 's'}`, pointer });
      for (let i = 0; i < value.length; i++) visit(value[i], `[${i}]`, `${pointer}/${i}`, depth + 1);
      return;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    rows.push({
      depth,
      label,
      text: `{…} ${entries.length} field${entries.length === 1 ? '' : 's'}`,
      pointer,
    });
    for (const [key, inner] of entries) {
      visit(inner, key, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1);
    }
    for (const w of leftOut.get(pointer) ?? []) {
      const label = w.pointer
        .slice(pointer.length + 1)
        .replaceAll('~1', '/')
        .replaceAll('~0', '~');
      rows.push({
        depth: depth + 1,
        label,
        text: '(left out)',
        pointer: w.pointer,
        fieldClass: w.fieldClass,
        withheld: w.reason,
      });
    }
  };
  visit(document, '(document)', '', 0);
  return { rows, classCounts, withheldCounts, unknownFields };
}
