/**
 * The built renderer through the app:// handler, as Electron will load it: Vite's build of renderer/ (made once
 * per test run), and the page and every file it references come back 200 with the right type and the CSP header; the
 * page holds nothing the CSP would block (inline script or style, remote URLs).
 */
import { describe, expect, inject, it } from 'vitest';
import { appProtocolHandler } from '../../../electron/protocol.js';
import { APP_ENTRY, APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../../../electron/security.js';

// The renderer the test run's global setup built (test/support/global-setup.ts).
const handler = appProtocolHandler(inject('rendererDir'));

const get = (url: string) => handler({ url, method: 'GET' } as Request);

describe('the built renderer on app://', () => {
  it('loads the page and everything it references, each with the CSP', async () => {
    const page = await get(APP_ENTRY);
    expect(page.status).toBe(200);
    const html = await page.text();
    const references = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(references.some((ref) => ref.endsWith('.js'))).toBe(true);
    for (const reference of references) {
      const url = new URL(reference, APP_ENTRY);
      expect(url.origin === APP_ORIGIN || url.href.startsWith(`${APP_ORIGIN}/`)).toBe(true);
      const response = await get(url.href);
      expect(response.status, reference).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      const type = response.headers.get('content-type') ?? '';
      if (reference.endsWith('.js')) expect(type).toMatch(/^text\/javascript/);
      if (reference.endsWith('.css')) expect(type).toMatch(/^text\/css/);
    }
  });

  it('holds nothing the CSP would block', async () => {
    const html = await (await get(APP_ENTRY)).text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\s(?:src|href)="(?:https?:)?\/\//);
  });
});
