/**
 * This machine's public address as an HTTPS echo service sees it: asked for only when the user requests it
 * (`--egress-ip`), never otherwise. It is a best guess: a VPN, proxy or NAT may show the database another address.
 * Services are tried in order until one answers with an address. Plain http is accepted for loopback only.
 */
import { userAgent } from '../cloud/destination.js';
import { httpRequest } from '../cloud/http.js';
import { isLoopbackHost } from '../cloud/loopback.js';
import { parseIp } from './ip-address.js';
import type { EgressGuess } from './report.js';

/** Well-known echo services that answer a plain GET with the caller's address. */
export const DEFAULT_EGRESS_SERVICES: readonly string[] = [
  'https://api.ipify.org',
  'https://checkip.amazonaws.com',
  'https://ifconfig.me/ip',
];

export class EgressServiceError extends Error {
  override name = 'EgressServiceError';
}

/** An echo service address: https, or http to a loopback host. */
export function egressServiceUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EgressServiceError(`The egress IP service "${text}" is not a URL.`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new EgressServiceError(
    `The egress IP service "${text}" must use https (plain http is accepted only for 127.0.0.0/8, ::1 and localhost).`,
  );
}

/** The address in an echo service's answer: plain text, or JSON with an `ip` field. */
function addressIn(body: string): string | undefined {
  const text = body.trim();
  let candidate = text;
  if (text.startsWith('{')) {
    try {
      const ip = (JSON.parse(text) as { ip?: unknown }).ip;
      candidate = typeof ip === 'string' ? ip : '';
    } catch {
      return undefined;
    }
  }
  const parsed = parseIp(candidate);
  return parsed.ok ? parsed.value.text : undefined;
}

export interface EgressLookupOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export type EgressLookup = { egress: EgressGuess } | { error: string };

export async function lookupEgressIp(
  services: readonly string[],
  options: EgressLookupOptions,
): Promise<EgressLookup> {
  const problems: string[] = [];
  for (const service of services) {
    try {
      const url = egressServiceUrl(service);
      const response = await httpRequest({
        url,
        method: 'GET',
        headers: { 'User-Agent': userAgent(), Accept: 'text/plain, application/json' },
        timeoutMs: options.timeoutMs,
        ...(options.env ? { env: options.env } : {}),
      });
      const ip = response.status === 200 ? addressIn(response.body.toString('utf8')) : undefined;
      if (ip) return { egress: { ip, service: url.href } };
      problems.push(
        `${url.host}: ${response.status === 200 ? 'the answer holds no IP address' : `HTTP ${response.status}`}`,
      );
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return {
    error:
      services.length === 0
        ? 'No egress IP service is configured.'
        : `No egress IP service answered with an address: ${problems.join('; ')}`,
  };
}
