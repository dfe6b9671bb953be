/**
 * A check's history: its values in the data source's newest scans, oldest first, read from each scan's small
 * check-values companion; a missing or unreadable companion is rebuilt from the scan file, and the limit counts
 * scans, so a check that is new does not make the history read every older scan.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/api/check-history.js';
import type { ScanResult } from '../../../src/scan/result.js';
import { writeCheckValues } from '../../../src/workspace/check-values.js';
import { scanFilePath, scansDir } from '../../../src/workspace/location.js';
import { saveScan } from '../../../src/workspace/save.js';
import { fakeResult } from '../workspace/helpers.js';

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-history-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const KEY = 'v3-row-count-orders';

/** A scan whose check KEY measured `value` (or that has no such check), saved `minutesAgo` before now. */
async function save(
  value: number | undefined,
  minutesAgo: number,
  dataSource = 'warehouse',
): Promise<string> {
  const result: ScanResult = fakeResult({ dataSource, outcomes: value === undefined ? [] : ['pass'] });
  const [check] = result.checks;
  if (check && value !== undefined) {
    check.value = value;
    check.outcome = value > 10 ? 'fail' : 'pass';
    check.identities = { v1: 'a', v2: 'b', v3: KEY };
  }
  result.scanStartTimestamp = new Date(Date.UTC(2026, 10, 30, 12, 0) - minutesAgo * 60_000).toISOString();
  return saveScan(workspace, result, new Date(Date.now() - minutesAgo * 60_000));
}

const history = (limit?: number) =>
  checkHistory(workspace, { dataSource: 'warehouse', identity: KEY, ...(limit ? { limit } : {}) });

describe('checkHistory', () => {
  it("gives the check's values and outcomes, oldest first, and only this data source's", async () => {
    const oldest = await save(3, 30);
    await save(99, 25, 'other');
    const middle = await save(12, 20);
    const newest = await save(5, 10);
    const { points, warnings } = await history();
    expect(points.map((p) => [p.scanId, p.value, p.outcome])).toEqual([
      [oldest, 3, 'pass'],
      [middle, 12, 'fail'],
      [newest, 5, 'pass'],
    ]);
    expect(points[0]?.time).toBe('2026-11-30T11:30:00.000Z');
    expect(warnings).toEqual([]);
  });

  it("reads each scan's check-values companion, not the whole scan file", async () => {
    const id = await save(3, 10);
    // A companion that says otherwise than the scan file: the history shows the companion's value.
    await writeCheckValues(workspace, id, new Map([[KEY, { value: 42, outcome: 'warn' as const }]]));
    expect((await history()).points.map((p) => [p.value, p.outcome])).toEqual([[42, 'warn']]);
  });

  it('rebuilds a missing or unreadable companion from the scan file', async () => {
    const first = await save(3, 20);
    const second = await save(4, 10);
    const companions = join(scansDir(workspace), 'check-values');
    await rm(join(companions, `${first}.json`));
    await writeFile(join(companions, `${second}.json`), '{"format":"gatehouse-check-values/1","checks":[[');
    expect((await history()).points.map((p) => p.value)).toEqual([3, 4]);
    expect((await readdir(companions)).sort()).toEqual([`${first}.json`, `${second}.json`].sort());
    const rebuilt = JSON.parse(await readFile(join(companions, `${second}.json`), 'utf8'));
    expect(rebuilt.checks).toEqual([[KEY, 4, 'pass']]);
  });

  it('counts the limit in scans: a check missing from the newest scans reads no older ones', async () => {
    await save(1, 50);
    await save(2, 40);
    for (const minutesAgo of [30, 20, 10]) await save(undefined, minutesAgo);
    expect((await history(3)).points).toEqual([]);
    expect((await history(5)).points.map((p) => p.value)).toEqual([1, 2]);
  });

  it('reports a scan file that cannot be read (and has no companion) as a warning', async () => {
    const broken = await save(1, 20);
    await save(2, 10);
    await rm(join(scansDir(workspace), 'check-values', `${broken}.json`));
    const bytes = await readFile(scanFilePath(workspace, broken), 'utf8');
    // Keep the header line (so the listing still shows the scan), break the result.
    await writeFile(
      scanFilePath(workspace, broken),
      `${bytes.slice(0, bytes.indexOf('\n') + 1)}${'x'.repeat(bytes.length - bytes.indexOf('\n') - 1)}`,
    );
    const { points, warnings } = await history();
    expect(points.map((p) => p.value)).toEqual([2]);
    expect(warnings).toEqual([expect.stringContaining(`The saved scan ${broken} cannot be read`)]);
  });
});
