// biome-ignore-all lint/a11y/noStaticElementInteractions: the scroll box is a table/tree/list whose rows take the keys (roving focus).
// biome-ignore-all lint/a11y/useAriaPropsSupportedByRole: aria-rowcount is set only when the role is table.
/**
 * A long list that stays smooth at any length (5,000 check results, 300,000 payload fields): only the rows in
 * view exist in the DOM (@tanstack/react-virtual), every row has the same height (no layout shift), and the
 * keyboard moves through all of them — Up/Down, Page Up/Down, Home/End — with a roving tabindex, scrolling the
 * focused row into view. Rows are rendered by the caller; this owns scrolling and focus.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';

const MAX_HEIGHT = 448;

export interface RowProps {
  'data-index': number;
  tabIndex: number;
  className: string;
  style: { height: number; transform: string };
  onFocus: () => void;
  onClick: () => void;
}

export function VirtualRows({
  count,
  rowHeight = 34,
  label,
  role,
  gridClass,
  header,
  renderRow,
  onActivate,
  onKey,
  selected,
  heightClass,
}: {
  count: number;
  rowHeight?: number;
  label: string;
  /** `table` (rows are role=row), `tree` (treeitem), `list` (listitem). */
  role: 'table' | 'tree' | 'list';
  /** The CSS grid of the columns, shared with the header. */
  gridClass: string;
  header?: ReactNode;
  renderRow: (index: number, props: RowProps) => ReactNode;
  /** Enter or a click on a row. */
  onActivate?: (index: number) => void;
  /** Other keys on the focused row (a tree's Left/Right); return true when handled. */
  onKey?: (event: KeyboardEvent<HTMLElement>, index: number) => boolean;
  selected?: number;
  heightClass?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const current = Math.min(active, Math.max(0, count - 1));

  // After a keyboard move, focus the row once it is rendered.
  useEffect(() => {
    if (!focusWanted.current) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusWanted.current = false;
    }
  });

  const move = (to: number) => {
    const target = Math.max(0, Math.min(count - 1, to));
    focusWanted.current = true;
    setActive(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (onKey?.(event, current)) {
      event.preventDefault();
      return;
    }
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      move(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate?.(current);
    }
  };

  const rowRole = role === 'table' ? 'row' : role === 'tree' ? 'treeitem' : 'listitem';
  return (
    <div className="virtual-list">
      {header ? (
        <div className={`grid-header ${gridClass}`} aria-hidden="true">
          {header}
        </div>
      ) : null}
      <div
        ref={scroller}
        className={`virtual-scroll ${heightClass ?? ''}`}
        // As tall as the rows need, up to 28rem; then it scrolls.
        style={{ height: Math.min(MAX_HEIGHT, Math.max(2, count) * rowHeight + 2) }}
        role={role === 'list' ? 'list' : role}
        aria-label={label}
        aria-rowcount={role === 'table' ? count : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="virtual-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) =>
            renderRow(item.index, {
              'data-index': item.index,
              tabIndex: item.index === current ? 0 : -1,
              className: `virtual-row ${gridClass}${item.index === selected ? ' selected' : ''}`,
              style: { height: rowHeight, transform: `translateY(${item.start}px)` },
              onFocus: () => setActive(item.index),
              onClick: () => {
                setActive(item.index);
                onActivate?.(item.index);
              },
            }),
          )}
        </div>
      </div>
      <span className="sr-only">{rowRole === 'row' ? `${count} rows` : `${count} items`}</span>
    </div>
  );
}
