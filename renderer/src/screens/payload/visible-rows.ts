/** Which tree rows show when some containers are folded: their descendants are the rows right after them. */
import type { PreviewRow } from '../../../../src/api/desktop/contract.js';

export function visibleRows(rows: readonly PreviewRow[], folded: ReadonlySet<number>): number[] {
  const visible: number[] = [];
  for (let index = 0; index < rows.length; index++) {
    visible.push(index);
    const row = rows[index] as PreviewRow;
    if (!row.leaf && folded.has(index)) {
      let next = index + 1;
      while (next < rows.length && (rows[next] as PreviewRow).depth > row.depth) next++;
      index = next - 1;
    }
  }
  return visible;
}

/** Every container below the document: "fold all" leaves the top-level sections showing. */
export function containersBelow(rows: readonly PreviewRow[], depth: number): Set<number> {
  const folded = new Set<number>();
  rows.forEach((row, index) => {
    if (!row.leaf && row.depth >= depth) folded.add(index);
  });
  return folded;
}
