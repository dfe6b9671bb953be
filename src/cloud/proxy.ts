/**
 * Which proxy, if any, a request goes through: HTTPS_PROXY for https URLs, HTTP_PROXY for http ones (either
 * case), unless NO_PROXY matches. Node 20's fetch ignores these variables, so Gatehouse reads them itself and
 * tunnels with CONNECT (see http.ts). Loopback destinations never go through a proxy: a proxy cannot reach them.
 */
import { isLoopbackHost } from './loopback.js';

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

/** NO_PROXY as curl reads it: `*`, or names matching the host or a parent domain (leading dot optional), `:port` optional. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const rule = raw.trim().toLowerCase();
    if (!rule) continue;
    if (rule === '*') return true;
    const portMatch = /^(.*):(\d+)$/.exec(rule);
    const ruleHost = (portMatch ? (portMatch[1] ?? '') : rule).replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (portMatch && portMatch[2] !== port) continue;
    if (host === ruleHost || host.endsWith(`.${ruleHost}`)) return true;
  }
  return false;
}

export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (isLoopbackHost(url.hostname)) return undefined;
  const proxy = variable(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
  if (!proxy || bypassesProxy(url, variable(env, 'no_proxy'))) return undefined;
  // `host:port` without a scheme is common in these variables; curl reads it as http.
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
}
