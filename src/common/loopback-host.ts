/** Loopback hosts: where plain http (a local test server or relay) never crosses a network. */
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and `localhost` (whose lookup the http client then restricts to loopback addresses). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}
