/**
 * `gatehouse scans` as a table: one row a scan on a wide terminal and in pipes (stable for scripts), two short
 * lines a scan on a terminal too narrow for the table, so nothing wraps mid-row and the id stays whole.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderScanList } from '../../../src/cli/scans-table.js';
import type { ScanSummary } from '../../../src/workspace/summary.js';

const scans: ScanSummary[] = [
  {
    id: '2026-11-30T05-40-57.922Z-7bb08f2e',
    scanId: 'a',
    time: '2026-11-30T05:40:57+00:00',
    definitionName: 'gatehouse-demo',
    dataSource: 'demo',
    counts: { pass: 26, warn: 3, fail: 3, notEvaluated: 0 },
    hasErrors: false,
  },
  {
    id: '2026-11-30T05-30-00.000Z-0a1b2c3d',
    scanId: 'b',
    time: '2026-11-30T05:30:00+00:00',
    definitionName: 'nightly',
    dataSource: 'warehouse',
    counts: { pass: 0, warn: 0, fail: 0, notEvaluated: 2 },
    hasErrors: true,
  },
];

const terminal = (columns: number) => ({ isTTY: true, columns }) as NodeJS.WriteStream;

describe('renderScanList', () => {
  // The text without colour (a terminal would otherwise get escape codes).
  beforeEach(() => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('FORCE_COLOR', undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('a wide terminal gets the table, one row a scan', () => {
    const lines = renderScanList(scans, terminal(160)).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ID +WHEN +DEFINITION +DATA SOURCE +PASS +WARN +FAIL +N\/E +ERRORS$/);
    expect(lines[2]).toMatch(
      /^2026-11-30T05-30-00\.000Z-0a1b2c3d +2026-11-30 05:30:00 UTC +nightly +warehouse .* yes$/,
    );
  });

  it('a narrow terminal gets two short lines a scan, none wider than the terminal', () => {
    const text = renderScanList(scans, terminal(60));
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual([
      '2026-11-30T05-40-57.922Z-7bb08f2e  2026-11-30 05:40:57 UTC',
      '  gatehouse-demo · demo · 26 pass, 3 warn, 3 fail',
      '2026-11-30T05-30-00.000Z-0a1b2c3d  2026-11-30 05:30:00 UTC',
      '  nightly · warehouse · 2 n/e · errors',
    ]);
    expect(lines.every((line) => line.length <= 60)).toBe(true);
  });

  it('a pipe keeps the table whatever COLUMNS says', () => {
    const lines = renderScanList(scans, { isTTY: false, columns: 60 } as NodeJS.WriteStream).split('\n');
    expect(lines[0]).toMatch(/^ID +WHEN/);
  });
});
