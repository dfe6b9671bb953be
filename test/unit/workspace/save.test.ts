/** Saving: atomic files, private folders, ids that sort by time, and the summary header. */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/common/atomic-write.js';
import { listScans } from '../../../src/workspace/list.js';
import { scansDir } from '../../../src/workspace/location.js';
import { readScan } from '../../../src/workspace/read.js';
import { saveScan } from '../../../src/workspace/save.js';
import { decodeScanFile } from '../../../src/workspace/scan-file.js';
import { isScanId, newScanId } from '../../../src/workspace/scan-id.js';
import { fakeResult, seconds, tempWorkspace } from './helpers.js';

let workspace: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ workspace, cleanup } = await tempWorkspace()));
afterEach(() => cleanup());

describe('scan ids', () => {
  it('sort by time as plain strings, across seconds, days and years', () => {
    const dates = [
      new Date('2025-12-31T23:59:59.999Z'),
      new Date('2026-01-01T00:00:00.000Z'),
      new Date('2026-01-01T00:00:00.001Z'),
      new Date('2026-02-10T09:05:00.000Z'),
      new Date('2026-11-29T23:59:01.000Z'),
    ];
    const ids = dates.map((date) => newScanId(date));
    expect([...ids].reverse().sort()).toEqual(ids);
    for (const id of ids) expect(isScanId(id)).toBe(true);
    expect(ids[4]).toMatch(/^2026-11-29T23-59-01\.\d{3}Z-[0-9a-f]{8}$/);
  });

  it('strictly increase within a process even in the same millisecond', () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 50 }, () => newScanId(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
  });

  it('are valid file names and nothing else passes as one', () => {
    expect(newScanId()).not.toMatch(/[:/\\]/);
    for (const bad of [
      'latest',
      '../2026-11-29T23-59-01.000Z-1a2b3c4d',
      '2026-11-29T23-59-01Z-1a2b3c4d',
      '',
    ]) {
      expect(isScanId(bad)).toBe(false);
    }
  });
});

describe('saveScan', () => {
  it('writes scans/<id>.json holding the result with its scanId, readable back unchanged', async () => {
    const result = fakeResult({ outcomes: ['pass', 'warn', 'fail', null] });
    const id = await saveScan(workspace, result);
    // Beside it, its check-values companion (for check histories).
    expect(await readdir(scansDir(workspace))).toEqual([`${id}.json`, 'check-values']);
    expect(await readdir(join(scansDir(workspace), 'check-values'))).toEqual([`${id}.json`]);
    const bytes = await readFile(join(scansDir(workspace), `${id}.json`));
    expect(JSON.parse(bytes.toString()).result.scanId).toBe(result.scanId);
    const { header, result: decoded } = decodeScanFile(bytes);
    expect(decoded).toEqual(result);
    expect(header.summary).toEqual({
      id,
      scanId: result.scanId,
      time: result.scanStartTimestamp,
      definitionName: 'nightly',
      dataSource: 'warehouse',
      counts: { pass: 1, warn: 1, fail: 1, notEvaluated: 1 },
      hasErrors: false,
    });
    expect((await readScan(workspace, id)).result).toEqual(result);
  });

  it('ids of successive saves sort by the time they were saved', async () => {
    const [first, second, third] = seconds(3);
    const ids = [
      await saveScan(workspace, fakeResult(), third as Date),
      await saveScan(workspace, fakeResult(), first as Date),
      await saveScan(workspace, fakeResult(), second as Date),
    ];
    const listed = (await listScans(workspace)).scans.map((scan) => scan.id);
    expect(listed).toEqual([ids[0], ids[2], ids[1]]);
  });

  it.skipIf(process.platform === 'win32')(
    'creates the workspace and scans folders 0700, files 0600',
    async () => {
      const id = await saveScan(workspace, fakeResult());
      expect((await stat(workspace)).mode & 0o777).toBe(0o700);
      expect((await stat(scansDir(workspace))).mode & 0o777).toBe(0o700);
      expect((await stat(join(scansDir(workspace), `${id}.json`))).mode & 0o777).toBe(0o600);
    },
  );

  it('leaves no temp file behind', async () => {
    for (let i = 0; i < 5; i++) await saveScan(workspace, fakeResult());
    for (const dir of [scansDir(workspace), join(scansDir(workspace), 'check-values')]) {
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => e.name);
      expect(names).toHaveLength(5);
      expect(names.every((name) => isScanId(name.slice(0, -5)) && name.endsWith('.json'))).toBe(true);
    }
  });

  it('a crash mid-write leaves only a temp file, which listing and latest ignore', async () => {
    const id = await saveScan(workspace, fakeResult({ definitionName: 'kept' }));
    // What a crash before the rename leaves: a half-written temp file next to the saved scans.
    const later = newScanId(new Date(Date.now() + 60_000));
    const whole = (await readFile(join(scansDir(workspace), `${id}.json`), 'utf8')).replace(id, later);
    await writeFile(
      join(scansDir(workspace), `.${later}.json.1a2b3c4d.tmp`),
      whole.slice(0, whole.length / 2),
    );
    const listing = await listScans(workspace);
    expect(listing.scans.map((scan) => scan.id)).toEqual([id]);
    expect(listing.warnings).toEqual([]);
    expect((await readScan(workspace, 'latest')).id).toBe(id);
  });

  it('a failed write removes its temp file and leaves the target untouched', async () => {
    const dir = scansDir(workspace);
    const id = await saveScan(workspace, fakeResult());
    const target = join(dir, `${id}.json`);
    const before = await readFile(target, 'utf8');
    // Renaming a file onto a folder fails after the temp file was written: the atomic write must clean up.
    const folderTarget = join(dir, 'a-folder.json');
    await import('node:fs/promises').then((fs) =>
      fs.mkdir(join(folderTarget, 'inside'), { recursive: true }),
    );
    await expect(writeFileAtomic(folderTarget, 'data')).rejects.toThrow();
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(target, 'utf8')).toBe(before);
  });
});
