/** A check file with line numbers, each SodaCL diagnostic shown under the line it is about. */
import { useEffect, useRef } from 'react';
import type { CheckFileView, SodaclDiagnostic } from '../../../../src/api/desktop/contract.js';

export function FileView({
  file,
  diagnostics,
  focusLine,
}: {
  file: CheckFileView;
  diagnostics: SodaclDiagnostic[];
  /** Scroll to and focus this line (a diagnostic was chosen in the list). */
  focusLine?: number;
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
    if (focusLine === undefined) return;
    container.current?.querySelector<HTMLElement>(`[data-line="${focusLine}"]`)?.focus();
  }, [focusLine]);
  return (
    <section className="file-view" ref={container} aria-label={`Contents of ${file.path}`}>
      {lines.map((text, index) => {
        const number = index + 1;
        const here = byLine.get(number) ?? [];
        const severity = here.some((d) => d.severity === 'error')
          ? 'has-error'
          : here.length
            ? 'has-warning'
            : '';
        return (
          <div
            key={number}
            className={`file-line ${severity}`}
            data-line={number}
            tabIndex={here.length ? -1 : undefined}
          >
            <span className="line-number">{number}</span>
            <span className="line-text">{text || ' '}</span>
            {here.map((diagnostic) => (
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
        );
      })}
    </section>
  );
}
