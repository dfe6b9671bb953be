/**
 * The payload tree's rows read from its columns: labels, classes and withheld reasons by index, and which rows a
 * fold hides (a container's descendants are the rows right after it, deeper than it).
 */
import { describe, expect, it } from 'vitest';
import {
  containersBelow,
  isLeaf,
  isLeftOut,
  rowClass,
  rowLabel,
  rowWithheld,
  visibleRows,
} from '../../../renderer/src/screens/payload/visible-rows.js';
import type { PreviewTreeColumns } from '../../../src/api/desktop/contract.js';

// {"checks":[{"name":"a","value":1},{"name":"b"}],"version":"3"} plus a left-out key under checks[1].
//  0 (document)  1 checks  2 [0]  3 name  4 value  5 [1]  6 name  7 fail (left out)  8 version
const tree: PreviewTreeColumns = {
  size: 9,
  depth: Int32Array.from([0, 1, 2, 3, 3, 2, 3, 3, 1]),
  parent: Int32Array.from([-1, 0, 1, 2, 2, 1, 5, 5, 0]),
  kind: Int8Array.from([1, 2, 1, 0, 0, 1, 0, 3, 0]),
  key: [null, 'checks', 0, 'name', 'value', 1, 'name', 'fail', 'version'],
  text: [
    '{…} 2 fields',
    '[…] 2 items',
    '{…} 2 fields',
    '"a"',
    '1',
    '{…} 1 field',
    '"b"',
    '(left out)',
    '"3"',
  ],
  fieldClass: Int8Array.from([-1, -1, -1, 0, 1, -1, 0, 2, 3]),
  withheld: Int8Array.from([-1, -1, -1, -1, 0, -1, -1, 1, -1]),
  classes: ['identifier', 'data', 'definition', 'metadata'],
  reasons: ['level', 'withhold_values'],
};
const all = (rows: Int32Array) => [...rows];

describe('payload tree columns', () => {
  it('reads a row’s label, class, withheld reason and kind', () => {
    expect([0, 1, 2, 3].map((row) => rowLabel(tree, row))).toEqual(['(document)', 'checks', '[0]', 'name']);
    expect(rowClass(tree, 4)).toBe('data');
    expect(rowClass(tree, 2)).toBeUndefined();
    expect(rowWithheld(tree, 4)).toBe('level');
    expect(rowWithheld(tree, 3)).toBeUndefined();
    expect([isLeaf(tree, 7), isLeftOut(tree, 7), isLeaf(tree, 5), isLeftOut(tree, 4)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('shows every row when nothing is folded', () => {
    expect(all(visibleRows(tree, new Set()))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('hides a folded container’s descendants, and only those', () => {
    expect(all(visibleRows(tree, new Set([2])))).toEqual([0, 1, 2, 5, 6, 7, 8]);
    expect(all(visibleRows(tree, new Set([1])))).toEqual([0, 1, 8]);
    // A fold inside a folded container changes nothing more; a "fold" of a leaf is ignored.
    expect(all(visibleRows(tree, new Set([1, 5])))).toEqual([0, 1, 8]);
    expect(all(visibleRows(tree, new Set([3])))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all(visibleRows(tree, new Set([0])))).toEqual([0]);
  });

  it('folds all: every container from a depth on', () => {
    expect([...containersBelow(tree, 2)].sort()).toEqual([2, 5]);
    expect([...containersBelow(tree, 1)].sort()).toEqual([1, 2, 5]);
  });
});
