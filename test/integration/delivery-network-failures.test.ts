/**
 * How a send fails on a bad network, in words that say what happened and what to do: a name that does not
 * resolve, a refused connection, a proxy that is down or wants credentials, and each way a certificate check
 * fails (untrusted, wrong name, expired) — each with the advice that helps for that case, not a bare ENOTFOUND.
 */
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/cloud/errors.js';
import { WebhookDestination } from '../../src/cloud/webhook.js';
import { findFreePort } from '../support/free-port.js';
import { preparedPayload } from '../support/payloads.js';
import { Receiver } from '../support/receiver.js';
import { createCertificateAuthority, issueCertificate } from '../support/test-certificates.js';

let dir: string;
let ca: string;
let valid: Receiver;
let expired: Receiver;
let proxy: http.Server;
let silentProxy: http.Server;

async function receiverWith(name: string, days?: number): Promise<Receiver> {
  const authority = await createCertificateAuthority(dir, `${name}-ca`, 'Gatehouse Test CA');
  if (name === 'valid') ca = await readFile(authority.certFile, 'utf8');
  const server = await issueCertificate(authority, dir, {
    name,
    commonName: 'localhost',
    usage: 'serverAuth',
    subjectAltNames: ['DNS:localhost'],
    ...(days === undefined ? {} : { days }),
  });
  return Receiver.start({
    tls: { cert: await readFile(server.certFile, 'utf8'), key: await readFile(server.keyFile, 'utf8') },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-network-failures-'));
  valid = await receiverWith('valid');
  expired = await receiverWith('expired', -1);
  // A proxy that wants credentials for every tunnel.
  proxy = http.createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (_request: http.IncomingMessage, client: Socket) => {
    client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  // A proxy that takes the connection and never answers CONNECT.
  silentProxy = http.createServer();
  silentProxy.on('connect', () => {});
  silentProxy.listen(0, '127.0.0.1');
  await once(silentProxy, 'listening');
});

afterAll(async () => {
  for (const server of [proxy, silentProxy]) {
    server.closeAllConnections();
    server.close();
  }
  await valid.close();
  await expired.close();
  await rm(dir, { recursive: true, force: true });
});

async function failure(
  url: string,
  options: { env?: NodeJS.ProcessEnv; ca?: string; timeoutMs?: number } = {},
) {
  const prepared = preparedPayload('scan-1');
  const destination = new WebhookDestination(url, async () => 'secret', {
    timeoutMs: options.timeoutMs ?? 5_000,
    env: { HTTPS_PROXY: '', HTTP_PROXY: '', ...options.env },
    ...(options.ca ? { ca: options.ca } : {}),
  });
  const error = await destination
    .deliver({ bytes: prepared.bytes, sha256: prepared.sha256, sampleFiles: [], record: {} as never })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('network failures in words', () => {
  it('a name that does not resolve says DNS and what to check, and may be retried', async () => {
    const error = await failure('https://gatehouse-no-such-host.invalid/hook');
    expect(error.message).toMatch(/does not resolve \(DNS\)|DNS lookup failed/);
    expect(error.message).toContain('check');
    expect(error.retryable).toBe(true);
  });

  it('a refused connection says nothing is listening, not just ECONNREFUSED', async () => {
    const port = await findFreePort();
    const error = await failure(`https://127.0.0.1:${port}/hook`);
    expect(error.message).toContain('the connection was refused, nothing is listening there');
    expect(error.retryable).toBe(true);
  });

  it('a proxy that is down is named as the proxy, with HTTPS_PROXY to check, not the destination', async () => {
    const port = await findFreePort();
    const error = await failure('https://hooks.example.com/hook', {
      env: { HTTPS_PROXY: `http://127.0.0.1:${port}` },
    });
    expect(error.message).toContain(`Could not reach the proxy 127.0.0.1:${port} named in HTTPS_PROXY`);
    expect(error.message).toContain('check HTTPS_PROXY');
    expect(error.retryable).toBe(true);
  });

  it('a proxy that never answers CONNECT is named as the silent one, not the destination', async () => {
    const port = (silentProxy.address() as AddressInfo).port;
    const error = await failure('https://hooks.example.com/hook', {
      env: { HTTPS_PROXY: `http://127.0.0.1:${port}` },
      timeoutMs: 300,
    });
    expect(error.message).toContain(
      `The proxy 127.0.0.1:${port} named in HTTPS_PROXY gave no answer within 300 ms`,
    );
    expect(error.retryable).toBe(true);
  });

  it('a proxy that wants credentials says to ask IT for them, and is not retried', async () => {
    const error = await failure('https://hooks.example.com/hook', {
      env: { HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` },
    });
    expect(error.message).toContain('HTTP 407');
    expect(error.message).toContain('ask your IT department');
    expect(error.retryable).toBe(false);
  });
});

describe('certificate failures, each with the advice that fits', () => {
  it('an untrusted CA points at NODE_EXTRA_CA_CERTS', async () => {
    const error = await failure(`https://localhost:${valid.port}/hook`);
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(error.retryable).toBe(false);
  });

  it('a certificate for another name says so, and does not suggest trusting a CA', async () => {
    const error = await failure(`https://127.0.0.1:${valid.port}/hook`, { ca });
    expect(error.message).toContain('the certificate is for another name than 127.0.0.1');
    expect(error.message).not.toContain('NODE_EXTRA_CA_CERTS');
    expect(error.retryable).toBe(false);
  });

  it('an expired certificate says it expired, and does not suggest trusting a CA', async () => {
    const expiredCa = await readFile(join(dir, 'expired-ca.crt'), 'utf8');
    const error = await failure(`https://localhost:${expired.port}/hook`, { ca: expiredCa });
    expect(error.message).toContain('the certificate has expired');
    expect(error.message).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it('nothing reached the receivers', () => {
    expect(valid.requests).toHaveLength(0);
    expect(expired.requests).toHaveLength(0);
  });
});
