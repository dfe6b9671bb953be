/** DNS and TCP probes against real loopback sockets: IP literals, per-address results, refused vs connected. */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEach, resolveHost } from '../../../src/diagnostics/probe-network.js';
import { python3Available, startDroppingPort } from '../../support/full-backlog-server.js';
import { itWhen } from '../../support/prerequisites.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const context = { host: 'db', port: 5432 };
const signal = () => AbortSignal.timeout(5_000);

describe('resolveHost', () => {
  it('needs no lookup for an IP address', async () => {
    const found = await resolveHost('[::1]', context, signal());
    expect(found.addresses).toEqual(['::1']);
    expect(found.result.message).toBe('::1 is an IP address: no lookup needed.');
  });

  it('resolves localhost through the system resolver', async () => {
    const found = await resolveHost('localhost', context, signal());
    expect(found.result.status).toBe('pass');
    expect(found.addresses).toContain('127.0.0.1');
  });

  it('classifies a name that does not exist', async () => {
    const found = await resolveHost('no-such-host.invalid', { host: 'no-such-host.invalid' }, signal());
    expect(found.result.status).toBe('fail');
    expect(found.result.classification?.kind).toMatch(/^dns-/);
  });
});

describe('connectEach', () => {
  it('passes when one address accepts, listing the one that refused', async () => {
    // The server listens on 127.0.0.1 only: the same port on 127.0.0.3 refuses.
    const found = await connectEach(['127.0.0.3', '127.0.0.1'], port, context, signal());
    expect(found.reachable).toEqual(['127.0.0.1']);
    expect(found.result.status).toBe('pass');
    const items = found.result.items ?? [];
    expect(items[1]).toMatchObject({ name: `127.0.0.1 port ${port}`, ok: true });
    // The refusal came back before the connection or was not waited for; either way it is not ok.
    expect(items[0]?.ok).toBe(false);
  });

  it('fails with the classification of the refusal when no address accepts', async () => {
    const found = await connectEach(['127.0.0.3'], port, context, signal());
    expect(found.result).toMatchObject({ status: 'fail', classification: { kind: 'tcp-refused' } });
    expect(found.result.items).toEqual([
      { name: `127.0.0.3 port ${port}`, ok: false, detail: 'refused (nothing listens on the port)' },
    ]);
  });

  const itWithPython = itWhen(python3Available(), 'python3 (the listener that never accepts)');

  itWithPython('does not wait for a black-holed address when another accepts on the same port', async () => {
    // 127.0.0.1:port drops every SYN (a silent firewall); 127.0.0.5 on the same port accepts.
    const dropping = await startDroppingPort();
    const open = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => open.listen(dropping.port, '127.0.0.5', resolve));
    try {
      const waiting = new AbortController();
      const found = await connectEach(['127.0.0.1', '127.0.0.5'], dropping.port, context, waiting.signal);
      // The step's own signal never fired: the accepted connection ended the step.
      expect(waiting.signal.aborted).toBe(false);
      expect(found.reachable).toEqual(['127.0.0.5']);
      expect(found.result.status).toBe('pass');
      expect(found.result.items).toEqual([
        {
          name: `127.0.0.1 port ${dropping.port}`,
          ok: false,
          detail: 'not waited for: another address accepted first',
        },
        { name: `127.0.0.5 port ${dropping.port}`, ok: true, detail: expect.stringMatching(/^connected in/) },
      ]);
    } finally {
      await new Promise<void>((resolve) => open.close(() => resolve()));
      await dropping.close();
    }
  });
});
