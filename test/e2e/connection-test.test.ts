/**
 * The connection test in the browser, against a private PostgreSQL cluster whose pg_hba.conf admits the user
 * only from another address: the step list fills in live, the failing step says what to do, the address the
 * server saw is shown, the allowlist typed by the user gets its verdict, and the admin request is ready to copy.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { missingClusterPrerequisites } from '../support/cluster-prerequisites.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, seeText } from '../support/page-helpers.js';
import { itWhen } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';

const missing = [await missingBrowserPrerequisites(), await missingClusterPrerequisites()]
  .filter(Boolean)
  .join('; ');
const APP = { name: 'app', password: 'app-password-7c1e' };

describe('connection test in the browser', () => {
  let session: E2eSession;
  let cluster: PrivateCluster;

  beforeAll(async () => {
    if (missing) return;
    // Only 127.0.0.2 may connect as app (this machine's connections come from 127.0.0.1); postgres may from here.
    [session, cluster] = await Promise.all([
      startE2eSession(),
      startPrivateCluster({
        users: [APP],
        hba: ['host all app 127.0.0.2/32 scram-sha-256', 'host all postgres 127.0.0.1/32 trust'],
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([session?.close(), cluster?.stop()]);
  });

  itWhen(!missing, missing)(
    'fails on pg_hba with the address the server saw, what to do, the allowlist verdict and the admin request',
    async () => {
      const app = await session.open('light');
      const { page } = app;
      const sources = await goTo(page, 'Data sources');
      await sources.getByRole('button', { name: 'Add PostgreSQL' }).click();
      const form = sources.getByRole('form', { name: 'Add PostgreSQL data source' });
      await form.getByLabel(/^Name/).fill('restricted');
      await form.getByLabel(/^Host/).fill('127.0.0.1');
      await form.getByLabel(/^Port/).fill(String(cluster.port));
      await form.getByLabel(/^Database/).fill('postgres');
      await form.getByLabel(/^User name/).fill(APP.name);
      await form.getByLabel('TLS (sslmode)').selectOption('disable');
      await form.getByLabel('Password').fill(APP.password);
      await form.getByRole('button', { name: 'Save' }).click();
      await seeText(sources, /Saved data source restricted\./);

      // From the data source's row straight to its test.
      await sources
        .locator('[data-data-source="restricted"]')
        .getByRole('button', { name: 'Test connection' })
        .click();
      const screen = page.locator('main section[data-screen="connection"]:not([hidden])');
      await screen.getByRole('heading', { level: 1, name: 'Connection test' }).waitFor();
      expect(await screen.getByLabel('Data source').inputValue()).toBe('restricted');
      await screen.getByLabel('Allowlist rules to check (optional)').fill('10.0.0.0/8\ndeny 192.0.2.0/24');
      await screen.getByRole('button', { name: 'Test connection' }).click();

      const verdict = screen.getByTestId('connection-verdict');
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(/Failed.*restricted cannot be used yet/);

      // The failing step: pg_hba, with its remediation and the driver's message folded away.
      const failed = screen.locator('li.step[data-status="fail"]');
      expect(await failed.count()).toBe(1);
      const failedText = (await failed.textContent()) ?? '';
      expect(failedText).toMatch(/What to do:/);
      expect(failedText).toMatch(/pg_hba/);
      const raw = failed.locator('details');
      expect(await raw.getAttribute('open')).toBeNull();
      await raw.locator('summary').click();
      await seeText(raw, /no pg_hba\.conf entry for host "127\.0\.0\.1"/);
      // Steps after a stopping failure are shown as skipped, not hidden.
      expect(await screen.locator('li.step[data-status="skipped"]').count()).toBeGreaterThan(0);

      expect(await screen.getByTestId('server-seen-ip').textContent()).toBe('127.0.0.1');
      expect(await screen.getByTestId('allowlist-verdict').textContent()).toMatch(/not allowed/);
      const request = (await screen.getByTestId('admin-request').textContent()) ?? '';
      expect(request).toContain('127.0.0.1/32');
      expect(request).toMatch(/host\s+\S+\s+app\s+127\.0\.0\.1\/32\s+scram-sha-256/);
      await app.screenshot('connection-test-pg-hba-light');

      // The steps streamed: a step was reported running before it finished, through the same binding.
      const events = app.crossings.filter((crossing) => crossing.includes('"type":"connection-step"'));
      expect(events.some((event) => event.includes('"status":"running"'))).toBe(true);
      expect(events.some((event) => event.includes('"status":"fail"'))).toBe(true);
      expect(app.problems).toEqual([]);

      await page.getByRole('radio', { name: 'Dark' }).check();
      await app.screenshot('connection-test-pg-hba-dark');
    },
  );
  itWhen(!missing, missing)(
    'passes against a server that admits us, with the address it saw for the session',
    async () => {
      const app = await session.open('light');
      const sources = await goTo(app.page, 'Data sources');
      await sources.getByRole('button', { name: 'Add PostgreSQL' }).click();
      const form = sources.getByRole('form', { name: 'Add PostgreSQL data source' });
      await form.getByLabel(/^Name/).fill('open_cluster');
      await form.getByLabel(/^Host/).fill('127.0.0.1');
      await form.getByLabel(/^Port/).fill(String(cluster.port));
      await form.getByLabel(/^Database/).fill('postgres');
      await form.getByLabel(/^User name/).fill('postgres');
      await form.getByLabel('TLS (sslmode)').selectOption('disable');
      await form.getByRole('button', { name: 'Save' }).click();
      await seeText(sources, /Saved data source open_cluster\./);

      const screen = await goTo(app.page, 'Connection test');
      await screen.getByLabel('Data source').selectOption('open_cluster');
      await screen.getByRole('button', { name: 'Test connection' }).click();
      const verdict = screen.getByTestId('connection-verdict');
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(/Connected.*open_cluster works/);
      expect(await screen.locator('li.step[data-status="fail"]').count()).toBe(0);
      expect(await screen.getByTestId('server-seen-ip').textContent()).toBe('127.0.0.1');
      await seeText(screen, /reported by the server for this session/);
      await app.screenshot('connection-test-pass-light');
      expect(app.problems).toEqual([]);
    },
  );
});
