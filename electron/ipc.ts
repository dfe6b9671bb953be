/**
 * One `ipcMain.handle` per API method. Each call is answered only when it comes from the app's own page (the main
 * window's top frame, on app://); its input is validated by the method's schema inside `dispatch` before the
 * handler runs. Answers are Envelopes, so the renderer gets the plain error shape rather than Electron's
 * "Error invoking remote method" text.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelOf, METHOD_NAMES } from '../src/api/desktop/channels.js';
import type { Envelope } from '../src/api/desktop/contract.js';
import { dispatch, type Handlers } from '../src/api/desktop/handlers.js';
import { isTrustedSender, type SenderInfo } from './security.js';

export const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message: 'This request did not come from the Gatehouse window and was refused.',
  },
};

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  /** The main window's web contents id, read at call time (the window may be recreated). */
  mainContentsId: () => number | undefined,
): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelOf(method), async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event as unknown as SenderInfo, mainContentsId())) return FORBIDDEN;
      return dispatch(handlers, method, input);
    });
  }
}
