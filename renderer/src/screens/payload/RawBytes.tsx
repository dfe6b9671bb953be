// biome-ignore-all lint/a11y/useSemanticElements: virtualised rows are absolutely placed divs; ARIA roles give them their table semantics.
// biome-ignore-all lint/a11y/useFocusableInteractive: each row gets its tabIndex from VirtualRows' props (a roving tabindex).
/**
 * Exact bytes that would leave, as text: canonical JSON is one long line, so it is shown in pieces with their byte
 * offsets; a sample file's JSON Lines break at each newline too, marked ↵ (the marker is not part of the text).
 * Nothing is reformatted. Virtualised: a large payload is megabytes.
 */
import { useMemo } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { VirtualRows } from '../../components/VirtualRows.js';

const PIECE = 96;

interface Piece {
  offset: number;
  text: string;
  newline: boolean;
}

function piecesOf(text: string): Piece[] {
  const encoder = new TextEncoder();
  const result: Piece[] = [];
  let offset = 0;
  let start = 0;
  while (start < text.length) {
    const lineEnd = text.indexOf('\n', start);
    const end = Math.min(start + PIECE, lineEnd === -1 ? text.length : lineEnd);
    const piece = text.slice(start, end);
    const newline = end === lineEnd;
    result.push({ offset, text: piece, newline });
    offset += encoder.encode(piece).length + (newline ? 1 : 0);
    start = end + (newline ? 1 : 0);
  }
  return result;
}

export function RawBytes({ text, label = 'Payload bytes' }: { text: string; label?: string }) {
  const pieces = useMemo(() => piecesOf(text), [text]);
  return (
    <>
      <div className="actions">
        <CopyButton text={text} label="Copy all bytes" />
        <span className="muted">
          UTF-8 text, exactly as it would be sent; shown in pieces of at most {PIECE} characters.
        </span>
      </div>
      <VirtualRows
        count={pieces.length}
        rowHeight={24}
        label={label}
        role="list"
        gridClass="bytes-grid"
        renderRow={(index, props) => {
          const piece = pieces[index] as Piece;
          return (
            <div key={index} {...props} role="listitem">
              <span className="muted">{piece.offset.toString(16).padStart(8, '0')}</span>
              <span className="raw-piece">
                <span data-raw-text>{piece.text}</span>
                {piece.newline ? (
                  <span className="muted" aria-hidden="true" title="newline (one byte, 0a)">
                    ↵
                  </span>
                ) : null}
              </span>
            </div>
          );
        }}
      />
    </>
  );
}
