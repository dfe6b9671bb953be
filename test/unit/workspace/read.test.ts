/** Reading one saved scan: by id, `latest`, and clear errors for unknown, malformed and damaged ids. */
import { mkdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceError } from '../../../src/workspace/errors.js';
import { listScans } from '../../../src/workspace/list.js';
import { scansDir } from '../../../src/workspace/location.js';
import { readScan } from '../../../src/workspace/read.js';
import { saveScan } from '../../../src/workspace/save.js';
import { fakeResult, seconds, tempWorkspace } from './helpers.js';

let workspace: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ workspace, cleanup } = await tempWorkspace()));
afterEach(() => cleanup());

async function rejection(promise: Promise<unknown>): Promise<WorkspaceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkspaceError);
  return error as WorkspaceError;
}

describe('readScan', () => {
  it('reads a scan by id and `latest` as the newest', async () => {
    const [a, b] = seconds(2);
    const old = fakeResult({ definitionName: 'old' });
    const recent = fakeResult({ definitionName: 'recent' });
    const oldId = await saveScan(workspace, old, a);
    const recentId = await saveScan(workspace, recent, b);
    expect(await readScan(workspace, oldId)).toEqual({ id: oldId, result: old, warnings: [] });
    expect(await readScan(workspace, 'latest')).toEqual({ id: recentId, result: recent, warnings: [] });
  });

  it('`latest` passes over a damaged newest file, with a warning', async () => {
    const [a, b] = seconds(2);
    const goodId = await saveScan(workspace, fakeResult(), a);
    const badId = await saveScan(workspace, fakeResult(), b);
    await truncate(join(scansDir(workspace), `${badId}.json`), 100);
    const latest = await readScan(workspace, 'latest');
    expect(latest.id).toBe(goodId);
    expect(latest.warnings).toEqual([expect.stringContaining(badId)]);
  });

  it('unknown ids, `latest` of an empty workspace, and non-ids are clear errors', async () => {
    const unknown = await rejection(readScan(workspace, '2026-11-29T23-59-01.000Z-1a2b3c4d'));
    expect(unknown.code).toBe('not-found');
    expect(unknown.message).toContain('2026-11-29T23-59-01.000Z-1a2b3c4d');
    const empty = await rejection(readScan(workspace, 'latest'));
    expect(empty.code).toBe('not-found');
    for (const id of ['../../etc/passwd', '/tmp/x', 'nope']) {
      expect((await rejection(readScan(workspace, id))).code).toBe('invalid-id');
    }
  });

  it('a damaged file asked for by id is a `corrupt` error, never a crash', async () => {
    const id = await saveScan(workspace, fakeResult());
    const path = join(scansDir(workspace), `${id}.json`);
    await truncate(path, (await stat(path)).size - 10);
    const truncated = await rejection(readScan(workspace, id));
    expect(truncated.code).toBe('corrupt');
    expect(truncated.message).toMatch(/cannot be read: .*truncated/);
    // Right header and length, wrong content: caught by the result's shape check.
    const other = await saveScan(workspace, fakeResult());
    const otherPath = join(scansDir(workspace), `${other}.json`);
    const text = await import('node:fs/promises').then((fs) => fs.readFile(otherPath, 'utf8'));
    const [header, body] = text.split('\n') as [string, string];
    const forged = body.replace('"checks":[]', '"checks":{}');
    expect(forged.length).toBe(body.length);
    await writeFile(otherPath, `${header}\n${forged}\n`);
    expect((await rejection(readScan(workspace, other))).message).toMatch(/not a scan result/);
  });

  it('`latest` when every saved scan is damaged names them, rather than "no saved scans yet"', async () => {
    const id = await saveScan(workspace, fakeResult());
    await writeFile(join(scansDir(workspace), `${id}.json`), '{bad');
    const error = await rejection(readScan(workspace, 'latest'));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(
      new RegExp(
        `^There are no saved scans in ${workspace} that can be read \\(Skipped scans/${id}\\.json: .+\\)\\.$`,
      ),
    );
  });

  it('a workspace that is a file is a `not-a-folder` error saying how to choose another', async () => {
    await mkdir(workspace, { recursive: true });
    const file = join(workspace, 'configuration.yml');
    await writeFile(file, 'data_source x:\n');
    const message = `The workspace ${file} is not a folder (a file is in the way). Pass --workspace with a folder, or set GATEHOUSE_HOME to one.`;
    for (const attempt of [
      readScan(file, 'latest'),
      readScan(file, '2026-11-29T23-59-01.000Z-1a2b3c4d'),
      listScans(file),
      saveScan(file, fakeResult()),
    ]) {
      const error = await rejection(attempt);
      expect(error.code).toBe('not-a-folder');
      expect(error.message).toBe(message);
    }
  });
});
