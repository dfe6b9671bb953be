import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvePayload, HASH_MISMATCH_MESSAGE } from '../../../src/outbox/approval.js';
import { OutboxError } from '../../../src/outbox/errors.js';
import { OUTBOX_KEY_REF } from '../../../src/outbox/key.js';
import { listItems, outboxDir } from '../../../src/outbox/store.js';
import { refKey } from '../../../src/secrets/store.js';
import { MemorySecretStore } from '../../support/memory-secret-store.js';
import { preparedPayload } from '../../support/payloads.js';

const destination = { kind: 'soda_cloud' as const, address: 'https://cloud.example.com/api/command' };
let workspace: string;
let store: MemorySecretStore;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-approval-'));
  store = new MemorySecretStore();
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

async function errorOf(promise: Promise<unknown>): Promise<OutboxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboxError) return error;
    throw error;
  }
  throw new Error('expected an OutboxError');
}

describe('approval', () => {
  it('queues the payload when the previewed hash matches, encrypted at rest, with the approver', async () => {
    const prepared = preparedPayload('scan-1', { canary: 'CANARY-c0ffee' });
    const { item, created } = await approvePayload({
      workspace,
      prepared,
      previewedSha256: prepared.sha256.toUpperCase(),
      approver: 'reviewer',
      destination,
      store,
    });
    expect(created).toBe(true);
    expect(item.record).toMatchObject({ sha256: prepared.sha256, approver: 'reviewer', destination });
    expect(item.state.status).toBe('queued');
    expect(store.values.get(refKey(OUTBOX_KEY_REF))).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const [name] = await readdir(outboxDir(workspace));
    const onDisk = await readFile(join(outboxDir(workspace), name ?? ''), 'utf8');
    expect(onDisk).not.toContain('CANARY');
    expect(onDisk).not.toContain('missing_count');

    const again = await approvePayload({
      workspace,
      prepared,
      previewedSha256: prepared.sha256,
      approver: 'someone else',
      destination,
      store,
    });
    expect(again.created).toBe(false);
    expect(again.item.record.approver).toBe('reviewer');
  });

  it('refuses a hash the payload does not have, and queues nothing', async () => {
    const seen = preparedPayload('scan-1');
    // The policy changed after the preview: the rebuilt payload differs.
    const now = preparedPayload('scan-1', { logs: [] });
    const error = await errorOf(
      approvePayload({
        workspace,
        prepared: now,
        previewedSha256: seen.sha256,
        approver: 'r',
        destination,
        store,
      }),
    );
    expect(error.code).toBe('hash-mismatch');
    expect(error.message).toContain(HASH_MISMATCH_MESSAGE);
    expect(error.message).toContain(seen.sha256);
    expect((await listItems(workspace)).items).toEqual([]);
  });

  it('refuses a prepared payload whose sha256 field does not describe its bytes', async () => {
    const prepared = { ...preparedPayload('scan-1'), sha256: preparedPayload('other').sha256 };
    const error = await errorOf(
      approvePayload({
        workspace,
        prepared,
        previewedSha256: prepared.sha256,
        approver: 'r',
        destination,
        store,
      }),
    );
    expect(error.code).toBe('hash-mismatch');
  });

  it('refuses text that is not a SHA-256', async () => {
    const prepared = preparedPayload('scan-1');
    const error = await errorOf(
      approvePayload({ workspace, prepared, previewedSha256: 'abc', approver: 'r', destination, store }),
    );
    expect(error.message).toContain('is not a SHA-256');
  });

  it('never writes a plaintext outbox when the secret store is unavailable', async () => {
    store.unavailable = true;
    const prepared = preparedPayload('scan-1');
    const error = await errorOf(
      approvePayload({
        workspace,
        prepared,
        previewedSha256: prepared.sha256,
        approver: 'r',
        destination,
        store,
      }),
    );
    expect(error.code).toBe('key-unavailable');
    expect(error.message).toContain('never written in clear');
    expect((await listItems(workspace)).items).toEqual([]);
  });
});
