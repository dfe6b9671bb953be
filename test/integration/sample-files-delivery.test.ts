/**
 * Sample files to a real Soda Cloud-compatible receiver on 127.0.0.1: at level full each file arrives byte for byte
 * as previewed (`POST /api/scan/upload`, before the document, as Soda Core sends them), and the document that
 * follows is the approved one with each `sha256:` placeholder swapped for the fileId the receiver gave; under
 * standard and strict not one sample request is made.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/cloud/destination.js';
import { SodaCloudDestination } from '../../src/cloud/soda-cloud.js';
import { WebhookDestination, webhookRef } from '../../src/cloud/webhook.js';
import { sha256Hex } from '../../src/common/sha256.js';
import { DEFAULT_PRIVACY, type PrivacyLevel } from '../../src/config/privacy.js';
import { approvePayload } from '../../src/outbox/approval.js';
import { deliverOutbox } from '../../src/outbox/deliver.js';
import { OutboxError } from '../../src/outbox/errors.js';
import { outboxKeyForReading } from '../../src/outbox/key.js';
import { readLedger } from '../../src/outbox/ledger.js';
import { itemPath, listItems } from '../../src/outbox/store.js';
import { buildPayload } from '../../src/payload/prepare.js';
import type { PreparedPayload } from '../../src/payload/prepared.js';
import { MemorySecretStore } from '../support/memory-secret-store.js';
import { isInsert, isLogin, isSampleUpload, Receiver } from '../support/receiver.js';
import { CANARY, fixtureResult } from '../unit/payload/fixture.js';

let workspace: string;
let store: MemorySecretStore;
let receiver: Receiver;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-samples-'));
  store = new MemorySecretStore();
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
  await rm(workspace, { recursive: true, force: true });
});

function sodaCloud(): SodaCloudDestination {
  return new SodaCloudDestination(
    { host: '127.0.0.1', port: receiver.port, scheme: 'http' },
    { apiKeyId: 'key-id', apiKeySecret: async () => 'key-secret' },
    { timeoutMs: 5_000 },
  );
}

/** The payload as `preview --destination soda_cloud` builds it. */
function payload(level: PrivacyLevel): PreparedPayload {
  const result = fixtureResult();
  // The fixture has a failed-rows sample: what is asserted below is about sending it or not.
  expect(result.checks.some((check) => (check.samples?.rows.length ?? 0) > 0)).toBe(true);
  return buildPayload(result, { ...DEFAULT_PRIVACY, level }, { samples: 'files' }).prepared;
}

async function approveAndDeliver(prepared: PreparedPayload, destination: Destination = sodaCloud()) {
  await approvePayload({
    workspace,
    prepared,
    previewedSha256: prepared.sha256,
    approver: 'reviewer',
    destination: destination.ref,
    store,
  });
  return deliverOutbox({
    workspace,
    key: () => outboxKeyForReading(store),
    destinationFor: (kind) => (kind === destination.ref.kind ? destination : undefined),
    backoff: { baseMs: 1, maxMs: 4 },
  });
}

const kinds = (receiver: Receiver) =>
  receiver.requests.map((r) =>
    isLogin(r) ? 'login' : isInsert(r) ? 'insert' : isSampleUpload(r) ? 'sample' : r.path,
  );

