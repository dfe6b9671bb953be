/** The scan history as a readable table, newest first: one line per saved scan. */
import type { ScanSummary } from '../workspace/summary.js';
import { colours, padOrCut } from './format.js';

/** `2026-11-29T23:59:01+00:00` → `2026-11-29 23:59:01 UTC` (stored times are UTC). */
function when(time: string): string {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?(?:\+00:00|Z)$/.exec(time);
  return match ? `${match[1]} ${match[2]} UTC` : time;
}

const MAX_NAME = 28;

export function renderScanList(scans: ScanSummary[], stream: NodeJS.WriteStream): string {
  const paint = colours(stream);
  const rows = scans.map((scan) => ({
    scan,
    cells: [
      scan.id,
      when(scan.time),
      scan.definitionName,
      scan.dataSource,
      String(scan.counts.pass),
      String(scan.counts.warn),
      String(scan.counts.fail),
      String(scan.counts.notEvaluated),
      scan.hasErrors ? 'yes' : '',
    ],
  }));
  const headings = ['ID', 'WHEN', 'DEFINITION', 'DATA SOURCE', 'PASS', 'WARN', 'FAIL', 'N/E', 'ERRORS'];
  const numeric = new Set([4, 5, 6, 7]);
  const widths = headings.map((heading, i) =>
    Math.min(
      i === 2 || i === 3 ? MAX_NAME : Number.POSITIVE_INFINITY,
      Math.max(heading.length, ...rows.map((row) => (row.cells[i] as string).length)),
    ),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] as number;
        return numeric.has(i) ? cell.padStart(width) : padOrCut(cell, width);
      })
      .join('  ')
      .trimEnd();
  const styleOf = (scan: ScanSummary) =>
    scan.hasErrors || scan.counts.fail > 0 ? 'red' : scan.counts.warn > 0 ? 'yellow' : undefined;
  const tableWidth = widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1);
  // A terminal too narrow for the table gets two lines a scan instead of wrapped rows; pipes keep the table.
  if (stream.isTTY && stream.columns !== undefined && stream.columns < tableWidth) {
    return `${scans.map((scan) => stacked(scan, paint, styleOf(scan))).join('\n')}\n`;
  }
  const out = [paint('bold', line(headings))];
  for (const { scan, cells } of rows) {
    const text = line(cells);
    // Colour the whole line by the worst outcome, after padding, so escape codes never skew the columns.
    const style = styleOf(scan);
    out.push(style ? paint(style, text) : text);
  }
  return `${out.join('\n')}\n`;
}

/** One scan in two short lines: its id and when; then definition, data source, the counts that are not zero. */
function stacked(
  scan: ScanSummary,
  paint: ReturnType<typeof colours>,
  style: 'red' | 'yellow' | undefined,
): string {
  const { pass, warn, fail, notEvaluated } = scan.counts;
  const counts = [
    [pass, 'pass'],
    [warn, 'warn'],
    [fail, 'fail'],
    [notEvaluated, 'n/e'],
  ]
    .filter(([count]) => count !== 0)
    .map(([count, label]) => `${count} ${label}`)
    .join(', ');
  const outcome = [counts || 'no checks', ...(scan.hasErrors ? ['errors'] : [])].join(' · ');
  const details = `${scan.definitionName} · ${scan.dataSource} · ${style ? paint(style, outcome) : outcome}`;
  return `${scan.id}  ${paint('gray', when(scan.time))}\n  ${details}`;
}
