/**
 * A check file with line numbers, each SodaCL diagnostic shown under the line it is about. Runs of lines without
 * a diagnostic are one block each (a 5,000-line file is a handful of elements, not 15,000); a line with a
 * diagnostic stands alone, focusable, so the problem list can take the keyboard to it.
 */
import { useEffect, useRef } from 'react';
import type { CheckFileView, SodaclDiagnostic } from '../../../../src/api/desktop/contract.js';

type Segment =
  | { kind: 'plain'; first: number; lines: string[] }
  | { kind: 'marked'; number: number; text: string; diagnostics: SodaclDiagnostic[] };

function segmentsOf(lines: string[], byLine: Map<number, SodaclDiagnostic[]>): Segment[] {
  const segments: Segment[] = [];
  lines.forEach((text, index) => {
    const number = index + 1;
    const diagnostics = byLine.get(number);
    const last = segments.at(-1);
    if (diagnostics) segments.push({ kind: 'marked', number, text, diagnostics });
    else if (last?.kind === 'plain') last.lines.push(text);
    else segments.push({ kind: 'plain', first: number, lines: [text] });
  });
  return segments;
}

export function FileView({
  file,
  diagnostics,
  focus,
}: {
  file: CheckFileView;
  diagnostics: SodaclDiagnostic[];
  /** Scroll to and focus this line (a diagnostic was chosen in the list); a new object each time. */
  focus?: { line: number };
}) {
  const lines = file.text.split(/\r?\n/);
  const byLine = new Map<number, SodaclDiagnostic[]>();
  for (const diagnostic of diagnostics) {
    // A diagnostic past the end (e.g. "unexpected end of file") is shown under the last line.
    const line = Math.min(Math.max(diagnostic.location.line, 1), lines.length);
    byLine.set(line, [...(byLine.get(line) ?? []), diagnostic]);
  }
  const container = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!focus) return;
    const line = container.current?.querySelector<HTMLElement>(`[data-line="${focus.line}"]`);
    line?.scrollIntoView({ block: 'center' });
    line?.focus({ preventScroll: true });
  }, [focus]);
  return (
    <section className="file-view" ref={container} aria-label={`Contents of ${file.path}`}>
      {segmentsOf(lines, byLine).map((segment) =>
        segment.kind === 'plain' ? (
          <div key={`plain-${segment.first}`} className="file-line">
            <span className="line-number" aria-hidden="true">
              {segment.lines.map((_, i) => segment.first + i).join('\n')}
            </span>
            <span className="line-text">{segment.lines.join('\n')}</span>
          </div>
        ) : (
          <div
            key={`line-${segment.number}`}
            className={`file-line ${segment.diagnostics.some((d) => d.severity === 'error') ? 'has-error' : 'has-warning'}`}
            data-line={segment.number}
            tabIndex={-1}
          >
            <span className="line-number">{segment.number}</span>
            <span className="line-text">{segment.text || ' '}</span>
            {segment.diagnostics.map((diagnostic) => (
              <div
                key={`${diagnostic.location.col}:${diagnostic.message}`}
                className={`line-diagnostic ${diagnostic.severity}`}
                role="note"
              >
                <strong>{diagnostic.severity === 'error' ? 'Error' : 'Warning'}</strong> (line{' '}
                {diagnostic.location.line}, column {diagnostic.location.col}): {diagnostic.message}
              </div>
            ))}
          </div>
        ),
      )}
    </section>
  );
}
