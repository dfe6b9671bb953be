/** The prepared-cache folder logic, with a stand-in builder instead of PGlite. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePreparedDataDir, preparedFolder, readStampRecord } from '../../../src/demo/prepared-cache.js';
import type { DemoStamp } from '../../../src/demo/stamp.js';

function stampOf(id: string): DemoStamp {
  return { id, cacheFormat: 1, pgliteVersion: 'test', datasetSha256: `sha-${id}` };
}

/** A builder that writes one marker file and records that it ran. */
function recordingBuilder(builds: string[], content = 'data') {
  return async (pgdataPath: string) => {
    builds.push(pgdataPath);
    await mkdir(pgdataPath, { recursive: true });
    await writeFile(join(pgdataPath, 'PG_VERSION'), content);
  };
}

describe('prepared demo cache', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'gatehouse-cache-test-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('builds once, then reuses the folder', async () => {
    const builds: string[] = [];
    const first = await ensurePreparedDataDir(cacheDir, stampOf('aaaa'), recordingBuilder(builds));
    const second = await ensurePreparedDataDir(cacheDir, stampOf('aaaa'), recordingBuilder(builds));
    expect(builds).toHaveLength(1);
    expect(first).toEqual({
      pgdataPath: join(preparedFolder(cacheDir, stampOf('aaaa')), 'pgdata'),
      built: true,
    });
    expect(second).toEqual({ ...first, built: false });
    expect(await readFile(join(first.pgdataPath, 'PG_VERSION'), 'utf8')).toBe('data');
    expect(await readStampRecord(preparedFolder(cacheDir, stampOf('aaaa')))).toMatchObject(stampOf('aaaa'));
    expect(await readdir(cacheDir)).toEqual(['prepared-aaaa']);
  });

  it('rebuilds for a new stamp and removes the outdated folder', async () => {
    const builds: string[] = [];
    await ensurePreparedDataDir(cacheDir, stampOf('aaaa'), recordingBuilder(builds));
    const next = await ensurePreparedDataDir(cacheDir, stampOf('bbbb'), recordingBuilder(builds, 'new'));
    expect(builds).toHaveLength(2);
    expect(next.built).toBe(true);
    expect(await readdir(cacheDir)).toEqual(['prepared-bbbb']);
  });

  it('an interrupted build leaves no prepared folder and no scratch folder', async () => {
    const failing = async (pgdataPath: string) => {
      await mkdir(pgdataPath, { recursive: true });
      throw new Error('disk full');
    };
    await expect(ensurePreparedDataDir(cacheDir, stampOf('aaaa'), failing)).rejects.toThrow('disk full');
    expect(await readdir(cacheDir)).toEqual([]);
    const builds: string[] = [];
    expect((await ensurePreparedDataDir(cacheDir, stampOf('aaaa'), recordingBuilder(builds))).built).toBe(
      true,
    );
  });

  it('does not trust a prepared folder without its stamp file (left by hand or by an old version)', async () => {
    await mkdir(join(preparedFolder(cacheDir, stampOf('aaaa')), 'pgdata'), { recursive: true });
    const builds: string[] = [];
    const prepared = await ensurePreparedDataDir(cacheDir, stampOf('aaaa'), recordingBuilder(builds));
    expect(builds).toHaveLength(1);
    expect(await readFile(join(prepared.pgdataPath, 'PG_VERSION'), 'utf8')).toBe('data');
  });

  it('removes build folders of processes that are gone, keeps those of live ones', async () => {
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: no such process
    await mkdir(join(cacheDir, `build-${deadPid}-dead`));
    await mkdir(join(cacheDir, `build-${process.ppid}-live`));
    await ensurePreparedDataDir(cacheDir, stampOf('aaaa'), recordingBuilder([]));
    expect((await readdir(cacheDir)).sort()).toEqual([`build-${process.ppid}-live`, 'prepared-aaaa']);
  });
});
