/**
 * Delivery from the outbox to a real HTTP receiver on 127.0.0.1: the bytes that arrive are the approved bytes
 * (for Soda Cloud, after cutting off token and type with the exact inverse of the splice), and faults at the
 * receiver neither lose nor duplicate a delivery in the ledger.
 */

import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/cloud/destination.js';
import type { DestinationRef } from '../../src/cloud/destination-ref.js';
import { DestinationConfigError } from '../../src/cloud/errors.js';
import { FileExportDestination, fileRef } from '../../src/cloud/file-export.js';
import { SodaCloudDestination } from '../../src/cloud/soda-cloud.js';
import { WebhookDestination, webhookRef } from '../../src/cloud/webhook.js';
import { sha256Hex } from '../../src/common/sha256.js';
import { approvePayload } from '../../src/outbox/approval.js';
import { type DeliverOptions, deliverOutbox } from '../../src/outbox/deliver.js';
import { outboxKeyForReading } from '../../src/outbox/key.js';
import { ledgerPath, readLedger, verifyLedger } from '../../src/outbox/ledger.js';
import { itemPath, listItems } from '../../src/outbox/store.js';
import type { PreparedPayload } from '../../src/payload/prepared.js';
import { MemorySecretStore } from '../support/memory-secret-store.js';
import { preparedPayload } from '../support/payloads.js';
import { isInsert, isLogin, Receiver } from '../support/receiver.js';

