/**
 * The `app://gatehouse/` protocol: serves the built renderer's files and nothing else, each answer with the
 * Content-Security-Policy header (and, in the HTML, the same policy as a meta tag). Paths are resolved inside the
 * renderer folder and refused when they leave it — by `..`, encoded separators, or a symbolic link.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.js';

/** Registered before `ready`: a standard, secure scheme (an origin of its own), without extra powers. */
export const SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: false,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
    codeCache: true,
  },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

const META = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;

/** The policy as a meta tag right after `<head>` too: it holds even if the page is ever saved and opened elsewhere. */
export function withCspMeta(html: string): string {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  return html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}\n    ${META}`);
}

function answer(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The file a request names inside `root`, or undefined when it names nothing there. */
export function resolveInside(root: string, url: URL): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path === '/' || path === '') path = '/index.html';
  const file = resolve(root, `.${path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return file;
}

export interface ProtocolFiles {
  readFile(path: string): Promise<Buffer>;
  realpath(path: string): Promise<string>;
}

const nodeFiles: ProtocolFiles = { readFile: (path) => readFile(path), realpath: (path) => realpath(path) };

export function appProtocolHandler(
  rendererDir: string,
  files: ProtocolFiles = nodeFiles,
): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return answer(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed');
    const file = resolveInside(root, url);
    if (!file) return answer(403, 'Forbidden');
    let real: string;
    let realRoot: string;
    try {
      [real, realRoot] = await Promise.all([files.realpath(file), files.realpath(root)]);
    } catch {
      return answer(404, 'Not found');
    }
    // A symbolic link inside the folder must not lead out of it.
    if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : join(realRoot, sep))) {
      return answer(403, 'Forbidden');
    }
    let body: Buffer;
    try {
      body = await files.readFile(real);
    } catch {
      return answer(404, 'Not found');
    }
    const type = TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    const content = type.startsWith('text/html') ? Buffer.from(withCspMeta(body.toString('utf8'))) : body;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(content), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': type },
    });
  };
}
