/**
 * The desktop API's method names at run time: the preload builds `window.gatehouse` from this list and the main
 * process registers one IPC handler per name. No engine code here, so the preload bundle stays tiny.
 */
import type { ChannelOf, EventChannel, GatehouseMethodName } from './contract.js';

/** Every method of GatehouseMethods, once (the type below fails to compile if one is missing or extra). */
export const METHOD_NAMES = [
  'appInfo',
  'pickPaths',
  'openExternal',
  'listDataSources',
  'saveDataSource',
  'removeDataSource',
  'importConfiguration',
  'secretsStatus',
  'listSecrets',
  'setSecret',
  'deleteSecret',
  'testConnection',
  'openCheckFiles',
  'runScan',
  'cancelRun',
  'listScans',
  'showScan',
  'checkHistory',
  'previewPayload',
  'previewSampleFile',
  'approve',
  'upload',
  'listOutbox',
  'showLedger',
  'verifyLedger',
  'getSettings',
  'updateSettings',
] as const satisfies readonly GatehouseMethodName[];

type Listed = (typeof METHOD_NAMES)[number];
/** Compile-time check: every contract method is listed. */
export const EVERY_METHOD_LISTED: Exclude<GatehouseMethodName, Listed> extends never ? true : never = true;

export const CHANNEL_PREFIX = 'gatehouse:';
export const EVENT_CHANNEL: EventChannel = 'gatehouse:event';

export function channelOf<M extends GatehouseMethodName>(method: M): ChannelOf<M> {
  return `${CHANNEL_PREFIX}${method}`;
}
