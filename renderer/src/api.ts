/**
 * The renderer's only way to the engine: `window.gatehouse`, given by Electron's preload (or the browser-test
 * harness). Types come from the desktop contract; no engine code is imported.
 */
import type {
  GatehouseApi,
  GatehouseError,
  GatehouseErrorCode,
  GatehouseEvent,
} from '../../src/api/desktop/contract.js';

export function gatehouse(): GatehouseApi {
  const api = (window as Partial<Window>).gatehouse;
  if (!api) {
    throw {
      code: 'internal',
      message: 'This page has no connection to the Gatehouse engine.',
      remedy: 'Open it through the Gatehouse app (npm start), not directly in a browser.',
    } satisfies GatehouseError;
  }
  return api;
}

const CODES: ReadonlySet<string> = new Set<GatehouseErrorCode>([
  'invalid-input',
  'forbidden',
  'unknown-method',
  'config',
  'secret-store',
  'not-found',
  'conflict',
  'workspace',
  'outbox',
  'destination',
  'check-files',
  'busy',
  'internal',
]);

/** A rejection as the contract promises it (`{ code, message, remedy? }`), or anything else made readable. */
export function toGatehouseError(error: unknown): GatehouseError {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { code, message, remedy } = error as Partial<GatehouseError>;
    return {
      code: typeof code === 'string' && CODES.has(code) ? code : 'internal',
      message: String(message),
      ...(typeof remedy === 'string' ? { remedy } : {}),
    };
  }
  return { code: 'internal', message: String(error) };
}

/** A fresh id for a streaming run (scan, connection test). */
export function newRunId(): string {
  return crypto.randomUUID();
}

/**
 * Runs a streaming call with its events: subscribes first (as the contract asks), passes on only this run's
 * events, and unsubscribes when the call settles.
 */
export async function withRunEvents<T>(
  runId: string,
  onEvent: (event: GatehouseEvent) => void,
  call: () => Promise<T>,
): Promise<T> {
  const unsubscribe = gatehouse().subscribe((event) => {
    if (event.runId === runId) onEvent(event);
  });
  try {
    return await call();
  } finally {
    unsubscribe();
  }
}
