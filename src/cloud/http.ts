/**
 * One HTTP exchange for the destinations, on node:http/https rather than fetch: Node 20's fetch honours neither
 * HTTPS_PROXY nor a per-request CA, and gives no say over DNS. TLS is always verified (Node's default trust store
 * plus NODE_EXTRA_CA_CERTS). Through a proxy, https goes in a CONNECT tunnel (the proxy sees only the host name),
 * http in absolute form. Plain http is for loopback only, so its DNS answer must be a loopback address too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { DeliveryError } from './errors.js';
import { isLoopbackAddress } from './loopback.js';
import {
  certificateFailure,
  noAnswer,
  proxyRefused,
  proxySilent,
  proxyUnreachable,
  unreachable,
} from './network-failure.js';
import { proxyFor } from './proxy.js';

export interface HttpRequest {
  url: URL;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: Uint8Array;
  /** For the whole exchange: connect, send, and the complete answer. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Extra trusted CA certificates (PEM) on top of Node's; tests use it for their own CA. */
  ca?: string;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Answers are receipts and tokens, never large; a runaway answer is cut off rather than buffered. */
const MAX_RESPONSE_BYTES = 1 << 20;

const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_TLS/;

function describe(error: unknown, url: URL, proxy: URL | undefined): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (CERTIFICATE_ERROR.test(code) || CERTIFICATE_ERROR.test((error as Error).message)) {
    return certificateFailure(error, url.host);
  }
  return unreachable(error, url.host, proxy ? ` through the proxy ${proxy.host}` : '');
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** DNS for plain http: `localhost` must resolve to a loopback address, or the request is refused. */
function loopbackOnlyLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const loopback = addresses.filter((entry) => isLoopbackAddress(entry.address));
    if (loopback.length === 0) {
      return callback(
        Object.assign(new Error(`${hostname} does not resolve to a loopback address`), {
          code: 'ENOTLOOPBACK',
        }),
        [],
      );
    }
    const all = (options as { all?: boolean }).all;
    if (all) return callback(null, loopback);
    const first = loopback[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}

/** A CONNECT tunnel to host:port through an http(s) proxy: the socket, ready for TLS. */
function tunnel(proxy: URL, url: URL, signal: AbortSignal): Promise<Socket> {
  const target = `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || 443}`;
  const headers: Record<string, string> = { Host: target };
  if (proxy.username) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const module = proxy.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = module.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers,
      signal,
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      const status = response.statusCode ?? 0;
      reject(proxyRefused(proxy, target, status));
    });
    // Before the tunnel is up, a socket error is the proxy's, not the destination's; an abort keeps its reason.
    request.once('error', (error) => reject(signal.aborted ? error : proxyUnreachable(error, proxy)));
    request.end();
  });
}

export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const { url } = request;
  const proxy = proxyFor(url, request.env ?? process.env);
  const abort = new AbortController();
  // Until the tunnel is up, a silence is the proxy's: naming the destination would send the reader the wrong way.
  let waitingForProxy = false;
  const timer = setTimeout(
    () =>
      abort.abort(
        waitingForProxy && proxy
          ? proxySilent(proxy, url.host, request.timeoutMs)
          : noAnswer(url.host, request.timeoutMs),
      ),
    request.timeoutMs,
  );
  try {
    const headers = { ...request.headers };
    if (request.body) headers['Content-Length'] = String(request.body.length);
    let options: http.RequestOptions;
    let module: typeof http | typeof https = url.protocol === 'https:' ? https : http;
    const path = `${url.pathname}${url.search}`;
    if (proxy && url.protocol === 'https:') {
      waitingForProxy = true;
      const socket = await tunnel(proxy, url, abort.signal);
      waitingForProxy = false;
      const secure = tls.connect({ socket, servername: url.hostname, ca: extraCa(request.ca) });
      // http over the tunnelled TLS socket: the TLS is ours, checked as for a direct connection.
      module = http;
      options = {
        method: request.method,
        path,
        headers: { Host: url.host, ...headers },
        createConnection: () => secure,
      };
    } else if (proxy) {
      options = {
        host: proxy.hostname.replace(/^\[|\]$/g, ''),
        port: proxy.port || 80,
        method: request.method,
        path: url.href,
        headers: { Host: url.host, ...headers },
      };
      module = http;
    } else {
      options = {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        method: request.method,
        path,
        headers,
        agent: false,
        ...(url.protocol === 'http:' ? { lookup: loopbackOnlyLookup as never } : { ca: extraCa(request.ca) }),
      };
    }
    return await exchange(module, { ...options, signal: abort.signal }, request.body);
  } catch (error) {
    throw describe(abort.signal.aborted ? abort.signal.reason : error, url, proxy);
  } finally {
    clearTimeout(timer);
  }
}

/** Node's default CAs plus the extra ones: `ca` alone would replace the default trust store. */
function extraCa(ca: string | undefined): string[] | undefined {
  return ca ? [...tls.rootCertificates, ca] : undefined;
}

function exchange(
  module: typeof http | typeof https,
  options: http.RequestOptions,
  body?: Uint8Array,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = module.request(options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) return response.destroy(new Error('the answer is larger than 1 MiB'));
        chunks.push(chunk);
      });
      response.once('error', reject);
      response.once('close', () => {
        if (!response.complete)
          reject(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' }));
      });
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.once('error', reject);
    request.end(body);
  });
}
