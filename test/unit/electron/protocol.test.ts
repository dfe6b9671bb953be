/**
 * The app:// handler over a real folder: it serves the renderer's files with the CSP header (and the CSP meta tag
 * in HTML), and refuses whatever would leave the folder — `..` segments, encoded slashes and backslashes, NUL, a
 * symbolic link pointing out — as well as other hosts and methods. The secret file next to the folder is never
 * read.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolHandler, withCspMeta } from '../../../electron/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security.js';

let root: string;
let renderer: string;
let handler: ReturnType<typeof appProtocolHandler>;
const SECRET = 'secret-file-content-91f3';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gatehouse-protocol-'));
  renderer = join(root, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(
    join(renderer, 'index.html'),
    '<!doctype html><html><head><title>G</title></head><body></body></html>',
  );
  await writeFile(join(renderer, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), SECRET);
  await symlink(join(root, 'secret.txt'), join(renderer, 'assets', 'link.js'));
  handler = appProtocolHandler(renderer);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler({ url, method } as Request);

describe('appProtocolHandler', () => {
  it('serves index.html with the CSP header and meta tag', async () => {
    for (const url of ['app://gatehouse/index.html', 'app://gatehouse/']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      );
      expect(html.indexOf('http-equiv')).toBeLessThan(html.indexOf('<title>'));
    }
  });

  it('serves assets with their type and the CSP header', async () => {
    const response = await get('app://gatehouse/assets/app-1a2b.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'app://gatehouse/..%2fsecret.txt',
    'app://gatehouse/assets/..%2f..%2fsecret.txt',
    'app://gatehouse/..%5csecret.txt',
    'app://gatehouse/index.html%00.js',
    'app://gatehouse/%E0%A4%A',
    'app://gatehouse/assets/link.js',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(SECRET);
  });

  it.each(['app://gatehouse/../../secret.txt', 'app://gatehouse/%2e%2e/secret.txt'])(
    'keeps %s inside the folder (the URL parser resolves dot segments first)',
    async (url) => {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(SECRET);
    },
  );

  it('answers 404 for missing files and other hosts, 405 for other methods', async () => {
    expect((await get('app://gatehouse/nope.js')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://gatehouse/index.html', 'POST')).status).toBe(405);
  });
});

describe('withCspMeta', () => {
  it('adds the meta tag once', () => {
    const once = withCspMeta('<html><head lang="en"><title>x</title></head></html>');
    expect(withCspMeta(once)).toBe(once);
    expect(once.match(/http-equiv/g)).toHaveLength(1);
  });
});
