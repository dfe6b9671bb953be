/**
 * The main process's security policy with Electron replaced by recording fakes: the window's web preferences,
 * the CSP, navigation / redirect / webview / window.open denial, permission denial, and what counts as the app's
 * own URL (parsed, so look-alike hosts and schemes are refused).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  denyPermissions,
  externalLink,
  hardenWebContents,
  isAppUrl,
  windowOptions,
} from '../../../electron/security.js';

type Listener = (...args: unknown[]) => unknown;

/** A web contents that records its listeners and window-open handler, so a test can fire them. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener`);
    listener(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, listeners, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('windowOptions', () => {
  it('isolates, sandboxes and keeps web security on, with the preload given', () => {
    const prefs = windowOptions('/app/dist/electron/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the app from app://, not file://', () => {
    expect(APP_ENTRY).toBe('app://gatehouse/index.html');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

  it('allows only the app’s own scripts and styles, nothing inline, nothing remote, no network', () => {
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://gatehouse/index.html', true],
    ['app://gatehouse/assets/x.js', true],
    ['app://gatehouse.evil.example/index.html', false],
    ['app://evil.example/gatehouse', false],
    ['app://user:pw@gatehouse/index.html', false],
    ['https://gatehouse/index.html', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('hardenWebContents', () => {
  it('refuses navigation and redirects away from the app, and every webview', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents as never, () => {});
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-navigate', 'app://gatehouse.evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'app://gatehouse/index.html')).toBe(false);
    expect(fake.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-attach-webview', 'app://gatehouse/index.html')).toBe(true);
  });

  it('denies every new window; only a valid https link goes to the system browser', () => {
    const fake = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(fake.contents as never, openExternal);
    for (const url of [
      'https://docs.soda.io/soda-cl/soda-cl-overview.html',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:secret@example.com/',
      'smb://share/x',
      'app://gatehouse/index.html',
    ]) {
      expect(fake.open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://docs.soda.io/soda-cl/soda-cl-overview.html']]);
  });

  it('externalLink accepts https only, without credentials', () => {
    expect(externalLink('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(externalLink('HTTPS://EXAMPLE.com')).toBe('https://example.com/');
    expect(externalLink('http://example.com')).toBeUndefined();
    expect(externalLink('https://a:b@example.com')).toBeUndefined();
    expect(externalLink('%%')).toBeUndefined();
  });
});

describe('denyPermissions', () => {
  function handlers() {
    let request:
      | ((
          contents: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details: unknown,
        ) => void)
      | undefined;
    let check:
      | ((contents: unknown, permission: string, origin: string, details: unknown) => boolean)
      | undefined;
    const listeners = new Map<string, Listener>();
    denyPermissions({
      setPermissionRequestHandler: (handler: typeof request) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler: typeof check) => {
        check = handler;
      },
      on: (name: string, listener: Listener) => listeners.set(name, listener),
    } as never);
    const asked = (permission: string, url: string) => {
      const callback = vi.fn();
      request?.({}, permission, callback, { requestingUrl: url, isMainFrame: true });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    const checked = (permission: string, origin: string) => check?.({}, permission, origin, {});
    return { asked, checked, listeners };
  }

  it('refuses every permission request and check, and every download', () => {
    const { asked, checked, listeners } = handlers();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'unknown',
    ]) {
      expect(asked(permission, 'app://gatehouse/index.html')).toBe(false);
      expect(checked(permission, 'app://gatehouse')).toBe(false);
    }
    const download = { preventDefault: vi.fn() };
    listeners.get('will-download')?.(download);
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it('lets only the app’s own pages write to the clipboard (copy buttons)', () => {
    const { asked, checked } = handlers();
    expect(asked('clipboard-sanitized-write', 'app://gatehouse/index.html')).toBe(true);
    expect(checked('clipboard-sanitized-write', 'app://gatehouse')).toBe(true);
    expect(asked('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(checked('clipboard-sanitized-write', 'app://gatehouse.evil.example')).toBe(false);
  });
});
