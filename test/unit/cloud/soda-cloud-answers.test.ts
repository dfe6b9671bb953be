/**
 * Soda Cloud answers that say "OK" but lack what was asked for: a login without a token, a sample upload without
 * a fileId (missing, empty, or a body that is not JSON). Each is a DeliveryError that says what was missing, and
 * nothing more is sent after it. A local HTTP server plays Soda Cloud with exactly those answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/cloud/errors.js';
import { SodaCloudDestination } from '../../../src/cloud/soda-cloud.js';
import { DEFAULT_PRIVACY } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import { fixtureResult } from '../payload/fixture.js';

type Answer = { login: string; upload: string };

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Starts the stand-in; returns the paths it was asked for, in order. */
async function sodaCloud(answer: Answer): Promise<{ port: number; paths: string[] }> {
  const paths: string[] = [];
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      paths.push(request.url ?? '');
      const body = request.url === '/api/scan/upload' ? answer.upload : answer.login;
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, paths };
}

async function deliver(port: number) {
  // Level full with sample files: the document goes after the sample uploads, as to Soda Cloud.
  const prepared = buildPayload(
    fixtureResult(),
    { ...DEFAULT_PRIVACY, level: 'full' },
    { samples: 'files' },
  ).prepared;
  expect(prepared.sampleFiles.length).toBeGreaterThan(0);
  const destination = new SodaCloudDestination(
    { host: '127.0.0.1', port, scheme: 'http' },
    { apiKeyId: 'key-id', apiKeySecret: async () => 'key-secret' },
    { timeoutMs: 5_000 },
  );
  return destination
    .deliver({
      bytes: prepared.bytes,
      sha256: prepared.sha256,
      sampleFiles: prepared.sampleFiles,
      record: { definitionName: prepared.definitionName, scanId: prepared.scanId, sha256: prepared.sha256 },
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

describe('Soda Cloud answers without what was asked for', () => {
  it.each([
    ['no token', '{}'],
    ['an empty token', '{"token":""}'],
    ['a body that is not JSON', 'welcome'],
    ['JSON null', 'null'],
  ])('a login answered with %s fails the delivery before anything is sent', async (_case, login) => {
    const { port, paths } = await sodaCloud({ login, upload: '{"fileId":"f-1"}' });
    const error = await deliver(port);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe('Soda Cloud login answered without a token.');
    expect(paths).toEqual(['/api/command']);
  });

  it.each([
    ['no fileId', '{}'],
    ['an empty fileId', '{"fileId":""}'],
    ['a number for fileId', '{"fileId":7}'],
    ['a body that is not JSON', 'stored'],
  ])('a sample upload answered with %s fails before the document is sent', async (_case, upload) => {
    const { port, paths } = await sodaCloud({ login: '{"token":"t-1"}', upload });
    const error = await deliver(port);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toMatch(
      /^Soda Cloud took the sample file .+ but answered without a fileId/,
    );
    expect(paths).toEqual(['/api/command', '/api/scan/upload']);
  });
});
