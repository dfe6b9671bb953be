/** `window.gatehouse`, as the preload (or the browser-test harness) defines it. */
import type { GatehouseApi } from './contract.js';

declare global {
  interface Window {
    gatehouse: GatehouseApi;
  }
}
