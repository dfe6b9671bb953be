/**
 * The connection test in the browser, against a private PostgreSQL cluster whose pg_hba.conf admits the user
 * only from another address: the step list fills in live, the failing step says what to do, the address the
 * server saw is shown, the allowlist typed by the user gets its verdict, and the admin request is ready to copy.
 * Also: a passing test that asks for this machine's public address (a local echo service stands in for the public
 * ones, and is asked only when the box is ticked), and a test stuck on a server that never answers, cancelled.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { missingClusterPrerequisites } from '../support/cluster-prerequisites.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, seeText } from '../support/page-helpers.js';
import { itWhen } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';
import { type CountingServer, startEchoIpServer, startSilentServer } from '../support/silent-server.js';

const missing = [await missingBrowserPrerequisites(), await missingClusterPrerequisites()]
  .filter(Boolean)
  .join('; ');
const APP = { name: 'app', password: 'app-password-7c1e' };
const ANALYST = { name: 'analyst', password: 'analyst-password-42b9' };

describe('connection test in the browser', () => {
  let session: E2eSession;
  let cluster: PrivateCluster;
  let echo: CountingServer;
  let silent: CountingServer;

  beforeAll(async () => {
    if (missing) return;
    // Only 127.0.0.2 may connect as app (this machine's connections come from 127.0.0.1); postgres may from here.
    [session, cluster, echo, silent] = await Promise.all([
      startE2eSession(),
      startPrivateCluster({
        users: [APP, ANALYST],
        hba: [
          'host all app 127.0.0.2/32 scram-sha-256',
          'host all postgres 127.0.0.1/32 trust',
          'host all analyst 127.0.0.1/32 scram-sha-256',
        ],
      }),
      startEchoIpServer('203.0.113.77'),
      startSilentServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([session?.close(), cluster?.stop(), echo?.close(), silent?.close()]);
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
      // Where the rules came from, in words that read: not "Rules from the rules you entered".
      expect(await screen.getByTestId('allowlist-verdict').textContent()).toMatch(
        /Checked against the rules you entered/,
      );
      const request = (await screen.getByTestId('admin-request').textContent()) ?? '';
      expect(request).toContain('127.0.0.1/32');
      expect(request).toMatch(/host\s+\S+\s+app\s+127\.0\.0\.1\/32\s+scram-sha-256/);
      // Copyable: the button puts exactly the request on the clipboard (written, as the desktop app allows).
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await screen.getByRole('button', { name: 'Copy the request' }).click();
      await seeText(screen, 'Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(request);
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
    'fails on a wrong password, and once the password is fixed says the old verdict is out of date until retested',
    async () => {
      const app = await session.open('light');
      const sources = await goTo(app.page, 'Data sources');
      await sources.getByRole('button', { name: 'Add PostgreSQL' }).click();
      const form = sources.getByRole('form', { name: 'Add PostgreSQL data source' });
      await form.getByLabel(/^Name/).fill('analyst_db');
      await form.getByLabel(/^Host/).fill('127.0.0.1');
      await form.getByLabel(/^Port/).fill(String(cluster.port));
      await form.getByLabel(/^Database/).fill('postgres');
      await form.getByLabel(/^User name/).fill(ANALYST.name);
      await form.getByLabel('TLS (sslmode)').selectOption('disable');
      await form.getByLabel('Password').fill('not-the-password');
      await form.getByRole('button', { name: 'Save' }).click();
      await sources.locator('[data-data-source="analyst_db"]').getByRole('button', { name: /Test/ }).click();

      const screen = await goTo(app.page, 'Connection test');
      expect(await screen.getByLabel('Data source').inputValue()).toBe('analyst_db');
      await screen.getByRole('button', { name: 'Test connection' }).click();
      const verdict = screen.getByTestId('connection-verdict');
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(/Failed.*analyst_db cannot be used yet/);
      const failed = screen.locator('li.step[data-status="fail"]');
      expect(await failed.getAttribute('data-step')).toBe('auth');
      await seeText(failed, /password/i);

      // The password is fixed on Data sources; back here the old "Failed" must not stand as the answer.
      const again = await goTo(app.page, 'Data sources');
      await again.locator('[data-data-source="analyst_db"]').getByRole('button', { name: 'Edit' }).click();
      const edit = again.getByRole('form', { name: 'Edit PostgreSQL data source' });
      await edit.getByLabel('Password').fill(ANALYST.password);
      await edit.getByRole('button', { name: 'Save' }).click();
      await seeText(again, /Saved data source analyst_db\./);
      const back = await goTo(app.page, 'Connection test');
      expect(await verdict.textContent()).toMatch(
        /Out of date.*analyst_db was changed after this test: test it again/,
      );
      await back.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => verdict.textContent()).toMatch(/Connected.*analyst_db works/);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing)(
    'passes against a server that admits us, with the address it saw and, when asked, our public address',
    async () => {
      const app = await session.open('light', { egressServices: [echo.url] });
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
      // Unticked (the default), the echo service is not asked.
      await screen.getByRole('button', { name: 'Test connection' }).click();
      const verdict = screen.getByTestId('connection-verdict');
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(/Connected.*open_cluster works/);
      expect(await screen.getByText("This machine's public address", { exact: true }).count()).toBe(0);
      expect(echo.connections).toBe(0);

      await screen.getByLabel("Also look up this machine's public address").check();
      await screen.getByRole('button', { name: 'Test connection' }).click();
      await seeText(screen, /^This machine's public address$/);
      expect(await verdict.textContent()).toMatch(/Connected.*open_cluster works/);
      expect(await screen.locator('li.step[data-status="fail"]').count()).toBe(0);
      expect(await screen.getByTestId('server-seen-ip').textContent()).toBe('127.0.0.1');
      await seeText(screen, /reported by the server for this session/);
      await seeText(screen, '203.0.113.77');
      await seeText(screen, `a best guess from ${echo.url}`);
      expect(echo.connections).toBeGreaterThan(0);
      await app.screenshot('connection-test-pass-light');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing)(
    'cancels a test stuck on a server that never answers: the running step stops, the rest are skipped',
    async () => {
      const app = await session.open('light');
      const sources = await goTo(app.page, 'Data sources');
      await sources.getByRole('button', { name: 'Add PostgreSQL' }).click();
      const form = sources.getByRole('form', { name: 'Add PostgreSQL data source' });
      await form.getByLabel(/^Name/).fill('black_hole');
      await form.getByLabel(/^Host/).fill('127.0.0.1');
      await form.getByLabel(/^Port/).fill(String(silent.port));
      await form.getByLabel(/^Database/).fill('postgres');
      await form.getByLabel(/^User name/).fill('postgres');
      await form.getByLabel('TLS (sslmode)').selectOption('disable');
      await form.getByRole('button', { name: 'Save' }).click();
      await seeText(sources, /Saved data source black_hole\./);

      const screen = await goTo(app.page, 'Connection test');
      await screen.getByLabel('Data source').selectOption('black_hole');
      await screen.getByRole('button', { name: 'Test connection' }).click();
      // The server accepts the connection and never answers: a step waits (up to its 30-second timeout).
      await screen.locator('li.step[data-status="running"]').waitFor();
      expect(await screen.getByRole('button', { name: 'Testing…' }).isDisabled()).toBe(true);
      await app.screenshot('connection-test-running-light');
      const cancelledAt = Date.now();
      await screen.getByRole('button', { name: 'Cancel', exact: true }).click();

      const verdict = screen.getByTestId('connection-verdict');
      await verdict.waitFor();
      expect(Date.now() - cancelledAt).toBeLessThan(15_000);
      // The user stopped it: the verdict says cancelled, not failed.
      expect(await verdict.textContent()).toMatch(
        /^Cancelled The test of black_hole was stopped before it finished/,
      );
      const failed = screen.locator('li.step[data-status="fail"]');
      expect(await failed.count()).toBe(1);
      expect(await failed.textContent()).toMatch(/Cancelled\./);
      await seeText(screen, 'Skipped: the test was cancelled.');
      expect(await screen.locator('li.step[data-status="running"]').count()).toBe(0);
      expect(await screen.getByRole('button', { name: 'Test connection' }).isEnabled()).toBe(true);
      expect(app.requests.some((request) => request.startsWith('cancelRun '))).toBe(true);
      await app.screenshot('connection-test-cancelled-light');
      expect(app.problems).toEqual([]);
    },
  );
});
