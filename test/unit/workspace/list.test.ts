/** Listing: newest first, filters and limit, and damaged files skipped with a warning instead of a crash. */
import { appendFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listScans } from '../../../src/workspace/list.js';
import { scansDir } from '../../../src/workspace/location.js';
import { saveScan } from '../../../src/workspace/save.js';
import { fakeResult, seconds, tempWorkspace } from './helpers.js';

let workspace: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ workspace, cleanup } = await tempWorkspace()));
afterEach(() => cleanup());

const fileOf = (id: string) => join(scansDir(workspace), `${id}.json`);

/** Saves scans of the given data sources one second apart; returns their ids, oldest first. */
async function saveAll(dataSources: string[]): Promise<string[]> {
  const dates = seconds(dataSources.length);
  const ids: string[] = [];
  for (const [i, dataSource] of dataSources.entries()) {
    ids.push(await saveScan(workspace, fakeResult({ dataSource, definitionName: `scan ${i}` }), dates[i]));
  }
  return ids;
}

describe('listScans', () => {
  it('is empty, without warnings, for a workspace that does not exist yet', async () => {
    expect(await listScans(workspace)).toEqual({ scans: [], more: false, warnings: [] });
  });

  it('lists newest first with the summary of each scan', async () => {
    const ids = await saveAll(['warehouse', 'lake', 'warehouse']);
    await saveScan(
      workspace,
      fakeResult({ outcomes: ['pass', 'pass', 'warn', 'fail', null], hasErrors: true }),
      new Date(Date.UTC(2026, 10, 30)),
    );
    const { scans } = await listScans(workspace);
    expect(scans.map((scan) => scan.id).slice(1)).toEqual([...ids].reverse());
    expect(scans[0]).toMatchObject({
      dataSource: 'warehouse',
      definitionName: 'nightly',
      counts: { pass: 2, warn: 1, fail: 1, notEvaluated: 1 },
      hasErrors: true,
    });
    expect(scans[1]).toMatchObject({ definitionName: 'scan 2', counts: { pass: 0, warn: 0, fail: 0 } });
  });

  it('filters by data source and stops at the limit, saying whether there are more', async () => {
    const ids = await saveAll(['warehouse', 'lake', 'warehouse', 'lake', 'warehouse']);
    const lake = await listScans(workspace, { dataSource: 'lake' });
    expect(lake.scans.map((scan) => scan.id)).toEqual([ids[3], ids[1]]);
    expect(lake.more).toBe(false);
    const two = await listScans(workspace, { dataSource: 'warehouse', limit: 2 });
    expect(two.scans.map((scan) => scan.id)).toEqual([ids[4], ids[2]]);
    expect(two.more).toBe(true);
    const three = await listScans(workspace, { dataSource: 'warehouse', limit: 3 });
    expect(three.more).toBe(false);
    expect((await listScans(workspace, { dataSource: 'nowhere' })).scans).toEqual([]);
  });

  it('reads only what the limit needs: a damaged old file is not even opened', async () => {
    const ids = await saveAll(Array.from({ length: 40 }, () => 'warehouse'));
    await writeFile(fileOf(ids[0] as string), 'garbage');
    const newest = await listScans(workspace, { limit: 5 });
    expect(newest.scans).toHaveLength(5);
    expect(newest.warnings).toEqual([]);
    const all = await listScans(workspace);
    expect(all.scans).toHaveLength(39);
    expect(all.warnings).toHaveLength(1);
  });

  it('skips truncated, corrupt, empty and appended-to files with a warning each, listing the rest', async () => {
    const ids = await saveAll(['a', 'b', 'c', 'd', 'e', 'f']);
    const [truncated, corrupt, empty, appended, noHeader] = ids as [string, string, string, string, string];
    const size = (await readFile(fileOf(truncated))).length;
    await truncate(fileOf(truncated), size - 10);
    await writeFile(fileOf(corrupt), '{"format":"gatehouse-scan/1","bytes":3,"summary":{"id":1},\n{}\n');
    await writeFile(fileOf(empty), '');
    await appendFile(fileOf(appended), 'more');
    await writeFile(fileOf(noHeader), JSON.stringify(fakeResult()));
    const listing = await listScans(workspace);
    expect(listing.scans.map((scan) => scan.dataSource)).toEqual(['f']);
    expect(listing.warnings).toHaveLength(5);
    expect(listing.warnings.find((w) => w.includes(truncated))).toMatch(/truncated or modified/);
    expect(listing.warnings.find((w) => w.includes(appended))).toMatch(/truncated or modified/);
    expect(listing.warnings.find((w) => w.includes(corrupt))).toMatch(/not a Gatehouse scan header/);
    expect(listing.warnings.find((w) => w.includes(empty))).toMatch(/no Gatehouse scan header/);
    for (const warning of listing.warnings) expect(warning).toMatch(/^Skipped scans\/.+\.json: /);
  });

  it('ignores files that are not saved scans (other names, temp files, folders)', async () => {
    const [id] = await saveAll(['warehouse']);
    await writeFile(join(scansDir(workspace), 'notes.json'), '{}');
    await writeFile(join(scansDir(workspace), 'README'), 'hello');
    const listing = await listScans(workspace);
    expect(listing.scans.map((scan) => scan.id)).toEqual([id]);
    expect(listing.warnings).toEqual([]);
  });
});
