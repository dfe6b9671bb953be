// biome-ignore-all lint/a11y/useSemanticElements: virtualised rows are absolutely placed divs; ARIA roles give them their table semantics.
// biome-ignore-all lint/a11y/useFocusableInteractive: each row gets its tabIndex from VirtualRows' props (a roving tabindex).
/**
 * The document as a tree: one row per field with its class badge and, where the policy held something back, why.
 * Virtualised (a 5,000-check payload has some 135,000 rows), and read from the tree's columns: only the rows on
 * screen are ever looked at. Right/Left unfold and fold a container.
 */
import { useMemo, useState } from 'react';
import type { PreviewTreeColumns } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { VirtualRows } from '../../components/VirtualRows.js';
import { ClassBadge } from './ClassBadge.js';
import { WITHHELD_LABELS } from './classes.js';
import {
  containersBelow,
  isLeaf,
  isLeftOut,
  rowClass,
  rowLabel,
  rowWithheld,
  visibleRows,
} from './visible-rows.js';

export function PayloadTree({ tree }: { tree: PreviewTreeColumns }) {
  const [folded, setFolded] = useState<ReadonlySet<number>>(() => new Set());
  const visible = useMemo(() => visibleRows(tree, folded), [tree, folded]);
  const toggle = (index: number, fold?: boolean) => {
    if (index < 0 || index >= tree.size || isLeaf(tree, index)) return false;
    const isFolded = folded.has(index);
    const want = fold ?? !isFolded;
    if (want === isFolded) return false;
    const next = new Set(folded);
    if (want) next.add(index);
    else next.delete(index);
    setFolded(next);
    return true;
  };
  return (
    <>
      <div className="actions">
        <button type="button" onClick={() => setFolded(containersBelow(tree, 2))}>
          Fold all
        </button>
        <button type="button" onClick={() => setFolded(new Set())}>
          Unfold all
        </button>
        <span className="muted">
          {visible.length.toLocaleString('en')} of {tree.size.toLocaleString('en')} rows shown
        </span>
      </div>
      <VirtualRows
        count={visible.length}
        rowHeight={30}
        label="Payload fields"
        role="tree"
        gridClass="tree-grid"
        header={
          <>
            <span>Field</span>
            <span>Value</span>
            <span>Class</span>
          </>
        }
        onActivate={(position) => {
          const index = visible[position];
          if (index !== undefined) toggle(index);
        }}
        onKey={(event, position) => {
          const index = visible[position];
          if (index === undefined) return false;
          if (event.key === 'ArrowRight') return toggle(index, false);
          if (event.key === 'ArrowLeft') return toggle(index, true);
          return false;
        }}
        renderRow={(position, props) => {
          const index = visible[position] as number;
          const depth = tree.depth[index] ?? 0;
          const leaf = isLeaf(tree, index);
          const fieldClass = rowClass(tree, index);
          const withheld = rowWithheld(tree, index);
          return (
            <div
              key={index}
              {...props}
              role="treeitem"
              aria-level={depth + 1}
              aria-expanded={leaf ? undefined : !folded.has(index)}
              data-pointer-depth={depth}
            >
              <span className="tree-key" style={{ paddingLeft: `${depth * 1.1}rem` }}>
                <span className="toggle" aria-hidden="true">
                  {leaf ? '' : folded.has(index) ? '▸' : '▾'}
                </span>
                <Ellipsis text={rowLabel(tree, index)} className="mono" />
              </span>
              <Ellipsis text={tree.text[index] ?? ''} className="mono" />
              <span className="badge-cell">
                {fieldClass ? <ClassBadge fieldClass={fieldClass} /> : null}
                {withheld ? (
                  <Badge tone="pass" title={WITHHELD_LABELS[withheld]}>
                    {isLeftOut(tree, index) ? 'left out' : 'withheld'}
                  </Badge>
                ) : null}
              </span>
            </div>
          );
        }}
      />
    </>
  );
}
