/**
 * The outgoing payload and the outbox in the browser, with a real webhook receiver: the preview's SHA-256 is the
 * hash of the bytes that arrive; offline, approved payloads wait and go out later; a refused send is listed with
 * its reason and goes out on retry; the ledger records each delivery and its chain verifies.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { BrowserApp } from '../support/browser-app.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, scanCheckFile, seeText } from '../support/page-helpers.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { Receiver } from '../support/receiver.js';

const missing = await missingBrowserPrerequisites();
const SIGNING_SECRET = 'webhook-signing-secret-4d1f';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('outgoing payload and outbox in the browser', () => {
  let session: E2eSession;
  let schema: TestSchema;
  let receiver: Receiver;
  let app: BrowserApp;
  const hooks = () => receiver.requests.filter((request) => request.path === '/hook');

  beforeAll(async () => {
    if (missing) return;
    [session, schema, receiver] = await Promise.all([
      startE2eSession(),
      createTestSchema('e2e_payload'),
      Receiver.start(),
    ]);
    await schema.sql('CREATE TABLE customers (id int, email text)');
    await schema.insertRows('customers', [
      { id: 1, email: 'a@example.com' },
      { id: 2, email: null },
    ]);
    await mkdir(session.workspace, { recursive: true });
    await writeFile(join(session.workspace, 'configuration.yml'), schema.configYaml('warehouse'));
    await writeFile(
      join(session.root, 'checks.yml'),
      'checks for customers:\n  - row_count > 0\n  - missing_count(email) = 0\n  - max(id) < 10\n',
    );
    app = await session.open('light');
  });
  afterAll(async () => {
    await Promise.all([session?.close(), schema?.drop(), receiver?.close()]);
  });

  async function scan(): Promise<void> {
    await scanCheckFile(app, join(session.root, 'checks.yml'));
  }

  /** The payload screen, freshly built; returns the screen and the SHA-256 it shows. */
  async function preview(): Promise<{ screen: Locator; hash: string }> {
    const screen = await goTo(app.page, 'Outgoing payload');
    await screen.getByRole('button', { name: 'Rebuild preview' }).click();
    const hash = screen.getByTestId('payload-sha256');
    await hash.waitFor();
    // The hash's line, with its Copy button, is no taller than the other lines of the summary.
    const heights = await screen
      .getByTestId('payload-summary')
      .locator('dd')
      .evaluateAll((lines) => lines.slice(0, 3).map((line) => line.getBoundingClientRect().height));
    expect(heights[2]).toBeLessThanOrEqual((heights[1] ?? 0) + 2);
    return { screen, hash: ((await hash.textContent()) ?? '').trim() };
  }

  itWhen(!missing, missing ?? '')(
    'sets up the webhook with its signing secret written only to the keychain',
    async () => {
      const settings = await goTo(app.page, 'Settings');
      const form = settings.getByRole('form', { name: 'Webhook' });
      await form.getByLabel('Webhook URL').fill(`${receiver.url}/hook`);
      await form.getByLabel('Signing secret').fill(SIGNING_SECRET);
      await form.getByRole('button', { name: 'Save webhook' }).click();
      await seeText(settings, /Approvals go to the webhook/);
      await seeText(settings.getByRole('form', { name: 'Webhook' }), 'stored');
      expect(
        await settings.getByRole('form', { name: 'Webhook' }).getByLabel('Signing secret').inputValue(),
      ).toBe('');
      await app.screenshot('settings-light');
      expect(app.crossings.filter((crossing) => crossing.includes(SIGNING_SECRET))).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'previews the payload, approves it and sends it: the receiver gets exactly the previewed bytes',
    async () => {
      await scan();
      const { screen, hash } = await preview();
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const counts = screen.getByTestId('class-counts');
      expect(await counts.locator('[data-class="identifier"]').textContent()).toMatch(/identifier: \d+/);
      expect(await counts.locator('[data-class="outcome"]').count()).toBe(1);
      expect(await screen.getByTestId('personal-columns').textContent()).toMatch(/customers\.email.*email/);
      expect(
        await screen.getByRole('tree', { name: 'Payload fields' }).getByRole('treeitem').count(),
      ).toBeGreaterThan(10);
      await app.screenshot('payload-light');
      await screen.getByRole('tab', { name: 'Raw bytes' }).click();
      const firstPiece = screen.getByRole('list', { name: 'Payload bytes' }).getByRole('listitem').first();
      expect(await firstPiece.textContent()).toMatch(/^00000000\{"/);
      await app.screenshot('payload-raw-light');
      await screen.getByRole('tab', { name: /^Diff/ }).click();
      await seeText(screen, /No previous upload/);

      await screen.getByRole('button', { name: 'Approve and send now' }).click();
      const result = screen.getByTestId('approve-result');
      await result.waitFor();
      const outcome = result.locator('[data-outcome]');
      await outcome.waitFor();
      expect(await outcome.getAttribute('data-outcome')).toBe('sent');
      expect(await outcome.textContent()).toMatch(/HTTP 200/);
      await app.screenshot('payload-sent-light');

      const [delivered] = hooks();
      if (!delivered) throw new Error('nothing reached the receiver');
      expect(sha256(delivered.body)).toBe(hash);
      expect(delivered.headers['idempotency-key']).toBe(hash);
      expect(delivered.headers['x-gatehouse-signature']).toBe(
        `sha256=${createHmac('sha256', SIGNING_SECRET).update(delivered.body).digest('hex')}`,
      );
      // The preview's raw text is those bytes, character for character.
      const previewAnswer =
        app.crossings.findLast(
          (crossing) => crossing.includes('"tree":{') && crossing.includes(`"sha256":"${hash}"`),
        ) ?? '';
      expect((JSON.parse(previewAnswer) as { value: { text: string } }).value.text).toBe(
        delivered.body.toString('utf8'),
      );
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'works offline: approved payloads wait in the outbox and go out later',
    async () => {
      const sentBefore = hooks().length;
      await scan();
      const { screen, hash } = await preview();
      await screen.getByRole('tab', { name: /^Diff/ }).click();
      await seeText(screen, /Compared with the payload of scan/);
      await screen.getByRole('button', { name: 'Approve and queue' }).click();
      await seeText(screen.getByTestId('approve-result'), /waits in the outbox/);

      const outbox = await goTo(app.page, 'Outbox and ledger');
      const queued = outbox.getByTestId('outbox-queued');
      await seeText(queued, hash);
      await outbox.getByLabel('Work offline').check();
      // The switch and its hint sit right beside "Send now" in the header, with no wide blank between them.
      const hintRight = await outbox
        .getByText('Network destinations wait; file exports still happen.')
        .evaluate((hint) => hint.getBoundingClientRect().right);
      const sendLeft = (await outbox.getByRole('button', { name: 'Send now' }).boundingBox())?.x ?? 0;
      expect(sendLeft - hintRight).toBeLessThan(24);
      await outbox.getByRole('button', { name: 'Send now' }).click();
      await seeText(outbox, 'held (offline)');
      expect(hooks()).toHaveLength(sentBefore);
      await app.screenshot('outbox-offline-light');

      await outbox.getByLabel('Work offline').uncheck();
      await outbox.getByRole('button', { name: 'Send now' }).click();
      await outbox.locator('[data-testid="upload-outcomes"] [data-outcome="sent"]').waitFor();
      expect(hooks()).toHaveLength(sentBefore + 1);
      expect(sha256(hooks().at(-1)?.body ?? Buffer.alloc(0))).toBe(hash);
      await seeText(outbox.getByTestId('outbox-sent'), hash);
      expect(await outbox.getByTestId('outbox-queued').locator('li').count()).toBe(0);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'lists a refused send with its reason, retries it, and verifies the ledger',
    async () => {
      const sentBefore = hooks().length;
      await scan();
      const { screen, hash } = await preview();
      await screen.getByRole('button', { name: 'Approve and queue' }).click();
      await seeText(screen.getByTestId('approve-result'), /waits in the outbox/);

      receiver.fail({ status: 400 }, (request) => request.path === '/hook');
      const outbox = await goTo(app.page, 'Outbox and ledger');
      await outbox.getByRole('button', { name: 'Send now' }).click();
      const failed = outbox.getByTestId('outbox-failed');
      await seeText(failed, hash);
      expect(await failed.textContent()).toMatch(/Failed after 1 attempt:.*400/);
      // The destination by the name Settings and the payload use, not its internal key.
      expect(await failed.textContent()).toMatch(/to Webhook http:\/\/127\.0\.0\.1:\d+\/hook/);
      // The retry button keeps a button's height beside a tall item (it is not stretched to the item's height).
      const retry = await failed.getByRole('button', { name: 'Retry now' }).boundingBox();
      expect(retry?.height).toBeLessThan(48);
      await app.screenshot('outbox-failed-light');

      await failed.getByRole('button', { name: 'Retry now' }).click();
      await outbox.locator('[data-testid="upload-outcomes"] [data-outcome="sent"]').waitFor();
      expect(hooks()).toHaveLength(sentBefore + 2);
      expect(sha256(hooks().at(-1)?.body ?? Buffer.alloc(0))).toBe(hash);
      await seeText(outbox.getByTestId('outbox-sent'), hash);

      const ledger = outbox.getByTestId('ledger');
      expect(await ledger.locator('tbody tr').count()).toBe(3);
      expect(await ledger.textContent()).toContain(hash);
      expect(await ledger.textContent()).toMatch(/Webhook: http:/);
      await outbox.getByRole('button', { name: 'Verify the chain' }).click();
      expect(await (await seeText(outbox, /chain intact/)).isVisible()).toBe(true);
      expect(await outbox.getByTestId('ledger-verification').textContent()).toMatch(
        /3 entries; head hash [0-9a-f]{64}/,
      );
      await app.screenshot('outbox-ledger-light');
      await app.page.getByRole('radio', { name: 'Dark' }).check();
      await app.screenshot('outbox-ledger-dark');
      expect(app.problems).toEqual([]);
    },
  );
  itWhen(!missing, missing ?? '')(
    'applies a stricter privacy policy from Settings to the next preview',
    async () => {
      const before = await preview();
      expect(await before.screen.getByTestId('class-counts').locator('[data-class="data"]').count()).toBe(1);

      const settings = await goTo(app.page, 'Settings');
      const privacy = settings.getByRole('form', { name: 'Privacy' });
      await privacy.getByRole('radio', { name: /^Strict/ }).check();
      await privacy.getByLabel('Columns never mentioned').fill('email');
      await privacy.getByRole('button', { name: 'Save privacy' }).click();
      await seeText(privacy, 'Saved.');

      const after = await preview();
      expect(after.hash).not.toBe(before.hash);
      expect(await after.screen.getByTestId('payload-summary').textContent()).toMatch(/level strict/);
      // Data-derived values, SQL, check text and logs stay in place as nulls, each counted as held back.
      expect(await after.screen.getByText(/^Held back:/).textContent()).toMatch(
        /\d+ withheld by the privacy level/,
      );
      // A class count says how many of its fields are withheld: at strict, every data-derived value.
      expect(
        await after.screen.getByTestId('class-counts').locator('[data-class="data"]').textContent(),
      ).toMatch(/^data-derived: (\d+) \(all \1 withheld\)$/);
      // What the level left out, counted in words that agree with the count.
      const leftOut = await after.screen.getByTestId('class-counts').locator('xpath=..').textContent();
      expect(leftOut).toMatch(/1 log left out: below the strict level's log threshold/);
      expect(leftOut).not.toMatch(/\b1 (checks|metrics|queries|logs) left out/);
      const tree = after.screen.getByRole('tree', { name: 'Payload fields' });
      expect(await tree.getByText('withheld', { exact: true }).count()).toBeGreaterThan(0);
      // A row with two badges (its class and "withheld") keeps both on its one line: none spills into the next
      // row or is cut at the cell's edge.
      const spilled = await tree.locator('[role="treeitem"]').evaluateAll((rows) =>
        rows.flatMap((row) => {
          const line = row.getBoundingClientRect();
          return [...row.querySelectorAll<HTMLElement>('.badge')]
            .filter((badge) => {
              const box = badge.getBoundingClientRect();
              const cell = (badge.parentElement as HTMLElement).getBoundingClientRect();
              return box.top < line.top || box.bottom > line.bottom || box.right > cell.right + 0.5;
            })
            .map((badge) => `${row.textContent}: ${badge.textContent}`);
        }),
      );
      expect(spilled).toEqual([]);
      expect(await after.screen.getByTestId('personal-columns').textContent()).toMatch(
        /not mentioned \(excluded\)/,
      );
      const text = (
        JSON.parse(
          app.crossings.findLast((c) => c.includes('"tree":{') && c.includes(after.hash)) ?? '{}',
        ) as { value: { text: string } }
      ).value.text;
      expect(text).not.toContain('email');
      await app.page.getByRole('radio', { name: 'Light' }).check();
      await app.screenshot('payload-strict-light');
      await app.page.getByRole('radio', { name: 'Dark' }).check();
      await app.screenshot('payload-strict-dark');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'does not send a payload approved under a privacy policy that has changed since, and says why',
    async () => {
      const sentBefore = hooks().length;
      const { screen, hash } = await preview();
      await screen.getByRole('button', { name: 'Approve and queue' }).click();
      await seeText(screen.getByTestId('approve-result'), /waits in the outbox/);

      // The policy changes after the approval (here: back from strict to standard, which sends more).
      const settings = await goTo(app.page, 'Settings');
      const privacy = settings.getByRole('form', { name: 'Privacy' });
      await privacy.getByRole('radio', { name: /^Standard/ }).check();
      await privacy.getByRole('button', { name: 'Save privacy' }).click();
      await seeText(privacy, 'Saved.');

      const outbox = await goTo(app.page, 'Outbox and ledger');
      await seeText(outbox.getByTestId('outbox-queued'), hash);
      await outbox.getByRole('button', { name: 'Send now' }).click();
      const skipped = outbox.locator('[data-testid="upload-outcomes"] [data-outcome="skipped"]');
      await skipped.waitFor();
      expect(await skipped.textContent()).toMatch(
        /the privacy policy changed after this payload was approved, so it is not sent: preview the scan again/,
      );
      expect(hooks()).toHaveLength(sentBefore);
      await seeText(outbox.getByTestId('outbox-queued'), hash);

      // Previewed and approved again under the policy now in force, it goes.
      const again = await preview();
      expect(again.hash).not.toBe(hash);
      await again.screen.getByRole('button', { name: 'Approve and queue' }).click();
      await seeText(again.screen.getByTestId('approve-result'), /waits in the outbox/);
      const back = await goTo(app.page, 'Outbox and ledger');
      await back.getByRole('button', { name: 'Send now' }).click();
      await back.locator('[data-testid="upload-outcomes"] [data-outcome="sent"]').waitFor();
      expect(hooks()).toHaveLength(sentBefore + 1);
      expect(sha256(hooks().at(-1)?.body ?? Buffer.alloc(0))).toBe(again.hash);
      expect(app.problems).toEqual([]);
    },
  );
});
