/** Small steps the browser tests share: go to a screen, find things on the shown screen, wait for text. */
import type { Locator, Page } from 'playwright-core';

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

/** Waits until the text is visible within `scope`, and returns its first match. */
export async function seeText(scope: Locator, text: string | RegExp): Promise<Locator> {
  const found = scope.getByText(text).first();
  await found.waitFor({ state: 'visible' });
  return found;
}
