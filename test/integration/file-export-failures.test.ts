/**
 * A file export whose folder is missing or unwritable: nothing is created in its place (a drive that is not
 * mounted must not turn into a folder on the local disk), the item fails with what to do, and the ledger is
 * untouched.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileExportDestination, writeFailure } from '../../src/cloud/file-export.js';
import { approvePayload } from '../../src/outbox/approval.js';
import { deliverOutbox } from '../../src/outbox/deliver.js';
import { outboxKeyForReading } from '../../src/outbox/key.js';
import { readLedger } from '../../src/outbox/ledger.js';
import { listItems } from '../../src/outbox/store.js';
import { MemorySecretStore } from '../support/memory-secret-store.js';
import { preparedPayload } from '../support/payloads.js';

let workspace: string;
let store: MemorySecretStore;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-export-'));
  store = new MemorySecretStore();
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

async function exportTo(folder: string) {
  const destination = new FileExportDestination(folder);
  const prepared = preparedPayload('scan-1');
  await approvePayload({
    workspace,
    prepared,
    previewedSha256: prepared.sha256,
    approver: 'reviewer',
    destination: destination.ref,
    store,
  });
  const report = await deliverOutbox({
    workspace,
    key: () => outboxKeyForReading(store),
    destinationFor: () => destination,
    backoff: { baseMs: 1, maxMs: 4 },
  });
  return { outcome: report.outcomes[0], state: (await listItems(workspace)).items[0]?.state };
}

describe('file export to a folder that cannot take it', () => {
  it('a missing folder (an unmounted drive) is not created: failed, saying to mount or create it', async () => {
    const folder = join(workspace, 'usb', 'handover');
    const { outcome, state } = await exportTo(folder);
    expect(outcome?.result).toBe('failed');
    expect(outcome?.detail).toContain(`The export folder ${folder} does not exist`);
    expect(outcome?.detail).toContain('mount the drive');
    expect(existsSync(join(workspace, 'usb'))).toBe(false);
    expect(state).toMatchObject({ status: 'failed', attempts: 1 });
    expect(state?.nextAttemptAt).toBeUndefined();
    expect(await readLedger(workspace)).toEqual([]);
  });

  it('a path that is a file, not a folder, says so', async () => {
    const path = join(workspace, 'not-a-folder');
    await writeFile(path, 'x');
    const { outcome } = await exportTo(path);
    expect(outcome?.detail).toContain(`The export path ${path} is not a folder`);
  });

  it.each([
    ['EACCES', 'no permission to write there'],
    ['EROFS', 'the drive is read-only'],
    ['ENOSPC', 'the drive is full'],
  ])('a write that fails with %s says what to do and is not retried within the run', (code, words) => {
    const error = writeFailure(Object.assign(new Error(`${code}: failed`), { code }), '/media/usb/x.json');
    expect(error.message).toContain(words);
    expect(error.retryable).toBe(false);
  });
});
