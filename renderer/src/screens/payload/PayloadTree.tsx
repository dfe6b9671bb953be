// biome-ignore-all lint/a11y/useSemanticElements: virtualised rows are absolutely placed divs; ARIA roles give them their table semantics.
// biome-ignore-all lint/a11y/useFocusableInteractive: each row gets its tabIndex from VirtualRows' props (a roving tabindex).
/**
 * The document as a tree: one row per field with its class badge and, where the policy held something back, why.
 * Virtualised (a 5,000-check payload has some 300,000 rows); Right/Left unfold and fold a container.
 */
import { useMemo, useState } from 'react';
import type { PreviewRow } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { VirtualRows } from '../../components/VirtualRows.js';
import { ClassBadge } from './ClassBadge.js';
import { WITHHELD_LABELS } from './classes.js';
import { containersBelow, visibleRows } from './visible-rows.js';

const label = (row: PreviewRow) =>
  row.key === null ? '(document)' : typeof row.key === 'number' ? `[${row.key}]` : row.key;

export function PayloadTree({ rows }: { rows: PreviewRow[] }) {
  const [folded, setFolded] = useState<ReadonlySet<number>>(() => new Set());
  const visible = useMemo(() => visibleRows(rows, folded), [rows, folded]);
  const toggle = (index: number, fold?: boolean) => {
    const row = rows[index];
    if (!row || row.leaf) return false;
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
        <button type="button" onClick={() => setFolded(containersBelow(rows, 2))}>
          Fold all
        </button>
        <button type="button" onClick={() => setFolded(new Set())}>
          Unfold all
        </button>
        <span className="muted">
          {visible.length.toLocaleString('en')} of {rows.length.toLocaleString('en')} rows shown
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
          const row = rows[index] as PreviewRow;
          const name = label(row);
          return (
            <div
              key={index}
              {...props}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-expanded={row.leaf ? undefined : !folded.has(index)}
              data-pointer-depth={row.depth}
            >
              <span className="tree-key" style={{ paddingLeft: `${row.depth * 1.1}rem` }}>
                <span className="toggle" aria-hidden="true">
                  {row.leaf ? '' : folded.has(index) ? '▸' : '▾'}
                </span>
                <Ellipsis text={name} className="mono" />
              </span>
              <Ellipsis text={row.text} className="mono" />
              <span>
                {row.fieldClass ? <ClassBadge fieldClass={row.fieldClass} /> : null}
                {row.withheld ? (
                  <Badge tone="pass" title={WITHHELD_LABELS[row.withheld]}>
                    {row.leftOut ? 'left out' : 'withheld'}
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
