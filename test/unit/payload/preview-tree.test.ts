import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY } from '../../../src/config/privacy.js';
import { classifyDocument } from '../../../src/payload/classes.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import {
  previewTree,
  ROW_LEAF,
  ROW_LEFT_OUT,
  rowClass,
  rowLabel,
  rowPointer,
  rowText,
  rowWithheld,
} from '../../../src/payload/preview-tree.js';
import { fixtureResult } from './fixture.js';

function built(level: 'strict' | 'standard' | 'full') {
  return buildPayload(fixtureResult(), { ...DEFAULT_PRIVACY, level });
}

describe('the preview tree', () => {
  it('has one leaf row per leaf of the bytes, in document order, with its pointer, value and class', () => {
    const { prepared, withheld } = built('full');
    const tree = previewTree(prepared.bytes, withheld);
    const document = JSON.parse(new TextDecoder().decode(prepared.bytes));
    const expected = classifyDocument(document).map((l) => [l.pointer, l.value, l.fieldClass]);
    const leaves: unknown[] = [];
    for (let row = 0; row < tree.size; row++) {
      if (tree.kind[row] === ROW_LEAF)
        leaves.push([rowPointer(tree, row), tree.value[row], rowClass(tree, row)]);
    }
    expect(leaves).toEqual(expected);
    expect(tree.classCounts.sample).toBeGreaterThan(0);
    expect(tree.unknownFields).toEqual([]);
  });

  it('labels containers with their size and shows withheld and left-out fields', () => {
    const { prepared, withheld } = built('strict');
    const tree = previewTree(prepared.bytes, withheld);
    expect(rowLabel(tree, 0)).toBe('(document)');
    expect(rowText(tree, 0)).toMatch(/^\{…\} \d+ fields$/);
    const rows = Array.from({ length: tree.size }, (_, row) => row);
    const zone = rows.find((row) => rowPointer(tree, row) === '/checks/0/diagnostics/fail');
    expect(zone).toBeDefined();
    expect(tree.kind[zone ?? 0]).toBe(ROW_LEFT_OUT);
    expect(rowText(tree, zone ?? 0)).toBe('(left out)');
    expect(rowWithheld(tree, zone ?? 0)).toBe('level');
    expect(rowClass(tree, zone ?? 0)).toBe('definition');
    const definition = rows.find((row) => rowPointer(tree, row) === '/checks/0/definition') ?? 0;
    expect([tree.value[definition], rowWithheld(tree, definition)]).toEqual([null, 'level']);
    expect(tree.withheldCounts.level).toBe(withheld.length);
    // Per class: the withheld fields still in the bytes (null) and those left out, adding up to all withheld.
    const byClass = Object.values(tree.withheldByClass);
    expect(byClass.reduce((sum, held) => sum + held.inDocument + held.leftOut, 0)).toBe(withheld.length);
    expect(tree.withheldByClass.definition?.leftOut).toBeGreaterThan(0);
    expect(tree.withheldByClass.definition?.inDocument).toBeGreaterThan(0);
  });

  it('is plain data: a structured clone (the desktop IPC) carries it whole', () => {
    const { prepared, withheld } = built('standard');
    const tree = previewTree(prepared.bytes, withheld);
    expect(structuredClone(tree)).toEqual(tree);
    for (const column of [tree.depth, tree.parent, tree.key, tree.kind, tree.value, tree.fieldClass]) {
      expect(column.length).toBe(tree.size);
    }
  });
});
