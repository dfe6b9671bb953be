// biome-ignore-all lint/a11y/useSemanticElements: virtualised rows are absolutely placed divs; ARIA roles give them their table semantics.
// biome-ignore-all lint/a11y/useFocusableInteractive: each row gets its tabIndex from VirtualRows' props (a roving tabindex).
/**
 * The exact bytes that would leave, as text (canonical JSON is one long line, so it is shown in pieces with their
 * byte offsets; nothing is reformatted). Virtualised: a large payload is megabytes.
 */
import { useMemo } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { VirtualRows } from '../../components/VirtualRows.js';

const PIECE = 96;

export function RawBytes({ text }: { text: string }) {
  const pieces = useMemo(() => {
    const encoder = new TextEncoder();
    const result: Array<{ offset: number; text: string }> = [];
    let offset = 0;
    for (let start = 0; start < text.length; start += PIECE) {
      const piece = text.slice(start, start + PIECE);
      result.push({ offset, text: piece });
      offset += encoder.encode(piece).length;
    }
    return result;
  }, [text]);
  return (
    <>
      <div className="actions">
        <CopyButton text={text} label="Copy all bytes" />
        <span className="muted">
          UTF-8 text, exactly as it would be sent; shown in pieces of {PIECE} characters.
        </span>
      </div>
      <VirtualRows
        count={pieces.length}
        rowHeight={24}
        label="Payload bytes"
        role="list"
        gridClass="bytes-grid"
        renderRow={(index, props) => {
          const piece = pieces[index] as { offset: number; text: string };
          return (
            <div key={index} {...props} role="listitem">
              <span className="muted">{piece.offset.toString(16).padStart(8, '0')}</span>
              <span className="raw-piece">{piece.text}</span>
            </div>
          );
        }}
      />
    </>
  );
}
