/**
 * A receiver that answers but does not take the payload: each status says what it means and what to do, a
 * Retry-After is honoured (never retried sooner; a long one ends the run with the item failed until then), and a
 * web page where Soda Cloud's JSON should be — a Wi-Fi sign-in portal — is named as such.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/cloud/destination.js';
import { retryAfterMs } from '../../src/cloud/http-answer.js';
import { SodaCloudDestination } from '../../src/cloud/soda-cloud.js';
import { WebhookDestination } from '../../src/cloud/webhook.js';
import { approvePayload } from '../../src/outbox/approval.js';
import { type DeliverOptions, deliverOutbox } from '../../src/outbox/deliver.js';
import { outboxKeyForReading } from '../../src/outbox/key.js';
import { ledgerPath, readLedger, verifyLedger } from '../../src/outbox/ledger.js';
import { listItems } from '../../src/outbox/store.js';
import { MemorySecretStore } from '../support/memory-secret-store.js';
import { preparedPayload } from '../support/payloads.js';
import { isInsert, isLogin, Receiver } from '../support/receiver.js';

let workspace: string;
let store: MemorySecretStore;
let receiver: Receiver;
const NOW = new Date('2026-11-30T07:00:00Z');

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-status-'));
  store = new MemorySecretStore();
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
  await rm(workspace, { recursive: true, force: true });
});

const webhook = () =>
  new WebhookDestination(`${receiver.url}/hook`, async () => 'secret', { timeoutMs: 5_000 });
const sodaCloud = () =>
  new SodaCloudDestination(
    { host: '127.0.0.1', port: receiver.port, scheme: 'http' },
    { apiKeyId: 'key-id', apiKeySecret: async () => 'key-secret' },
    { timeoutMs: 5_000 },
  );

/** One approved item for the destination, delivered with the waits recorded instead of slept. */
async function send(destination: Destination, options: Partial<DeliverOptions> = {}) {
  await approvePayload({
    workspace,
    prepared: preparedPayload('scan-1'),
    previewedSha256: preparedPayload('scan-1').sha256,
    approver: 'reviewer',
    destination: destination.ref,
    store,
  });
  const waits: number[] = [];
  const report = await deliverOutbox({
    workspace,
    key: () => outboxKeyForReading(store),
    destinationFor: () => destination,
    backoff: { baseMs: 1, maxMs: 4 },
    now: () => NOW,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  const state = (await listItems(workspace)).items[0]?.state;
  return { outcome: report.outcomes[0], state, waits };
}

describe('what each refusal means', () => {
  it.each([
    [403, 'check the signing secret'],
    [404, 'check the URL in the configuration'],
    [413, 'too large for the receiver'],
    [400, 'trying again will not help'],
  ])('a webhook %i says what to do, and is not retried', async (status, words) => {
    receiver.fail({ status, body: '{"error":"nope"}' });
    const { outcome, state } = await send(webhook());
    expect(outcome?.result).toBe('failed');
    expect(outcome?.detail).toContain(`HTTP ${status}`);
    expect(outcome?.detail).toContain(words);
    expect(outcome?.detail).toContain('{"error":"nope"}');
    expect(state).toMatchObject({ status: 'failed', attempts: 1 });
    expect(state?.nextAttemptAt).toBeUndefined();
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('a 429 with a short Retry-After is retried no sooner than asked, then sent once', async () => {
    receiver.fail({ status: 429, headers: { 'Retry-After': '3' } });
    const { outcome, waits } = await send(webhook());
    expect(outcome?.result).toBe('sent');
    expect(waits).toEqual([3_000]);
    expect(await readLedger(workspace)).toHaveLength(1);
  });

  it('a 503 asking for two hours ends the run: failed, next retry when asked, nothing sent twice', async () => {
    receiver.fail({ status: 503, headers: { 'Retry-After': '7200' } }, isInsert);
    const { outcome, state, waits } = await send(sodaCloud());
    expect(outcome?.result).toBe('failed');
    expect(outcome?.detail).toContain('It asked to wait 7200 s (Retry-After)');
    expect(waits).toEqual([]);
    expect(receiver.requests.filter(isInsert)).toHaveLength(1);
    expect(state).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: new Date(NOW.getTime() + 7_200_000).toISOString(),
    });
    expect(await readLedger(workspace)).toEqual([]);
    expect((await verifyLedger(ledgerPath(workspace))).ok).toBe(true);
  });

  it('a 429 without Retry-After backs off as usual', async () => {
    receiver.fail({ status: 429 });
    const { outcome, waits } = await send(webhook());
    expect(outcome?.result).toBe('sent');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThanOrEqual(4);
  });

  it('reads delta-seconds and HTTP dates, caps absurd waits, and ignores what it cannot read', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(new Date(NOW.getTime() + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(retryAfterMs(new Date(NOW.getTime() - 90_000).toUTCString(), NOW)).toBe(0);
    expect(retryAfterMs('99999999', NOW)).toBe(24 * 60 * 60 * 1000);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
  });
});

describe('Soda Cloud logins', () => {
  it('a 401 after a fresh login is not retried again and says to check the key in Soda Cloud', async () => {
    receiver.fail({ status: 401 }, isInsert, 2);
    const { outcome, state } = await send(sodaCloud());
    expect(outcome?.detail).toContain('refused a freshly issued token');
    expect(outcome?.detail).toContain("check the API key's role in Soda Cloud");
    expect(state).toMatchObject({ status: 'failed', attempts: 1 });
    expect(receiver.requests.filter(isLogin)).toHaveLength(2);
    expect(receiver.requests.filter(isInsert)).toHaveLength(2);
  });
});

describe('a sign-in page where Soda Cloud should answer', () => {
  it('a login answered with a web page names a network sign-in page, not just a missing token', async () => {
    receiver.fail(
      {
        status: 200,
        headers: { 'Content-Type': 'text/html' },
        body: '<!DOCTYPE html><html><body>Welcome to Hotel Wi-Fi</body></html>',
      },
      isLogin,
    );
    const { outcome } = await send(sodaCloud());
    expect(outcome?.result).toBe('failed');
    expect(outcome?.detail).toContain('a network sign-in page');
    expect(receiver.requests.filter(isInsert)).toHaveLength(0);
  });
});