let workspace: string;
let store: MemorySecretStore;
let receiver: Receiver;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-delivery-'));
  store = new MemorySecretStore();
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
  await rm(workspace, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => sha256Hex(bytes);

function sodaCloud(timeoutMs = 5_000): SodaCloudDestination {
  return new SodaCloudDestination(
    { host: '127.0.0.1', port: receiver.port, scheme: 'http' },
    { apiKeyId: 'key-id', apiKeySecret: async () => 'key-secret' },
    { timeoutMs },
  );
}

async function approve(prepared: PreparedPayload, destination: DestinationRef): Promise<void> {
  await approvePayload({
    workspace,
    prepared,
    previewedSha256: prepared.sha256,
    approver: 'reviewer',
    destination,
    store,
  });
}

function deliver(destination: Destination, options: Partial<DeliverOptions> = {}) {
  return deliverOutbox({
    workspace,
    key: () => outboxKeyForReading(store),
    destinationFor: (kind) => (kind === destination.ref.kind ? destination : undefined),
    backoff: { baseMs: 1, maxMs: 4 },
    ...options,
  });
}

describe('byte equality per destination', () => {
  it('Soda Cloud: logs in, then the body minus token and type is exactly the approved bytes', async () => {
    const destination = sodaCloud();
    const prepared = preparedPayload('scan-1');
    await approve(prepared, destination.ref);
    const report = await deliver(destination);
    expect(report.outcomes.map((o) => o.result)).toEqual(['sent']);

    expect(receiver.requests.map((r) => (isLogin(r) ? 'login' : isInsert(r) ? 'insert' : r.path))).toEqual([
      'login',
      'insert',
    ]);
    const [document] = receiver.insertedDocuments();
    expect(document?.equals(Buffer.from(prepared.bytes))).toBe(true);
    expect(sha256(document ?? new Uint8Array())).toBe(prepared.sha256);
    const insert = receiver.requests[1];
    expect(insert?.headers['user-agent']).toMatch(/^Gatehouse\//);
    expect(insert?.headers['idempotency-key']).toBe(prepared.sha256);

    const [entry] = await readLedger(workspace);
    expect(entry).toMatchObject({
      sha256: prepared.sha256,
      size: prepared.bytes.length,
      approver: 'reviewer',
    });
    expect(entry?.destination.address).toBe(`http://127.0.0.1:${receiver.port}/api/command`);
    expect(entry?.receipt).toMatchObject({ status: 200, id: 'trace-2' });
    expect((await listItems(workspace)).items[0]?.state.status).toBe('sent');
  });

  it('webhook: exactly the bytes, a verifiable HMAC signature and the hash as idempotency key', async () => {
    const destination = new WebhookDestination(`${receiver.url}/hook`, async () => 'hook-secret', {
      timeoutMs: 5_000,
    });
    const prepared = preparedPayload('scan-1');
    await approve(prepared, webhookRef(`${receiver.url}/hook`));
    await deliver(destination);
    const [request] = receiver.requests;
    expect(request?.body.equals(Buffer.from(prepared.bytes))).toBe(true);
    const expected = createHmac('sha256', 'hook-secret')
      .update(request?.body ?? '')
      .digest('hex');
    expect(request?.headers['x-gatehouse-signature']).toBe(`sha256=${expected}`);
    expect(request?.headers['idempotency-key']).toBe(prepared.sha256);
  });

  it('file export: the exact bytes and a sha256sum sidecar; a second run changes nothing', async () => {
    const folder = join(workspace, 'handover');
    await mkdir(folder);
    const destination = new FileExportDestination(folder);
    const prepared = preparedPayload('scan-1');
    await approve(prepared, fileRef(folder));
    const report = await deliver(destination, { offline: true });
    expect(report.outcomes[0]?.result).toBe('sent');
    const path = report.outcomes[0]?.receipt?.id ?? '';
    expect((await readFile(path)).equals(Buffer.from(prepared.bytes))).toBe(true);
    expect(await readFile(`${path}.sha256`, 'utf8')).toBe(`${prepared.sha256}  ${path.split('/').pop()}\n`);
    expect((await deliver(destination)).outcomes).toEqual([]);
  });
});

describe('faults at the receiver', () => {
  it('500s then success: sent once, one ledger entry', async () => {
    const destination = sodaCloud();
    const prepared = preparedPayload('scan-1');
    await approve(prepared, destination.ref);
    receiver.fail({ status: 500 }, isInsert, 2);
    const report = await deliver(destination);
    expect(report.outcomes.map((o) => o.result)).toEqual(['sent']);
    expect(receiver.requests.filter(isInsert)).toHaveLength(3);
    expect(await readLedger(workspace)).toHaveLength(1);
    expect((await listItems(workspace)).items[0]?.state.attempts).toBe(3);
  });

  it('too many 500s: failed with reason, attempts and a next retry; a later run sends it', async () => {
    const destination = sodaCloud();
    const prepared = preparedPayload('scan-1');
    await approve(prepared, destination.ref);
    receiver.fail({ status: 503 }, isInsert, 3);
    const first = await deliver(destination, { maxAttempts: 3 });
    expect(first.outcomes[0]).toMatchObject({ result: 'failed' });
    const failed = (await listItems(workspace)).items[0]?.state;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed?.lastError).toContain('HTTP 503');
    expect(Date.parse(failed?.nextAttemptAt ?? '')).toBeGreaterThan(Date.parse(failed?.updatedAt ?? ''));
    expect(await readLedger(workspace)).toEqual([]);

    expect((await deliver(destination)).outcomes[0]?.result).toBe('sent');
    expect(await readLedger(workspace)).toHaveLength(1);
  });

  it('a 400 is not retried: failed at once with no next retry', async () => {
    const destination = sodaCloud();
    await approve(preparedPayload('scan-1'), destination.ref);
    receiver.fail({ status: 400 }, isInsert);
    await deliver(destination);
    expect(receiver.requests.filter(isInsert)).toHaveLength(1);
    const state = (await listItems(workspace)).items[0]?.state;
    expect(state).toMatchObject({ status: 'failed', attempts: 1 });
    expect(state?.nextAttemptAt).toBeUndefined();
  });

  it('connection reset, then success', async () => {
    const destination = sodaCloud();
    const prepared = preparedPayload('scan-1');
    await approve(prepared, destination.ref);
    receiver.fail('reset', isInsert);
    expect((await deliver(destination)).outcomes[0]?.result).toBe('sent');
    expect(receiver.insertedDocuments().every((doc) => doc.equals(Buffer.from(prepared.bytes)))).toBe(true);
    expect(await readLedger(workspace)).toHaveLength(1);
  });

  it('a receiver that never answers times out, and the retry goes through', async () => {
    const destination = sodaCloud(300);
    await approve(preparedPayload('scan-1'), destination.ref);
    receiver.fail('hang', isInsert);
    expect((await deliver(destination)).outcomes[0]?.result).toBe('sent');
    expect(receiver.requests.filter(isInsert)).toHaveLength(2);
  });

  it('a slow receiver that answers in pieces is waited for', async () => {
    const destination = sodaCloud();
    await approve(preparedPayload('scan-1'), destination.ref);
    receiver.fail('slow', isInsert);
    expect((await deliver(destination)).outcomes[0]?.result).toBe('sent');
    expect(receiver.requests.filter(isInsert)).toHaveLength(1);
  });

  it('401 on a command: logs in again once and resends', async () => {
    const destination = sodaCloud();
    await approve(preparedPayload('scan-1'), destination.ref);
    await approve(preparedPayload('scan-2'), destination.ref);
    receiver.fail({ status: 401 }, (r) => isInsert(r) && r.body.includes('scan-2'));
    const report = await deliver(destination);
    expect(report.outcomes.map((o) => o.result)).toEqual(['sent', 'sent']);
    expect(receiver.requests.map((r) => (isLogin(r) ? 'login' : 'insert'))).toEqual([
      'login',
      'insert',
      'insert',
      'login',
      'insert',
    ]);
  });

  it('a refused login fails the item without retrying and without leaking the secret', async () => {
    const destination = new SodaCloudDestination(
      { host: '127.0.0.1', port: receiver.port, scheme: 'http' },
      { apiKeyId: 'key-id', apiKeySecret: async () => 'wrong-secret' },
      { timeoutMs: 5_000 },
    );
    await approve(preparedPayload('scan-1'), destination.ref);
    const [outcome] = (await deliver(destination)).outcomes;
    expect(outcome?.result).toBe('failed');
    expect(outcome?.detail).toContain('login failed (HTTP 401)');
    expect(outcome?.detail).not.toContain('wrong-secret');
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('destinations that cannot be used', () => {
  it('a missing API key secret fails that item with the reason; the run goes on', async () => {
    const destination = new SodaCloudDestination(
      { host: '127.0.0.1', port: receiver.port, scheme: 'http' },
      {
        apiKeyId: 'key-id',
        apiKeySecret: async () => {
          throw new DestinationConfigError('No soda_cloud api_key_secret is stored in the secret store.');
        },
      },
      { timeoutMs: 5_000 },
    );
    await approve(preparedPayload('scan-1'), destination.ref);
    const [outcome] = (await deliver(destination)).outcomes;
    expect(outcome).toMatchObject({ result: 'failed', detail: expect.stringContaining('api_key_secret') });
    expect((await listItems(workspace)).items[0]?.state).toMatchObject({ status: 'failed', attempts: 1 });
    expect(receiver.requests).toEqual([]);
  });
});

describe('outbox integrity', () => {
  it('a tampered item is refused, left in place, and the others still go', async () => {
    const destination = sodaCloud();
    const good = preparedPayload('scan-1');
    const bad = preparedPayload('scan-2');
    await approve(good, destination.ref);
    await approve(bad, destination.ref);
    const badItem = (await listItems(workspace)).items.find((item) => item.record.scanId === 'scan-2');
    const path = itemPath(workspace, badItem?.record.id ?? '');
    const text = await readFile(path, 'utf8');
    // Claim another approver: the record is authenticated data, so the payload no longer opens.
    const edited = text.replace('"approver":"reviewer"', '"approver":"mallory"');
    expect(edited).not.toBe(text);
    await writeFile(path, edited);

    const report = await deliver(destination);
    const byScan = Object.fromEntries(report.outcomes.map((o) => [o.item?.record.scanId, o]));
    expect(byScan['scan-1']?.result).toBe('sent');
    expect(byScan['scan-2']?.result).toBe('refused');
    expect(byScan['scan-2']?.detail).toContain('left in place');
    expect(await readFile(path, 'utf8')).toBe(edited);
    expect(receiver.insertedDocuments()).toHaveLength(1);
  });

  it('an item approved for one address is not sent to another', async () => {
    const destination = sodaCloud();
    await approve(preparedPayload('scan-1'), {
      kind: 'soda_cloud',
      address: 'https://cloud.example.com/api/command',
    });
    const [outcome] = (await deliver(destination)).outcomes;
    expect(outcome?.result).toBe('skipped');
    expect(outcome?.detail).toContain('approve the scan again');
    expect(receiver.requests).toEqual([]);
  });

  it('offline: network destinations are held back, nothing is attempted', async () => {
    const destination = sodaCloud();
    await approve(preparedPayload('scan-1'), destination.ref);
    const [outcome] = (await deliver(destination, { offline: true })).outcomes;
    expect(outcome?.result).toBe('held');
    expect(receiver.requests).toEqual([]);
    expect((await listItems(workspace)).items[0]?.state.status).toBe('queued');
    expect((await verifyLedger(ledgerPath(workspace))).entries).toBe(0);
  });
});
