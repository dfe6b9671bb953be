/**
 * The preload's `window.gatehouse`, built over a fake ipcRenderer: each method invokes its channel with the
 * request and unwraps the Envelope (a failure rejects with the plain error object); `subscribe` hands listeners
 * the event data only — never Electron's event object — and its return value unsubscribes.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildApi } from '../../../electron/preload-api.js';
import { EVENT_CHANNEL, METHOD_NAMES } from '../../../src/api/desktop/channels.js';
import type { GatehouseEvent } from '../../../src/api/desktop/contract.js';

type Forward = (event: unknown, payload: unknown) => void;

function fakeIpc(answer: (channel: string, request: unknown) => unknown) {
  const listeners = new Map<string, Set<Forward>>();
  return {
    invoke: vi.fn(async (channel: string, request: unknown) => answer(channel, request)),
    on: vi.fn((channel: string, listener: Forward) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: Forward) => listeners.get(channel)?.delete(listener)),
    send(channel: string, payload: unknown) {
      const event = { sender: { id: 1, send: () => {} }, ports: [] };
      for (const listener of listeners.get(channel) ?? []) listener(event, payload);
    },
  };
}

describe('buildApi', () => {
  it('has every method and subscribe, and cannot be changed', () => {
    const api = buildApi(fakeIpc(() => ({ ok: true, value: null })) as never) as unknown as Record<
      string,
      unknown
    >;
    for (const name of [...METHOD_NAMES, 'subscribe']) expect(typeof api[name]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes the method’s channel and resolves with the value', async () => {
    const ipc = fakeIpc((channel, request) => ({ ok: true, value: { channel, request } }));
    const api = buildApi(ipc as never);
    expect(await api.cancelRun({ runId: 'r-1' })).toEqual({
      channel: 'gatehouse:cancelRun',
      request: { runId: 'r-1' },
    });
  });

  it('rejects with the plain error shape', async () => {
    const error = { code: 'forbidden', message: 'refused' };
    const api = buildApi(fakeIpc(() => ({ ok: false, error })) as never);
    await expect(api.listSecrets()).rejects.toEqual(error);
    await expect(api.listSecrets()).rejects.not.toBeInstanceOf(Error);
  });

  it('gives listeners the event data only, until unsubscribed', () => {
    const ipc = fakeIpc(() => undefined);
    const api = buildApi(ipc as never);
    const seen: unknown[][] = [];
    const unsubscribe = api.subscribe((...args: unknown[]) => seen.push(args));
    const event: GatehouseEvent = { type: 'connection-finished', runId: 'r', ok: true };
    ipc.send(EVENT_CHANNEL, event);
    expect(seen).toEqual([[event]]);
    unsubscribe();
    ipc.send(EVENT_CHANNEL, event);
    expect(seen).toHaveLength(1);
    expect(ipc.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));
  });
});
