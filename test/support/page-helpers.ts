/**
 * Small steps the browser tests share: go to a screen, find things on the shown screen, wait for text, and dump
 * everything the page keeps (for the secret canary).
 */
import type { Locator, Page } from 'playwright-core';
import type { BrowserApp } from './browser-app.js';

export type ScreenName =
  | 'Data sources'
  | 'Connection test'
  | 'Checks'
  | 'Scan'
  | 'Outgoing payload'
  | 'Outbox and ledger'
  | 'Settings';

/** The screen currently shown (the others stay mounted, hidden). */
export function shown(page: Page): Locator {
  return page.locator('main section[data-screen]:not([hidden])');
}

export async function goTo(page: Page, name: ScreenName): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
  await shown(page).getByRole('heading', { level: 1, name, exact: true }).waitFor();
  return shown(page);
}

/**
 * Opens one check file on the Checks screen, scans it from the Scan screen (collecting samples when asked) and
 * waits until the run has ended; returns the Scan screen.
 */
export async function scanCheckFile(
  app: BrowserApp,
  file: string,
  options: { samples?: boolean } = {},
): Promise<Locator> {
  app.choosePaths('check-files', [file]);
  const checks = await goTo(app.page, 'Checks');
  await checks.getByRole('button', { name: 'Open check files…' }).click();
  await checks.getByRole('button', { name: 'Scan these checks' }).click();
  const scan = await goTo(app.page, 'Scan');
  if (options.samples) await scan.getByLabel('Collect failed-row samples').check();
  await scan.getByRole('button', { name: 'Run scan' }).click();
  // The click renders "Scanning…" at once (a discrete event); the button comes back when the run has ended.
  await scan.getByRole('button', { name: 'Run scan', exact: true }).waitFor();
  await scan.getByTestId('scan-verdict').waitFor();
  return scan;
}

/** Waits until the text is visible within `scope`, and returns its first match. */
export async function seeText(scope: Locator, text: string | RegExp): Promise<Locator> {
  const found = scope.getByText(text).first();
  await found.waitFor({ state: 'visible' });
  return found;
}

/** Everything the page keeps: the DOM with every input's current value, web storage, and IndexedDB's content. */
export async function pageContents(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const values = [...document.querySelectorAll('input, textarea, select')].map(
      (element) => (element as HTMLInputElement).value,
    );
    const storage = (store: Storage) => Object.keys(store).map((key) => `${key}=${store.getItem(key)}`);
    const databases = await indexedDB.databases();
    const dumps: string[] = [];
    for (const info of databases) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        dumps.push(JSON.stringify(all));
      }
      db.close();
    }
    return JSON.stringify({
      html: document.documentElement.outerHTML,
      values,
      local: storage(localStorage),
      session: storage(sessionStorage),
      indexedDb: { names: databases.map((d) => d.name), dumps },
    });
  });
}
