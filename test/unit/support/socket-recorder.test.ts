/**
 * The socket recorder sees every way Node opens an outbound connection (net.connect, an HTTP agent, fetch,
 * tls.connect, a name that never resolves), leaves out sockets marked as fixtures, and stops recording after the
 * block: all against real local sockets.
 */
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ignoreSocket, recordSockets, startRecording } from '../../support/socket-recorder.js';

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((_request, response) => response.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function connectAndClose(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

describe('recordSockets', () => {
  it('records net.connect, HTTP requests and fetch with the host asked for and the address reached', async () => {
    const { connections } = await recordSockets(async () => {
      await connectAndClose(net.connect(port, '127.0.0.1'));
      await new Promise<void>((resolve, reject) =>
        http
          .get({ host: '127.0.0.1', port, agent: false }, (response) => response.resume().on('end', resolve))
          .on('error', reject),
      );
      await (await fetch(`http://127.0.0.1:${port}/`)).text();
    });
    expect(connections.map((c) => [c.host, c.port])).toEqual([
      ['127.0.0.1', port],
      ['127.0.0.1', port],
      ['127.0.0.1', port],
    ]);
    expect(connections.every((c) => c.remoteAddress === '127.0.0.1' && c.remotePort === port)).toBe(true);
  });

  it('records TLS connections and names that do not resolve, before any lookup', async () => {
    const { connections } = await recordSockets(async () => {
      const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: true });
      await once(socket, 'error').catch(() => {});
      socket.destroy();
      // A lookup that fails at once: the test needs no resolver, and the record is made before any lookup.
      const lookup: net.LookupFunction = (_host, _options, callback) =>
        callback(Object.assign(new Error('no resolver in this test'), { code: 'ENOTFOUND' }), '', 4);
      const probe = net.connect({ host: 'metadata.invalid', port: 80, lookup });
      await once(probe, 'error').catch(() => {});
    });
    expect(connections.map((c) => `${c.host}:${c.port}`)).toEqual([
      `127.0.0.1:${port}`,
      'metadata.invalid:80',
    ]);
  });

  it('leaves out sockets marked as fixtures, and records nothing outside a recording', async () => {
    const { connections } = await recordSockets(async () => {
      const fixture = ignoreSocket(new net.Socket());
      fixture.connect(port, '127.0.0.1');
      await connectAndClose(fixture);
    });
    expect(connections).toEqual([]);
    const recording = startRecording();
    recording.stop();
    await connectAndClose(net.connect(port, '127.0.0.1'));
    expect(recording.connections).toEqual([]);
  });
});
