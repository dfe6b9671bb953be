/**
 * `window.gatehouse` as the preload builds it from ipcRenderer: one function per API method, each an `invoke` on
 * its channel whose Envelope becomes a value or a rejection with the plain error; and `subscribe`, which hands
 * listeners the event data only — never Electron's event object (it would reach `sender` and more).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, METHOD_NAMES } from '../src/api/desktop/channels.js';
import type {
  Envelope,
  GatehouseApi,
  GatehouseEvent,
  GatehouseListener,
} from '../src/api/desktop/contract.js';

type Bridge = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildApi(ipc: Bridge): GatehouseApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (request?: unknown) => {
      const envelope = (await ipc.invoke(`${CHANNEL_PREFIX}${method}`, request)) as Envelope<unknown>;
      if (envelope.ok) return envelope.value;
      throw envelope.error;
    };
  }
  api.subscribe = (listener: GatehouseListener) => {
    const forward = (_event: IpcRendererEvent, payload: GatehouseEvent) => listener(payload);
    ipc.on(EVENT_CHANNEL, forward);
    return () => {
      ipc.removeListener(EVENT_CHANNEL, forward);
    };
  };
  return Object.freeze(api) as unknown as GatehouseApi;
}
