/** The scan results as a readable table, grouped by dataset, then the errors and a one-line summary. */
import { formatAge, isFreshness, thresholdText } from '../display/thresholds.js';
import type { CheckResult, ScanResult } from '../scan/result.js';
import { checkDetails } from './check-details.js';
import { colours, formatValue, padOrCut } from './format.js';

const LABELS = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function renderResults(result: ScanResult, stream: NodeJS.WriteStream, elapsedMs?: number): string {
  const paint = colours(stream);
  const width = Math.max(60, Math.min(stream.columns ?? 100, 160));
  const nameWidth = Math.max(24, Math.floor(width * 0.45));
  const lines: string[] = [];
  const groups = new Map<string, CheckResult[]>();
  for (const check of result.checks) {
    const dataset = check.check.dataset?.name ?? `data source ${result.dataSource}`;
    const label = check.check.partition ? `${dataset} [${check.check.partition}]` : dataset;
    groups.set(label, [...(groups.get(label) ?? []), check]);
  }
  for (const [dataset, checks] of groups) {
    lines.push('', paint('bold', dataset));
    for (const check of checks) {
      const outcome = check.outcome;
      const label = outcome
        ? paint(outcome === 'pass' ? 'green' : outcome === 'warn' ? 'yellow' : 'red', LABELS[outcome])
        : paint('gray', '----');
      const value = (
        isFreshness(check) && check.value !== null ? formatAge(check.value) : formatValue(check.value)
      ).padStart(12);
      const threshold = paint('gray', thresholdText(check));
      lines.push(`  ${label}  ${padOrCut(check.displayName, nameWidth)} ${value}  ${threshold}`.trimEnd());
      const details = checkDetails(check);
      if (details) lines.push(paint('gray', `        ↳ ${details}`));
      const sample = check.samples;
      if (sample) {
        const columns = sample.columns.map((column) => column.name).join(', ');
        const note = `${sample.storedRowCount} of ${sample.totalRowCount} failed rows kept locally (${columns})`;
        lines.push(paint('gray', `        ↳ ${note}`));
      }
    }
  }
  for (const [level, title, colour] of [
    ['error', 'Errors', 'red'],
    ['warning', 'Warnings', 'yellow'],
  ] as const) {
    const entries = result.logs.filter((entry) => entry.level === level);
    if (entries.length === 0) continue;
    lines.push('', paint(colour, `${title} (${entries.length}):`));
    for (const entry of entries) {
      const where = entry.location
        ? `${entry.location.filePath}:${entry.location.line}:${entry.location.col}: `
        : '';
      lines.push(`  ${where}${entry.message}`);
    }
  }
  const counts = { pass: 0, warn: 0, fail: 0, none: 0 };
  for (const check of result.checks) counts[check.outcome ?? 'none']++;
  const summary = [
    paint('green', `${counts.pass} passed`),
    paint('yellow', `${counts.warn} warned`),
    paint('red', `${counts.fail} failed`),
    `${counts.none} not evaluated`,
    `${result.queries.length} ${result.queries.length === 1 ? 'query' : 'queries'}`,
    ...(elapsedMs !== undefined ? [`${(elapsedMs / 1000).toFixed(2)} s`] : []),
  ].join(' · ');
  lines.push('', `Scan "${result.definitionName}" on ${result.dataSource}: ${summary}`, '');
  return lines.join('\n');
}
