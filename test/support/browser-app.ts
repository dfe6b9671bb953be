/**
 * The desktop app's renderer in Chromium, with `window.gatehouse` backed by the real engine: the built renderer
 * (dist/renderer) is served by a local static server with a strict CSP, and the page gets the API through
 * `page.exposeBinding` + `page.addInitScript` — the shape Electron's preload gives it through contextBridge. Every
 * call runs src/api/desktop/handlers.ts's `dispatch` in this process, as the main process would; events are
 * pushed into the page. Every answer and event that crossed the binding is kept as text, for the canary search.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { METHOD_NAMES } from '../../src/api/desktop/channels.js';
import { connectionTesterWith } from '../../src/api/desktop/connection-tester.js';
import { DesktopContext } from '../../src/api/desktop/context.js';
import type { GatehouseEvent, PickPathsRequest } from '../../src/api/desktop/contract.js';
import { createHandlers, dispatch } from '../../src/api/desktop/handlers.js';
import type { SecretStore } from '../../src/secrets/store.js';

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export type ColorScheme = 'light' | 'dark';

export interface BrowserAppOptions {
  browser: Browser;
  /** The static server's URL of the built renderer. */
  url: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  colorScheme?: ColorScheme;
  /** Echo services the connection test asks for this machine's public address (default: the engine's). */
  egressServices?: string[];
  /** Opens the workspace's secret store; default: the environment's choice (the OS keychain). */
  openStore?: (workspace: string, env: NodeJS.ProcessEnv) => Promise<SecretStore>;
}

export interface BrowserApp {
  page: Page;
  /** JSON text of every answer and every event that went from the engine to the page. */
  readonly crossings: string[];
  /** JSON text of every request the page sent (secrets go in this way, once). */
  readonly requests: string[];
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  readonly problems: string[];
  /** What the next file picker "chooses", by purpose (the native dialog of the desktop app). */
  choosePaths(purpose: PickPathsRequest['purpose'], paths: string[]): void;
  /** Saves test-results/screenshots/<name>.png of the whole screen, scrolled content included. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** JSON replacer: a typed array as `{ $typed, values }` (JSON would make it an object of numbered keys). */
function tagTypedArrays(_key: string, value: unknown): unknown {
  if (value instanceof Int8Array || value instanceof Int32Array) {
    return { $typed: value.constructor.name, values: Array.from(value) };
  }
  return value;
}

/** The preload's API, built in the page before any of its scripts run. */
function installApi(names: readonly string[]): void {
  type Envelope = { ok: true; value: unknown } | { ok: false; error: unknown };
  // Requests and answers cross as JSON text: Playwright walks objects value by value, which takes seconds for a
  // 5,000-check scan; one string crosses at once. (Electron's IPC clones the objects themselves.) Typed arrays
  // (the payload tree's columns) cross tagged, as `{ "$typed": "Int32Array", "values": […] }`, and are rebuilt.
  const typed: Record<string, new (values: number[]) => unknown> = { Int8Array, Int32Array };
  const revive = (_key: string, value: unknown) => {
    if (value === null || typeof value !== 'object' || !('$typed' in value)) return value;
    const tagged = value as { $typed: string; values: number[] };
    const make = typed[tagged.$typed];
    if (!make) throw new Error(`Unknown typed array ${tagged.$typed}`);
    return new make(tagged.values);
  };
  const host = window as unknown as {
    __gatehouseInvoke: (method: string, request: string | undefined) => Promise<string>;
  };
  const listeners = new Set<(event: unknown) => void>();
  const api: Record<string, unknown> = {
    subscribe(listener: (event: unknown) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  for (const name of names) {
    api[name] = async (request?: unknown) => {
      const answer = await host.__gatehouseInvoke(
        name,
        request === undefined ? undefined : JSON.stringify(request),
      );
      const envelope = JSON.parse(answer, revive) as Envelope;
      if (envelope.ok) return envelope.value;
      throw envelope.error;
    };
  }
  Object.defineProperty(window, '__gatehouseEmit', {
    value: (text: string) => {
      const event = JSON.parse(text) as unknown;
      for (const listener of listeners) listener(event);
    },
  });
  Object.defineProperty(window, 'gatehouse', { value: Object.freeze(api) });
}

export async function openBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  const crossings: string[] = [];
  const requests: string[] = [];
  const problems: string[] = [];
  const chosen = new Map<string, string[]>();
  let page: Page | undefined;

  const emit = (event: GatehouseEvent) => {
    const text = JSON.stringify(event);
    crossings.push(text);
    // Delivered in order with the answers: both travel on the page's one protocol connection.
    page
      ?.evaluate(
        (e) => (window as unknown as { __gatehouseEmit: (e: string) => void }).__gatehouseEmit(e),
        text,
      )
      .catch(() => {});
  };
  const context = new DesktopContext({
    version: '0.0.0-browser-test',
    platform: process.platform,
    env: options.env,
    workspace: options.workspace,
    ...(options.openStore ? { openStore: options.openStore } : {}),
    emit,
    pickPaths: async (purpose) => chosen.get(purpose) ?? [],
    openExternal: async () => {},
  });
  const handlers = createHandlers(context, {
    testConnection: connectionTesterWith(
      options.egressServices ? { egressServices: options.egressServices } : {},
    ),
  });

  const browserContext: BrowserContext = await options.browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  page = await browserContext.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeBinding(
    '__gatehouseInvoke',
    async (_source, method: string, request: string | undefined) => {
      requests.push(`${method} ${request ?? ''}`);
      const envelope = await dispatch(
        handlers,
        method,
        request === undefined ? undefined : JSON.parse(request),
      );
      const answer = JSON.stringify(envelope, tagTypedArrays);
      crossings.push(answer);
      return answer;
    },
  );
  await page.addInitScript(installApi, [...METHOD_NAMES]);
  await page.goto(options.url);

  const opened = page;
  return {
    page: opened,
    crossings,
    requests,
    problems,
    choosePaths(purpose, paths) {
      chosen.set(purpose, paths);
    },
    async screenshot(name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      // The screen scrolls inside <main>: make the window as tall as its content for the shot, then restore it.
      const size = opened.viewportSize() ?? { width: 1280, height: 900 };
      const height = await opened.evaluate(() =>
        Math.max(document.querySelector('main')?.scrollHeight ?? 0, window.innerHeight),
      );
      await opened.setViewportSize({ width: size.width, height: Math.min(height, 8000) });
      await opened.screenshot({ path });
      await opened.setViewportSize(size);
      return path;
    },
    async close() {
      await browserContext.close();
    },
  };
}
