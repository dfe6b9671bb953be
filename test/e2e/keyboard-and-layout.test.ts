/**
 * The app by keyboard and at odd sizes: a skip link first, arrow keys between screens, a visible focus ring, and
 * a data source name far longer than its column cut with an ellipsis (the whole name in its tooltip) without
 * pushing the page sideways. Then every screen, in light and dark, saved as screenshots.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { KeychainStore } from '../../src/secrets/keychain.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, type ScreenName, seeText, shown } from '../support/page-helpers.js';
import { PG } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const missing = await missingBrowserPrerequisites();
const LONG_NAME = `warehouse_${'very_long_name_'.repeat(12)}end`;
const SCREENS: Array<[ScreenName, string]> = [
  ['Data sources', 'data-sources'],
  ['Connection test', 'connection'],
  ['Checks', 'checks'],
  ['Scan', 'scan'],
  ['Outgoing payload', 'payload'],
  ['Outbox and ledger', 'outbox'],
  ['Settings', 'settings'],
];

describe('keyboard and layout', () => {
  let session: E2eSession;

  beforeAll(async () => {
    if (missing) return;
    session = await startE2eSession();
    await mkdir(session.workspace, { recursive: true });
    await writeFile(
      join(session.workspace, 'configuration.yml'),
      [
        `data_source ${LONG_NAME}:`,
        '  type: postgres',
        `  host: ${PG.host}`,
        `  port: ${PG.port}`,
        `  username: ${PG.user}`,
        `  database: ${PG.database}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await session?.close();
  });

  itWhen(!missing, missing ?? '')(
    'starts with a skip link, moves between screens with arrows, shows the focus',
    async () => {
      const app = await session.open('light');
      const { page } = app;
      await shown(page).getByRole('heading', { level: 1, name: 'Data sources' }).waitFor();
      const focused = () =>
        page.evaluate(() => {
          const element = document.activeElement as HTMLElement;
          const style = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          return {
            text: element.textContent?.trim(),
            id: element.id,
            outline: `${style.outlineStyle} ${style.outlineWidth}`,
            visible: box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0,
          };
        });

      await page.keyboard.press('Tab');
      const skip = await focused();
      expect(skip.text).toBe('Skip to content');
      expect(skip.visible).toBe(true);
      await app.screenshot('keyboard-skip-link-light');
      await page.keyboard.press('Enter');
      expect((await focused()).id).toBe('main');

      // From the top again: the skip link, then the first screen button.
      await page.reload();
      await shown(page).getByRole('heading', { level: 1, name: 'Data sources' }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect((await focused()).text).toBe('Data sources');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const onChecks = await focused();
      expect(onChecks.text).toBe('Checks');
      expect(onChecks.outline).toMatch(/^solid [3-9]/);
      await page.keyboard.press('End');
      expect((await focused()).text).toBe('Settings');
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await shown(page).getByRole('heading', { level: 1, name: 'Connection test' }).waitFor();
      // The new screen takes the focus, as a page load would.
      expect((await focused()).id).toBe('main');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'adds and removes a data source by keyboard alone, the focus never dropped to the page',
    async () => {
      const app = await session.open('light');
      const { page } = app;
      await shown(page).getByRole('heading', { level: 1, name: 'Data sources' }).waitFor();
      // What has the focus: its accessible label (a field's <label>) or its text.
      const focused = () =>
        page.evaluate(() => {
          const element = document.activeElement as HTMLElement;
          const label = (element as HTMLInputElement).labels?.[0]?.textContent?.trim();
          return label ?? element.textContent?.trim() ?? element.tagName;
        });
      const tabTo = async (wanted: RegExp) => {
        for (let presses = 0; presses < 40; presses++) {
          await page.keyboard.press('Tab');
          if (wanted.test(await focused())) return;
        }
        throw new Error(`Tab never reached ${wanted}; the focus is on ${await focused()}`);
      };

      await tabTo(/^Add PostgreSQL$/);
      await page.keyboard.press('Enter');
      // The form opens with the focus in its first field (once React has rendered it).
      await expect.poll(focused).toMatch(/^Name/);
      await page.keyboard.type('keyed_in');
      await tabTo(/^Host/);
      await page.keyboard.type(PG.host);
      await tabTo(/^Database/);
      await page.keyboard.type(PG.database);
      await tabTo(/^User name/);
      await page.keyboard.type(PG.user);
      await tabTo(/^Password/);
      await page.keyboard.type('typed-by-keyboard');
      await page.keyboard.press('Enter');
      // The form is gone: the focus is on what the save did, not lost to the page.
      await expect.poll(focused).toMatch(/^Saved data source keyed_in\. Its password is now in/);

      // The list also holds the long-named data source: on to the Remove… of this one's row.
      const row = shown(page).locator('[data-data-source="keyed_in"]');
      const inRow = () => row.evaluate((element) => element.contains(document.activeElement));
      for (let rows = 0; rows < 5 && !(await inRow()); rows++) await tabTo(/^Remove…$/);
      expect(await inRow()).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(focused).toBe('Keep');
      await page.keyboard.press('Shift+Tab');
      expect(await focused()).toBe('Remove');
      await page.keyboard.press('Enter');
      // The row is gone: the focus is on what the removal did, which names the secret it deleted.
      await expect.poll(focused).toMatch(/^Removed data source keyed_in\. Its password was deleted from /);
      expect(await new KeychainStore().get({ dataSource: 'keyed_in', field: 'password' })).toBeUndefined();
      expect(
        await shown(page)
          .getByText(/^Saved data source/)
          .count(),
      ).toBe(0);

      // Cancel too leaves the focus somewhere the keyboard can go on from.
      await tabTo(/^Add PostgreSQL$/);
      await page.keyboard.press('Enter');
      await tabTo(/^Cancel$/);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'cuts a very long name with an ellipsis, whole in its tooltip, and never scrolls sideways',
    async () => {
      const app = await session.open('light');
      const screen = await goTo(app.page, 'Data sources');
      const name = screen.locator(`[data-data-source="${LONG_NAME}"] .ellipsis`).first();
      await name.waitFor();
      expect(await name.getAttribute('title')).toBe(LONG_NAME);
      const sizes = await name.evaluate((element) => ({
        scroll: element.scrollWidth,
        client: element.clientWidth,
        // The screen scrolls inside <main>: neither it nor the page may scroll sideways.
        sideways: [document.documentElement, document.querySelector('main') as HTMLElement].some(
          (box) => box.scrollWidth > box.clientWidth,
        ),
      }));
      expect(sizes.scroll).toBeGreaterThan(sizes.client);
      expect(sizes.sideways).toBe(false);
      // Narrow window: still no sideways scrolling.
      await app.page.setViewportSize({ width: 900, height: 800 });
      expect(
        await app.page.evaluate(() => {
          const main = document.querySelector('main') as HTMLElement;
          const page = document.documentElement;
          return page.scrollWidth <= page.clientWidth && main.scrollWidth <= main.clientWidth;
        }),
      ).toBe(true);
      await app.screenshot('data-sources-long-name-narrow-light');
      // Asking to confirm a removal names the data source in full, and still never pushes the page sideways.
      const row = screen.locator(`[data-data-source="${LONG_NAME}"]`);
      await row.getByRole('button', { name: 'Remove…' }).click();
      await row.getByRole('button', { name: 'Keep' }).waitFor();
      expect(
        await app.page.evaluate(() => {
          const main = document.querySelector('main') as HTMLElement;
          return main.scrollWidth <= main.clientWidth;
        }),
      ).toBe(true);
      await app.screenshot('data-sources-long-name-remove-light');
      await row.getByRole('button', { name: 'Keep' }).click();
      // A verdict that names it wraps it too.
      await row.getByRole('button', { name: 'Test connection' }).click();
      const connection = shown(app.page);
      await connection.getByRole('heading', { level: 1, name: 'Connection test' }).waitFor();
      await connection.getByRole('button', { name: 'Test connection' }).click();
      await connection.getByTestId('connection-verdict').waitFor();
      expect(
        await app.page.evaluate(() => {
          const main = document.querySelector('main') as HTMLElement;
          return main.scrollWidth <= main.clientWidth;
        }),
      ).toBe(true);
      await app.screenshot('connection-test-long-name-narrow-light');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')('switches to another workspace folder from Settings', async () => {
    const app = await session.open('light');
    const other = join(session.root, 'other-workspace');
    app.choosePaths('workspace-folder', [other]);
    const settings = await goTo(app.page, 'Settings');
    await settings.getByRole('button', { name: 'Use another folder…' }).click();
    await settings.getByText(join(other, 'configuration.yml'), { exact: true }).waitFor();
    // The new workspace has no data sources yet; the first one's are still in its own file.
    // Nothing to test yet: the connection test says so and leads to where one is added.
    const connection = await goTo(app.page, 'Connection test');
    await connection.getByTestId('connection-empty').waitFor();
    await app.screenshot('connection-test-empty-light');
    await connection.getByRole('button', { name: 'Go to Data sources' }).click();
    await shown(app.page).getByRole('heading', { level: 1, name: 'Data sources' }).waitFor();
    const sources = shown(app.page);
    await sources.getByText(/No data sources yet/).waitFor();
    expect(await sources.getByText(join(other, 'configuration.yml'), { exact: true }).count()).toBe(1);
    expect(app.problems).toEqual([]);
  });

  itWhen(!missing, missing ?? '')(
    'reaches every control of every screen with Tab, each named and with a visible focus',
    async () => {
      const app = await session.open('light');
      const { page } = app;
      let total = 0;
      for (const [screen] of SCREENS) {
        await goTo(page, screen);
        // Every control the screen and the sidebar show, numbered; a roving group (tabs, rows, radios) is one stop.
        const { found: controls, clickable } = await page.evaluate(() => {
          const scope = [
            document.querySelector('nav[aria-label="Screens"]'),
            document.querySelector('main section[data-screen]:not([hidden])'),
          ];
          const found: Array<{ id: string; what: string; group?: string; named: boolean }> = [];
          const selector = 'button, input, select, textarea, a[href], summary, [tabindex]';
          let next = 0;
          for (const root of scope) {
            for (const element of root?.querySelectorAll<HTMLElement>(selector) ?? []) {
              if (element.getClientRects().length === 0 || (element as HTMLButtonElement).disabled) continue;
              if (element.closest('details:not([open])') && element.tagName !== 'SUMMARY') continue;
              const id = `kb-${next++}`;
              element.dataset.kb = id;
              const what = `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`;
              const radio = element instanceof HTMLInputElement && element.type === 'radio';
              const roving = element.tabIndex < 0 || radio;
              const group = roving
                ? radio
                  ? `radio:${(element as HTMLInputElement).name}`
                  : (element
                      .closest('[role=tablist],[role=tree],[role=table],[role=list],[role=radiogroup],ul,ol')
                      ?.getAttribute('data-kb-group') ??
                    (() => {
                      const box = element.closest<HTMLElement>(
                        '[role=tablist],[role=tree],[role=table],[role=list],[role=radiogroup],ul,ol',
                      );
                      if (!box) return `alone:${id}`;
                      box.dataset.kbGroup = `group-${id}`;
                      return `group-${id}`;
                    })())
                : undefined;
              // A name people hear: text, a label, aria-label or aria-labelledby.
              const labelled =
                (element as HTMLInputElement).labels?.length ||
                element.getAttribute('aria-label') ||
                element.getAttribute('aria-labelledby') ||
                element.getAttribute('title') ||
                (element.textContent ?? '').trim();
              found.push({ id, what, ...(group ? { group } : {}), named: Boolean(labelled) });
            }
          }
          // Something that looks clickable (a pointer cursor) must be a control or inside one.
          const clickable: string[] = [];
          for (const root of scope) {
            for (const element of root?.querySelectorAll<HTMLElement>('*') ?? []) {
              if (getComputedStyle(element).cursor !== 'pointer' || element.getClientRects().length === 0)
                continue;
              if (element.closest(`${selector}, label`)) continue;
              clickable.push(`${element.tagName.toLowerCase()}.${element.className}`);
            }
          }
          return { found, clickable };
        });
        expect(clickable.map((what) => `${screen}: ${what} looks clickable but is not a control`)).toEqual(
          [],
        );
        total += controls.length;
        expect(controls.filter((c) => !c.named).map((c) => `${screen}: ${c.what}`)).toEqual([]);

        // Tab through the whole page (until the focus comes round again), noting each stop and its focus ring.
        const reached = new Set<string>();
        const unringed: string[] = [];
        // From the top of the page: the first Tab lands on the skip link.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        for (let presses = 0; presses < 400; presses++) {
          await page.keyboard.press('Tab');
          const stop = await page.evaluate(() => {
            const element = document.activeElement as HTMLElement | null;
            if (!element || element === document.body) return undefined;
            const style = getComputedStyle(element);
            const ringed = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
            // Stops outside the numbered controls (the skip link, <main>) get a number of their own.
            element.dataset.kb ??= `other-${document.querySelectorAll('[data-kb^="other-"]').length}`;
            return {
              id: element.dataset.kb,
              ringed,
              text: element.textContent,
            };
          });
          if (!stop) continue;
          if (reached.has(stop.id)) break;
          reached.add(stop.id);
          if (!stop.ringed) unringed.push(`${screen}: ${stop.text?.trim().slice(0, 40)}`);
        }
        expect(unringed).toEqual([]);
        const groups = new Map<string, boolean>();
        const missed: string[] = [];
        for (const control of controls) {
          if (control.group)
            groups.set(control.group, (groups.get(control.group) ?? false) || reached.has(control.id));
          else if (!reached.has(control.id)) missed.push(`${screen}: ${control.what}`);
        }
        for (const [group, hit] of groups)
          if (!hit) missed.push(`${screen}: roving group ${group} has no Tab stop`);
        expect(missed).toEqual([]);
      }
      // It did look: the sidebar, the theme switch and each screen's forms and buttons.
      expect(total).toBeGreaterThan(60);
      expect(app.problems).toEqual([]);
    },
  );

  for (const theme of ['light', 'dark'] as const) {
    itWhen(!missing, missing ?? '')(`shows every screen in the ${theme} theme`, async () => {
      const app = await session.open(theme);
      for (const [screen, file] of SCREENS) {
        const shownScreen = await goTo(app.page, screen);
        // Photographed once loaded: a screen says what it is reading meanwhile, and that note then goes.
        await shownScreen.locator('[data-loading]').first().waitFor({ state: 'detached' });
        if (screen === 'Outbox and ledger') {
          // An empty outbox says how something gets into it.
          await seeText(shownScreen.getByTestId('outbox-queued'), /Approve and queue/);
        }
        if (screen === 'Outgoing payload') {
          // No scan saved yet is the first state, not a failure: it says what to do, with no error note.
          await shownScreen.getByTestId('payload-empty').waitFor();
          expect(await shownScreen.getByRole('alert').count()).toBe(0);
          await shownScreen.getByRole('button', { name: 'Go to Scan' }).click();
          await shown(app.page).getByRole('heading', { level: 1, name: 'Scan' }).waitFor();
          await goTo(app.page, screen);
        }
        if (screen === 'Settings') {
          // A text field's edge stands out from the card it sits on: at least 3:1 (WCAG 1.4.11), in both themes.
          const weakest = await shownScreen
            .locator('input[type="text"], input:not([type])')
            .evaluateAll((inputs) => {
              const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
              const luminance = (color: string) => {
                const [r = 0, g = 0, b = 0] = rgb(color).map((v) => {
                  const c = v / 255;
                  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
              };
              const ratios = inputs.map((input) => {
                const card = input.closest('.card') as HTMLElement;
                const [a, b] = [
                  luminance(getComputedStyle(input).borderTopColor),
                  luminance(getComputedStyle(card).backgroundColor),
                ].sort((x, y) => y - x) as [number, number];
                return (a + 0.05) / (b + 0.05);
              });
              return Math.min(...ratios);
            });
          expect(weakest).toBeGreaterThanOrEqual(3);
        }
        // Each form's submit is its primary button, on every screen alike.
        expect(
          await shownScreen
            .locator('form button[type="submit"]:not(.primary)')
            .evaluateAll((buttons) => buttons.map((button) => `${screen}: ${button.textContent}`)),
        ).toEqual([]);
        await app.screenshot(`screen-${file}-${theme}`);
      }
      expect(app.problems).toEqual([]);
    });
  }
});
