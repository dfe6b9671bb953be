/** PostgreSQL's SSLRequest preamble against local sockets that answer as a server would (or would not). */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresSslRequest } from '../../../src/diagnostics/engines/postgres-ssl-request.js';

let server: Server | undefined;
const received: Buffer[] = [];

/** A server that answers the first packet with `answer` (or says nothing when undefined). */
async function clientOf(answer: Buffer | undefined): Promise<Socket> {
  server = createServer((socket) => {
    socket.once('data', (data: Buffer) => {
      received.push(data);
      if (answer) socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
  });
}

afterEach(async () => {
  received.length = 0;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('postgresSslRequest', () => {
  it('sends the 8-byte SSLRequest and reads S as yes', async () => {
    const socket = await clientOf(Buffer.from('S'));
    expect(await postgresSslRequest(socket, AbortSignal.timeout(5_000))).toBe(true);
    expect(received[0]).toEqual(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]));
    socket.destroy();
  });

  it('reads N as no TLS on this server', async () => {
    const socket = await clientOf(Buffer.from('N'));
    expect(await postgresSslRequest(socket, AbortSignal.timeout(5_000))).toBe(false);
    socket.destroy();
  });

  it('refuses bytes after the answer (data injected before the handshake)', async () => {
    const socket = await clientOf(Buffer.from('Sjunk'));
    await expect(postgresSslRequest(socket, AbortSignal.timeout(5_000))).rejects.toThrow(
      /5 bytes instead of 1/,
    );
    socket.destroy();
  });

  it('says the port may not be PostgreSQL when the answer is something else', async () => {
    const socket = await clientOf(Buffer.from('H'));
    await expect(postgresSslRequest(socket, AbortSignal.timeout(5_000))).rejects.toMatchObject({
      code: 'EPROTO',
      message: expect.stringContaining('may not be PostgreSQL'),
    });
    socket.destroy();
  });

  it('gives up when the signal aborts on a silent server', async () => {
    const socket = await clientOf(undefined);
    const controller = new AbortController();
    const pending = postgresSslRequest(socket, controller.signal);
    controller.abort(new Error('step timed out'));
    await expect(pending).rejects.toThrow('step timed out');
    socket.destroy();
  });
});
