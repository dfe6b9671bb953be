/**
 * Plain http is accepted only for loopback destinations (a local test receiver or a local relay): over any
 * other network the payload and the API key would travel in clear.
 */
import { isIP } from 'node:net';
import { isLoopbackHost } from '../common/loopback-host.js';
import { DestinationConfigError } from './errors.js';

export { isLoopbackHost };

export function isLoopbackAddress(address: string): boolean {
  return isIP(address) !== 0 && isLoopbackHost(address);
}

/** A destination URL: https, or http to a loopback host; `what` names it in errors ("soda_cloud", "webhook url"). */
export function checkedUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DestinationConfigError(`The ${what} "${text}" is not a URL.`);
  }
  if (url.username || url.password) {
    // The address goes into approvals and the ledger: credentials belong in the secret store, not in it.
    throw new DestinationConfigError(`The ${what} must not carry a user name or password.`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url;
    throw new DestinationConfigError(
      `The ${what} uses plain http to ${url.hostname}, which is not a loopback address: payloads and credentials would cross the network unencrypted. Use https (plain http is accepted only for 127.0.0.0/8, ::1 and localhost).`,
    );
  }
  throw new DestinationConfigError(`The ${what} "${text}" must be an https URL.`);
}
