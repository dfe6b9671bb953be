/**
 * Checks and scans in the browser, on the real engine and PostgreSQL: SodaCL errors shown at their line, a scan
 * with results, filters and each check's history chart, a slow scan cancelled from its live progress, and 5,000
 * checks whose results table and payload tree keep only what is in view in the DOM.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { BrowserApp } from '../support/browser-app.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, seeText } from '../support/page-helpers.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const missing = await missingBrowserPrerequisites();

describe('checks and scans in the browser', () => {
  let session: E2eSession;
  let schema: TestSchema;
  const file = (name: string) => join(session.root, name);

  beforeAll(async () => {
    if (missing) return;
    [session, schema] = await Promise.all([startE2eSession(), createTestSchema('e2e_scan')]);
    await schema.sql('CREATE TABLE customers (id int, email text)');
    await schema.insertRows('customers', [
      { id: 1, email: 'a@example.com' },
      { id: 2, email: null },
      { id: 3, email: 'c@example.com' },
    ]);
    await mkdir(session.workspace, { recursive: true });
    await writeFile(join(session.workspace, 'configuration.yml'), schema.configYaml('warehouse'));
    await writeFile(
      file('good.yml'),
      'checks for customers:\n  - row_count > 0\n  - missing_count(email) = 0\n  - max(id) < 10\n',
    );
    await writeFile(
      file('bad.yml'),
      'checks for customers:\n  - row_count > 0\n  - no_such_metric(email) = 0\n',
    );
    await writeFile(
      file('slow.yml'),
      'checks for customers:\n  - slow = 0:\n      slow query: SELECT 0 FROM pg_sleep(30)\n',
    );
    // A folder of check files: .yml and .yaml found at any depth, anything else ignored.
    await mkdir(file('suite/nested'), { recursive: true });
    await writeFile(file('suite/counts.yml'), 'checks for customers:\n  - row_count between 1 and 10\n');
    await writeFile(
      file('suite/nested/emails.yaml'),
      'checks for customers:\n  - missing_count(email) = 0\n',
    );
    await writeFile(file('suite/notes.txt'), 'not a check file: - row_count = 0\n');
    const many = Array.from({ length: 5000 }, (_, i) => `  - row_count > ${i}`);
    await writeFile(file('many.yml'), `checks for customers:\n${many.join('\n')}\n`);
  });
  afterAll(async () => {
    await Promise.all([session?.close(), schema?.drop()]);
  });

  async function openChecks(app: BrowserApp, name: string) {
    app.choosePaths('check-files', [file(name)]);
    const screen = await goTo(app.page, 'Checks');
    await screen.getByRole('button', { name: 'Open check files…' }).click();
    await seeText(screen, `${name}`);
    return screen;
  }

  async function runScan(app: BrowserApp) {
    const screen = await goTo(app.page, 'Scan');
    await screen.getByRole('button', { name: 'Run scan' }).click();
    const verdict = screen.getByTestId('scan-verdict');
    await verdict.waitFor();
    return { screen, verdict: (await verdict.textContent()) ?? '' };
  }

  itWhen(!missing, missing ?? '')('shows a SodaCL error inline at its line', async () => {
    const app = await session.open('light');
    const screen = await openChecks(app, 'bad.yml');
    const problem = await seeText(screen, /bad\.yml:3:\d+/);
    await problem.click();
    const line = screen.locator('.file-line[data-line="3"]');
    expect(await line.getAttribute('class')).toContain('has-error');
    expect(await line.getByRole('note').textContent()).toMatch(
      /Error \(line 3, column \d+\).*no_such_metric/,
    );
    // The problem list moves the focus to the line, so a keyboard user lands on it.
    expect(await line.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await screen.getByRole('button', { name: 'Scan these checks' }).isDisabled()).toBe(true);
    expect(await screen.getByTestId('scan-blocked').textContent()).toBe(
      'Fix the error below to scan these checks.',
    );
    // The file's tab says how many problems it has, in words.
    expect(await screen.getByRole('tab').allTextContents()).toEqual(['bad.yml (1 problem)']);
    // One of each reads in the singular.
    expect(await screen.locator('.stats[role="status"]').textContent()).toMatch(
      /^1\s*file\s*1\s*check\s*1 error/,
    );
    await app.screenshot('checks-error-light');
    expect(app.problems).toEqual([]);
  });

  itWhen(!missing, missing ?? '')(
    'reloads check files fixed on disk, staying on the file that was fixed',
    async () => {
      const app = await session.open('light');
      await writeFile(file('fixme.yml'), 'checks for customers:\n  - no_such_metric(email) = 0\n');
      app.choosePaths('check-files', [file('good.yml'), file('fixme.yml')]);
      const screen = await goTo(app.page, 'Checks');
      await screen.getByRole('button', { name: 'Open check files…' }).click();
      await screen.getByRole('tab', { name: 'fixme.yml (1 problem)' }).click();
      await seeText(screen.getByRole('tabpanel'), 'no_such_metric(email) = 0');

      await writeFile(file('fixme.yml'), 'checks for customers:\n  - missing_count(email) < 5\n');
      await screen.getByRole('button', { name: 'Reload files' }).click();
      await seeText(screen.getByRole('tabpanel'), 'missing_count(email) < 5');
      expect(await screen.getByRole('tab', { selected: true }).textContent()).toBe('fixme.yml');
      expect(await screen.getByRole('button', { name: 'Scan these checks' }).isDisabled()).toBe(false);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'runs a scan: results with outcomes, values and thresholds, filters, and a history chart',
    async () => {
      const app = await session.open('light');
      const checks = await openChecks(app, 'good.yml');
      await seeText(checks, /0 errors/);
      await checks.getByRole('button', { name: 'Scan these checks' }).click();
      const first = await runScan(app);
      expect(first.verdict).toMatch(/Finished with failures \(exit code 2\)/);
      const second = await runScan(app);
      expect(second.verdict).toMatch(/exit code 2/);
      const { screen } = second;

      const table = screen.getByRole('table', { name: 'Check results' });
      const rows = table.getByRole('row');
      expect(await rows.count()).toBe(3);
      const failRow = table.locator('[data-outcome="fail"]');
      // Outcome, check, dataset, value (one email is missing), and the fail zone.
      expect(await failRow.textContent()).toMatch(
        /^Fail\s*missing_count\(email\) = 0\s*customers\s*1\s*fail when != 0\s*details/,
      );
      expect(await table.locator('[data-outcome="pass"]').count()).toBe(2);

      await screen.getByLabel('Outcome').selectOption('fail');
      expect(await rows.count()).toBe(1);
      await seeText(screen, '1 of 3 checks shown');
      await screen.getByLabel('Outcome').selectOption('all');
      await screen.getByLabel('Find a check').fill('max(id)');
      expect(await rows.count()).toBe(1);
      await screen.getByLabel('Find a check').fill('');

      // Keyboard: into the table, down to the failing check, Enter opens its details and history.
      await rows.first().focus();
      await app.page.keyboard.press('ArrowDown');
      await app.page.keyboard.press('Enter');
      const details = screen.getByTestId('check-details');
      await details.waitFor();
      const chart = details.locator('svg.sparkline');
      await chart.waitFor();
      expect(await chart.locator('circle').count()).toBe(2);
      expect(await chart.getAttribute('aria-label')).toMatch(/2 scans/);
      await app.screenshot('scan-results-light');
      await app.page.getByRole('radio', { name: 'Dark' }).check();
      await app.screenshot('scan-results-dark');
      await app.page.getByRole('radio', { name: 'System' }).check();
      // At the app window's smallest width (900 px) every column still fits: the screen never scrolls sideways.
      await app.page.setViewportSize({ width: 900, height: 900 });
      const fits = await app.page.evaluate(() => {
        const main = document.querySelector('main') as HTMLElement;
        return main.scrollWidth <= main.clientWidth;
      });
      expect(fits).toBe(true);
      // …and the last column ends inside the table's box (not cut off beyond its right edge).
      const tableRight = await table.evaluate((box) => box.getBoundingClientRect().right);
      const lastCellRight = await failRow
        .getByRole('cell')
        .last()
        .evaluate((cell) => cell.getBoundingClientRect().right);
      expect(lastCellRight).toBeLessThanOrEqual(tableRight);
      await app.screenshot('scan-results-narrow-light');
      await app.page.setViewportSize({ width: 1280, height: 900 });

      // The history lists both runs; the older one opens with its own results.
      await screen.getByText('Earlier scans').click();
      const earlier = screen.locator('details', { hasText: 'Earlier scans' }).getByRole('button');
      expect(await earlier.count()).toBe(2);
      const [, older] = await earlier.allTextContents();
      await earlier.nth(1).click();
      await screen.locator('[aria-current="true"]', { hasText: older ?? '' }).waitFor();
      expect(await table.getByRole('row').count()).toBe(3);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')('shows a running scan’s progress and cancels it', async () => {
    const app = await session.open('light');
    await openChecks(app, 'slow.yml');
    const screen = await goTo(app.page, 'Scan');
    const started = Date.now();
    await screen.getByRole('button', { name: 'Run scan' }).click();
    const progress = screen.getByTestId('scan-progress');
    await seeText(screen, /Running: /);
    expect(await progress.textContent()).toMatch(/0 of 1 queries done/);
    await app.screenshot('scan-progress-light');
    await screen.getByRole('button', { name: 'Cancel scan' }).click();
    const verdict = screen.getByTestId('scan-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/Cancelled/);
    // The 30-second query was stopped on the server, not waited out.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(app.problems).toEqual([]);
  });

  itWhen(!missing, missing ?? '')(
    'keeps 5,000 results and their payload tree virtual and keyboard-reachable',
    async () => {
      const app = await session.open('light');
      await openChecks(app, 'many.yml');
      const { screen, verdict } = await runScan(app);
      expect(verdict).toMatch(/exit code 2/);
      const table = screen.getByRole('table', { name: 'Check results' });
      expect(await table.getAttribute('aria-rowcount')).toBe('5000');
      const rendered = await table.getByRole('row').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(100);
      await table.getByRole('row').first().focus();
      await app.page.keyboard.press('End');
      const last = table.locator('[aria-rowindex="5000"]');
      await last.waitFor();
      expect(await last.evaluate((row) => row === document.activeElement)).toBe(true);
      expect(await last.textContent()).toContain('row_count > 4999');

      const payload = await goTo(app.page, 'Outgoing payload');
      const tree = payload.getByRole('tree', { name: 'Payload fields' });
      await tree.waitFor();
      const shownText = (await (await seeText(payload, /of [\d,]+ rows shown/)).textContent()) ?? '';
      const totalRows = Number(/of ([\d,]+) rows/.exec(shownText)?.[1]?.replaceAll(',', ''));
      expect(totalRows).toBeGreaterThan(50_000);
      expect(await tree.getByRole('treeitem').count()).toBeLessThan(100);
      await tree.getByRole('treeitem').first().focus();
      await app.page.keyboard.press('End');
      await tree.locator(`[data-index="${totalRows - 1}"]`).waitFor();
      await app.screenshot('payload-5000-checks-light');
      // Folding reads the tree's columns: every container below the top level folds, and unfolds again.
      await payload.getByRole('button', { name: 'Fold all', exact: true }).click();
      const shown = async () =>
        Number(
          /^([\d,]+) of/
            .exec((await payload.getByText(/ rows shown$/).textContent()) ?? '')?.[1]
            ?.replaceAll(',', ''),
        );
      // Each check folds to its one row: some thousands of rows instead of over fifty thousand.
      await expect.poll(shown).toBeLessThan(totalRows / 5);
      expect(await tree.getByRole('treeitem', { expanded: false }).count()).toBeGreaterThan(0);
      await payload.getByRole('button', { name: 'Unfold all', exact: true }).click();
      await expect.poll(shown).toBe(totalRows);
      expect(app.problems).toEqual([]);
    },
    180_000,
  );

  itWhen(!missing, missing ?? '')(
    // Last: its scan would add to the history the tests above count.
    'opens a folder of check files, found at any depth, and scans them all',
    async () => {
      const app = await session.open('light');
      app.choosePaths('check-folder', [file('suite')]);
      const checks = await goTo(app.page, 'Checks');
      await checks.getByRole('button', { name: 'Open folder…' }).click();
      const stats = await seeText(checks, /0 errors/);
      expect(await stats.locator('xpath=ancestor::*[@role="status"][1]').textContent()).toMatch(
        /2\s*files\s*2\s*checks/,
      );
      const tabs = checks.getByRole('tablist', { name: 'Check files' }).getByRole('tab');
      expect(await tabs.allTextContents()).toEqual(['counts.yml', 'emails.yaml']);
      await tabs.nth(1).click();
      await seeText(checks.getByRole('tabpanel'), 'missing_count(email) = 0');
      await app.screenshot('checks-folder-light');

      await checks.getByRole('button', { name: 'Scan these checks' }).click();
      const { screen, verdict } = await runScan(app);
      expect(verdict).toMatch(/exit code 2/);
      const table = screen.getByRole('table', { name: 'Check results' });
      expect(await table.getByRole('row').count()).toBe(2);
      expect(await table.locator('[data-outcome="pass"]').textContent()).toMatch(
        /row_count between 1 and 10/,
      );
      expect(await table.locator('[data-outcome="fail"]').textContent()).toMatch(
        /missing_count\(email\) = 0/,
      );
      expect(app.problems).toEqual([]);
    },
  );
});
