/**
 * Switching the workspace in Settings, in the browser on the real engine: every screen follows the new folder —
 * its data sources, its scan history, its payload and outbox — and nothing from the old workspace stays on
 * screen (a scan's results, a preview of a scan that belongs to the other folder). Switching back brings the old
 * folder's things back.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, scanCheckFile, seeText } from '../support/page-helpers.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const missing = await missingBrowserPrerequisites();

describe('switching the workspace in the browser', () => {
  let session: E2eSession;
  let schema: TestSchema;

  beforeAll(async () => {
    if (missing) return;
    [session, schema] = await Promise.all([startE2eSession(), createTestSchema('e2e_switch')]);
    await schema.sql('CREATE TABLE customers (id int)');
    await schema.insertRows('customers', [{ id: 1 }]);
    await mkdir(session.workspace, { recursive: true });
    await writeFile(join(session.workspace, 'configuration.yml'), schema.configYaml('warehouse'));
    await writeFile(join(session.root, 'checks.yml'), 'checks for customers:\n  - row_count > 0\n');
    await writeFile(
      join(session.root, 'slow.yml'),
      'checks for customers:\n  - slow = 0:\n      slow query: SELECT 0 FROM pg_sleep(30)\n',
    );
  });
  afterAll(async () => {
    await Promise.all([session?.close(), schema?.drop()]);
  });

  itWhen(!missing, missing ?? '')(
    'leaves nothing of the old workspace on screen, and brings it back on the way back',
    async () => {
      const app = await session.open('light');
      const { page } = app;
      const scan = await scanCheckFile(app, join(session.root, 'checks.yml'));
      await seeText(scan.getByRole('table', { name: 'Check results' }), 'row_count > 0');
      const payload = await goTo(page, 'Outgoing payload');
      await seeText(payload, /row_count > 0/);

      const other = join(session.root, 'other-workspace');
      app.choosePaths('workspace-folder', [other]);
      const settings = await goTo(page, 'Settings');
      await settings.getByRole('button', { name: 'Use another folder…' }).click();
      await seeText(settings, other);

      // The new folder has no data source, no scan, nothing to preview.
      const sources = await goTo(page, 'Data sources');
      await expect.poll(() => sources.locator('[data-data-source]').count()).toBe(0);
      const scanAfter = await goTo(page, 'Scan');
      await seeText(scanAfter, 'No data source yet.');
      expect(await scanAfter.getByRole('table', { name: 'Check results' }).count()).toBe(0);
      expect(await scanAfter.getByTestId('scan-verdict').count()).toBe(0);
      // The opened check files live outside the workspace: they stay opened, ready to scan in the new one.
      const checksAfter = await goTo(page, 'Checks');
      await seeText(checksAfter, 'row_count > 0');
      const payloadAfter = await goTo(page, 'Outgoing payload');
      await payloadAfter.getByTestId('payload-empty').waitFor();

      // Back: the first folder's data source and scan are there again.
      app.choosePaths('workspace-folder', [session.workspace]);
      const settingsBack = await goTo(page, 'Settings');
      await settingsBack.getByRole('button', { name: 'Use another folder…' }).click();
      await seeText(settingsBack, join(session.workspace, 'configuration.yml'));
      const sourcesBack = await goTo(page, 'Data sources');
      await sourcesBack.locator('[data-data-source="warehouse"]').waitFor();
      const payloadBack = await goTo(page, 'Outgoing payload');
      await seeText(payloadBack, /row_count > 0/);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'refuses to switch while a scan runs, and the scan keeps its live view and its Cancel',
    async () => {
      const app = await session.open('light');
      const { page } = app;
      app.choosePaths('check-files', [join(session.root, 'slow.yml')]);
      const checks = await goTo(page, 'Checks');
      await checks.getByRole('button', { name: 'Open check files…' }).click();
      await checks.getByRole('button', { name: 'Scan these checks' }).click();
      const scan = await goTo(page, 'Scan');
      await scan.getByRole('button', { name: 'Run scan' }).click();
      await scan.getByRole('button', { name: 'Cancel scan' }).waitFor();

      app.choosePaths('workspace-folder', [join(session.root, 'elsewhere')]);
      const settings = await goTo(page, 'Settings');
      await settings.getByRole('button', { name: 'Use another folder…' }).click();
      const refusal = await seeText(settings, /still running in .*, so the workspace was not changed/);
      expect(await refusal.locator('xpath=ancestor::*[@role="alert"][1]').textContent()).toMatch(
        /The workspace was not changed.*Wait for it to finish, or cancel it/,
      );
      expect(await settings.locator('dd.mono').first().textContent()).toBe(session.workspace);

      const back = await goTo(page, 'Scan');
      await back.getByRole('button', { name: 'Cancel scan' }).click();
      await seeText(back.getByTestId('scan-verdict'), /Cancelled/);
      expect(app.problems).toEqual([]);
    },
  );
});
