/**
 * The main process's security policy, as functions of the Electron objects they harden (passed in, so tests use
 * fakes): the window's web preferences, the Content-Security-Policy, what a page may navigate to or open, which
 * permissions it gets (none), and which IPC senders are the app's own page.
 */
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  Session,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'gatehouse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Nothing inline, nothing remote, no network from the page at all (the engine is reached through the preload's
 * IPC, not fetch), no plugins, no frames, no base or form tricks.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Gatehouse',
    // Shown once the first paint is ready: no white flash in the dark theme.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** True only for the app's own pages: `app://gatehouse/…`, parsed (a prefix test can be fooled). */
export function isAppUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** A link that may open in the system browser: https, no credentials in it, a host name. */
export function externalLink(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Every web contents: no navigation away from the app (in-page navigation does not fire will-navigate), no
 * redirects, no webviews, no new windows — an https link asked for in a new window opens in the system browser
 * instead, after validation.
 */
export function hardenWebContents(contents: Guarded, openExternal: (url: string) => void): void {
  const refuseNavigation = (event: { preventDefault(): void; url?: string }, url?: string) => {
    if (!isAppUrl(event.url ?? url ?? '')) event.preventDefault();
  };
  contents.on('will-navigate', refuseNavigation as never);
  contents.on('will-redirect', refuseNavigation as never);
  contents.on('will-attach-webview', ((event: { preventDefault(): void }) =>
    event.preventDefault()) as never);
  contents.setWindowOpenHandler((details: HandlerDetails): WindowOpenHandlerResponse => {
    const link = externalLink(details.url);
    if (link) openExternal(link);
    return { action: 'deny' };
  });
}

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'>;

/**
 * The one permission the app uses: writing to the clipboard (the copy buttons, e.g. for an admin request), and only
 * for its own pages. Reading the clipboard is not writing it.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

function grants(permission: string, url: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && url !== undefined && isAppUrl(url);
}

/**
 * Camera, microphone, notifications, clipboard reads, geolocation, downloads…: all refused. Only the app's own
 * pages may write to the clipboard.
 */
export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(grants(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    grants(permission, requestingOrigin),
  );
  session.on('will-download', ((event: { preventDefault(): void }) => event.preventDefault()) as never);
}

/** What an IPC event says about where it came from. */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * An IPC call is the app's own when it comes from the main window's web contents, from its top frame (not an
 * iframe), and that frame shows an app:// page.
 */
export function isTrustedSender(event: SenderInfo, mainContentsId: number | undefined): boolean {
  const frame = event.senderFrame;
  return (
    mainContentsId !== undefined &&
    event.sender.id === mainContentsId &&
    frame !== null &&
    frame.parent === null &&
    isAppUrl(frame.url)
  );
}