describe('sample files to Soda Cloud', () => {
  it('level full: each file arrives exactly as previewed, then the document naming the ids it was given', async () => {
    const prepared = payload('full');
    expect(prepared.sampleFiles.length).toBeGreaterThan(0);
    const report = await approveAndDeliver(prepared);
    expect(report.outcomes.map((o) => o.result)).toEqual(['sent']);
    expect(kinds(receiver)).toEqual(['login', ...prepared.sampleFiles.map(() => 'sample'), 'insert']);

    const uploads = receiver.requests.filter(isSampleUpload);
    let expected = new TextDecoder().decode(prepared.bytes);
    for (const [i, file] of prepared.sampleFiles.entries()) {
      const upload = uploads[i];
      expect(upload?.body.equals(Buffer.from(file.bytes))).toBe(true);
      expect(sha256Hex(upload?.body ?? new Uint8Array())).toBe(file.sha256);
      expect(upload?.headers).toMatchObject({
        authorization: 'token-1',
        'content-type': 'application/octet-stream',
        'is-v3': 'true',
        'file-path': file.path,
        'idempotency-key': file.sha256,
        'content-length': String(file.bytes.length),
      });
      expect(upload?.body.toString('utf8')).toContain(CANARY.sampleValue);
      const fileId = [...receiver.fileIds].find(([, request]) => request === upload)?.[0];
      expect(fileId).toBeDefined();
      expected = expected.replace(`"fileId":"sha256:${file.sha256}"`, `"fileId":"${fileId}"`);
    }
    // The approved document with only the placeholders swapped (token and type cut off by the exact inverse).
    const [document] = receiver.insertedDocuments();
    expect(document?.toString('utf8')).toBe(expected);
    expect(document?.toString('utf8')).not.toContain(CANARY.sampleValue);
    const [entry] = await readLedger(workspace);
    expect(entry).toMatchObject({
      sha256: prepared.sha256,
      size: prepared.bytes.length,
      sampleFiles: prepared.sampleFiles.map((file) => ({
        path: file.path,
        size: file.bytes.length,
        sha256: file.sha256,
      })),
    });
    expect(entry?.receipt.sampleFileIds).toEqual(
      uploads.map((upload) => [...receiver.fileIds].find(([, request]) => request === upload)?.[0]),
    );
  });

  it('standard and strict: not one sample request, and the document names no file', async () => {
    for (const level of ['standard', 'strict'] as const) {
      const prepared = payload(level);
      expect(prepared.sampleFiles).toEqual([]);
      await approveAndDeliver(prepared);
      const [document] = receiver.insertedDocuments().slice(-1);
      expect(document?.equals(Buffer.from(prepared.bytes))).toBe(true);
      expect(document?.toString('utf8')).not.toContain('sha256:');
    }
    expect(receiver.requests.some(isSampleUpload)).toBe(false);
    expect(receiver.requests.filter(isInsert)).toHaveLength(2);
  });

  it('a 401 on a sample file: one new login, and the file goes again with the new token', async () => {
    const prepared = payload('full');
    receiver.fail({ status: 401 }, isSampleUpload);
    const report = await approveAndDeliver(prepared);
    expect(report.outcomes.map((o) => o.result)).toEqual(['sent']);
    expect(kinds(receiver)).toEqual(['login', 'sample', 'login', 'sample', 'insert']);
    const uploads = receiver.requests.filter(isSampleUpload);
    expect(uploads[1]?.headers.authorization).toBe('token-2');
    expect(uploads[1]?.body.equals(Buffer.from(prepared.sampleFiles[0]?.bytes ?? []))).toBe(true);
  });

  it('a 500 on a sample file is retried; the document goes once', async () => {
    const prepared = payload('full');
    receiver.fail({ status: 500 }, isSampleUpload);
    const report = await approveAndDeliver(prepared);
    expect(report.outcomes.map((o) => o.result)).toEqual(['sent']);
    expect(receiver.requests.filter(isInsert)).toHaveLength(1);
    expect(await readLedger(workspace)).toHaveLength(1);
  });

  it('a sealed sample file that was changed in the outbox is refused, and nothing is sent', async () => {
    const prepared = payload('full');
    await approvePayload({
      workspace,
      prepared,
      previewedSha256: prepared.sha256,
      approver: 'reviewer',
      destination: sodaCloud().ref,
      store,
    });
    const [item] = (await listItems(workspace)).items;
    const path = itemPath(workspace, item?.record.id ?? '');
    const file = JSON.parse(await readFile(path, 'utf8'));
    const sealed = Buffer.from(file.sampleFiles[0].ciphertext, 'base64');
    sealed[0] = (sealed[0] ?? 0) ^ 1;
    file.sampleFiles[0].ciphertext = sealed.toString('base64');
    await writeFile(path, JSON.stringify(file));
    const destination = sodaCloud();
    const report = await deliverOutbox({
      workspace,
      key: () => outboxKeyForReading(store),
      destinationFor: () => destination,
    });
    expect(report.outcomes.map((o) => o.result)).toEqual(['refused']);
    expect(report.outcomes[0]?.detail).toMatch(/sample file that does not decrypt/);
    expect(receiver.requests).toEqual([]);
  });

  it('approval refuses sample files that are not the ones the document names', async () => {
    const prepared = payload('full');
    const [file] = prepared.sampleFiles;
    const forged = {
      ...prepared,
      sampleFiles: [{ ...(file as NonNullable<typeof file>), bytes: new TextEncoder().encode('[0]\n') }],
    };
    const error = await approvePayload({
      workspace,
      prepared: forged,
      previewedSha256: prepared.sha256,
      approver: 'reviewer',
      destination: sodaCloud().ref,
      store,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect((await listItems(workspace)).items).toEqual([]);
  });

  it('a webhook will not deliver an item approved with sample files', async () => {
    const url = `${receiver.url}/hook`;
    const webhook = new WebhookDestination(url, async () => 'hook-secret', { timeoutMs: 5_000 });
    expect(webhook.ref).toEqual(webhookRef(url));
    const report = await approveAndDeliver(payload('full'), webhook);
    expect(report.outcomes.map((o) => o.result)).toEqual(['failed']);
    expect(report.outcomes[0]?.detail).toMatch(/one self-contained body/);
    expect(receiver.requests).toEqual([]);
  });
});
