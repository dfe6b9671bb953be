/**
 * IPC registration with a fake ipcMain: one handler per API method; a call is answered only for the main window's
 * top frame on app:// — another web contents, a subframe, a foreign URL or a missing frame gets `forbidden` and
 * the handler never runs; input that fails its schema gets `invalid-input` and the handler never runs.
 */
import { describe, expect, it, vi } from 'vitest';
import { FORBIDDEN, registerIpc } from '../../../electron/ipc.js';
import { channelOf, METHOD_NAMES } from '../../../src/api/desktop/channels.js';
import type { Handlers } from '../../../src/api/desktop/handlers.js';

type Invoke = (event: unknown, input: unknown) => Promise<unknown>;

function setup() {
  const registered = new Map<string, Invoke>();
  const ipcMain = { handle: (channel: string, listener: Invoke) => registered.set(channel, listener) };
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((name) => [name, vi.fn(async (request: unknown) => ({ handled: name, request }))]),
  ) as unknown as Handlers;
  registerIpc(ipcMain as never, handlers, () => 7);
  const call = (method: string, event: unknown, input: unknown) => {
    const listener = registered.get(channelOf(method as never));
    if (!listener) throw new Error(`no handler for ${method}`);
    return listener(event, input);
  };
  return { registered, handlers, call };
}

const mainFrame = (url = 'app://gatehouse/index.html') => ({
  sender: { id: 7 },
  senderFrame: { url, parent: null },
});

describe('registerIpc', () => {
  it('registers one channel per API method', () => {
    const { registered } = setup();
    expect([...registered.keys()].sort()).toEqual(METHOD_NAMES.map((name) => `gatehouse:${name}`).sort());
  });

  it('answers the main window’s top frame', async () => {
    const { call, handlers } = setup();
    const answer = await call('cancelRun', mainFrame(), { runId: 'r-1' });
    expect(answer).toEqual({ ok: true, value: { handled: 'cancelRun', request: { runId: 'r-1' } } });
    expect(handlers.cancelRun).toHaveBeenCalledOnce();
  });

  it.each([
    [
      'another web contents',
      { sender: { id: 8 }, senderFrame: { url: 'app://gatehouse/index.html', parent: null } },
    ],
    [
      'a subframe',
      {
        sender: { id: 7 },
        senderFrame: { url: 'app://gatehouse/index.html', parent: { url: 'app://gatehouse/' } },
      },
    ],
    ['a remote page', mainFrame('https://evil.example/')],
    ['a file:// page', mainFrame('file:///tmp/x.html')],
    ['a look-alike host', mainFrame('app://gatehouse.evil.example/index.html')],
    ['no frame (destroyed)', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses %s without running the handler', async (_name, event) => {
    const { call, handlers } = setup();
    expect(
      await call('setSecret', event, { dataSource: 'warehouse', field: 'password', value: 'pw-123456' }),
    ).toEqual(FORBIDDEN);
    expect(await call('listSecrets', event, undefined)).toEqual(FORBIDDEN);
    expect(handlers.setSecret).not.toHaveBeenCalled();
    expect(handlers.listSecrets).not.toHaveBeenCalled();
  });

  it('validates input from a trusted sender before the handler runs', async () => {
    const { call, handlers } = setup();
    const answers = await Promise.all([
      call('setSecret', mainFrame(), { dataSource: 'warehouse', field: 'password' }),
      call('runScan', mainFrame(), {
        runId: 'r',
        dataSource: 'warehouse',
        checkPaths: ['a.yml'],
        workspace: '/',
      }),
      call('removeDataSource', mainFrame(), { name: '../etc' }),
      call('openExternal', mainFrame(), 'https://example.com'),
    ]);
    for (const answer of answers)
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(handlers.setSecret).not.toHaveBeenCalled();
    expect(handlers.runScan).not.toHaveBeenCalled();
    expect(handlers.removeDataSource).not.toHaveBeenCalled();
    expect(handlers.openExternal).not.toHaveBeenCalled();
  });
});
