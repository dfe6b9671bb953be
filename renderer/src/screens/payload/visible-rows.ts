/**
 * The payload tree's rows read from its columns (no object per row), and which of them show when some containers
 * are folded: a container's descendants are the rows right after it.
 */
import type { PreviewRowKind, PreviewTreeColumns } from '../../../../src/api/desktop/contract.js';

const LEAF: PreviewRowKind = 0;
const LEFT_OUT: PreviewRowKind = 3;

/** A leaf or a left-out key: nothing to fold. */
export function isLeaf(tree: PreviewTreeColumns, row: number): boolean {
  const kind = tree.kind[row];
  return kind === LEAF || kind === LEFT_OUT;
}

export function isLeftOut(tree: PreviewTreeColumns, row: number): boolean {
  return tree.kind[row] === LEFT_OUT;
}

export function rowLabel(tree: PreviewTreeColumns, row: number): string {
  const key = tree.key[row];
  return key === null || key === undefined ? '(document)' : typeof key === 'number' ? `[${key}]` : key;
}

export function rowClass(tree: PreviewTreeColumns, row: number) {
  return tree.classes[tree.fieldClass[row] ?? -1];
}

export function rowWithheld(tree: PreviewTreeColumns, row: number) {
  return tree.reasons[tree.withheld[row] ?? -1];
}

export function visibleRows(tree: PreviewTreeColumns, folded: ReadonlySet<number>): Int32Array {
  if (folded.size === 0) return Int32Array.from({ length: tree.size }, (_, row) => row);
  const visible = new Int32Array(tree.size);
  let count = 0;
  for (let row = 0; row < tree.size; row++) {
    visible[count++] = row;
    if (folded.has(row) && !isLeaf(tree, row)) {
      const depth = tree.depth[row] ?? 0;
      let next = row + 1;
      while (next < tree.size && (tree.depth[next] ?? 0) > depth) next++;
      row = next - 1;
    }
  }
  return visible.subarray(0, count);
}

/** Every container at `depth` or below: "fold all" leaves the top-level sections showing. */
export function containersBelow(tree: PreviewTreeColumns, depth: number): Set<number> {
  const folded = new Set<number>();
  for (let row = 0; row < tree.size; row++) {
    if (!isLeaf(tree, row) && (tree.depth[row] ?? 0) >= depth) folded.add(row);
  }
  return folded;
}
