/**
 * HTTPS through a proxy, as behind a corporate firewall: HTTPS_PROXY makes the destination open a CONNECT tunnel,
 * inside which TLS is verified against the destination's own name. The proxy here maps every name to the local
 * HTTPS receiver, so the test needs no DNS; the receiver's certificate is for `gatehouse.test` from a test CA.
 */
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/cloud/errors.js';
import { proxyFor } from '../../src/cloud/proxy.js';
import { WebhookDestination } from '../../src/cloud/webhook.js';
import { preparedPayload } from '../support/payloads.js';
import { Receiver } from '../support/receiver.js';
import { createCertificateAuthority, issueCertificate } from '../support/test-certificates.js';

let dir: string;
let ca: string;
let receiver: Receiver;
let proxy: http.Server;
const tunnels: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-proxy-'));
  const authority = await createCertificateAuthority(dir, 'ca', 'Gatehouse Test CA');
  const server = await issueCertificate(authority, dir, {
    name: 'server',
    commonName: 'gatehouse.test',
    usage: 'serverAuth',
    subjectAltNames: ['DNS:gatehouse.test'],
  });
  ca = await readFile(authority.certFile, 'utf8');
  receiver = await Receiver.start({
    tls: { cert: await readFile(server.certFile, 'utf8'), key: await readFile(server.keyFile, 'utf8') },
  });
  proxy = http.createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const upstream = net.connect(receiver.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
});

afterAll(async () => {
  proxy.closeAllConnections();
  proxy.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

const proxyEnv = () => ({ HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });

function webhook(options: { ca?: string; env: NodeJS.ProcessEnv }): WebhookDestination {
  return new WebhookDestination(`https://gatehouse.test:${receiver.port}/hook`, async () => 'secret', {
    timeoutMs: 5_000,
    ...options,
  });
}

describe('HTTPS proxy', () => {
  it('tunnels with CONNECT to the destination name, verifies its certificate, delivers the exact bytes', async () => {
    const prepared = preparedPayload('scan-1');
    const receipt = await webhook({ ca, env: proxyEnv() }).deliver({
      bytes: prepared.bytes,
      sha256: prepared.sha256,
      sampleFiles: [],
      record: {} as never,
    });
    expect(receipt.status).toBe(200);
    expect(tunnels).toEqual([`gatehouse.test:${receiver.port}`]);
    expect(receiver.requests.at(-1)?.body.equals(Buffer.from(prepared.bytes))).toBe(true);
  });

  it('refuses a certificate it cannot verify, and does not retry', async () => {
    const prepared = preparedPayload('scan-1');
    const sent = receiver.requests.length;
    const error = await webhook({ env: proxyEnv() })
      .deliver({ bytes: prepared.bytes, sha256: prepared.sha256, sampleFiles: [], record: {} as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(false);
    expect((error as DeliveryError).message).toContain('could not be verified');
    expect(receiver.requests.length).toBe(sent);
  });

  it('reads HTTPS_PROXY / NO_PROXY as curl does, and never proxies loopback', () => {
    const url = new URL('https://cloud.example.com/api/command');
    expect(proxyFor(url, { https_proxy: 'proxy.corp:3128' })?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com' })).toBeUndefined();
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.example.com:443' })).toBeUndefined();
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com:8443' })?.host).toBe('p:1');
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.com' })?.host).toBe('p:1');
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor(url, { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
    expect(proxyFor(new URL('http://127.0.0.1:9/x'), { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
  });
});
