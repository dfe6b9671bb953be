/**
 * Sample files on the payload screen (Soda Cloud at level full): a scan with failed-row samples is previewed for
 * Soda Cloud; the screen says what the bytes are laid out for, lists the sample file under the document with its
 * SHA-256 and rows, shows its raw bytes, and the approval text counts it; approved and sent, the receiver (as
 * Soda Cloud) gets exactly the bytes the screen showed. Laid out for the webhook instead, the same scan has no
 * file and its rows travel inside the document.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { KeychainStore } from '../../src/secrets/keychain.js';
import type { BrowserApp } from '../support/browser-app.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, scanCheckFile, seeText } from '../support/page-helpers.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { isSampleUpload, Receiver } from '../support/receiver.js';

const missing = await missingBrowserPrerequisites();
const API_KEY_ID = 'gatehouse-e2e-samples';
const API_KEY_SECRET = 'e2e-samples-secret-7a2c';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('sample files on the payload screen', () => {
  let session: E2eSession;
  let schema: TestSchema;
  let cloud: Receiver;
  let app: BrowserApp;

  beforeAll(async () => {
    if (missing) return;
    [session, schema, cloud] = await Promise.all([
      startE2eSession(),
      createTestSchema('e2e_samples'),
      Receiver.start({ apiKeyId: API_KEY_ID, apiKeySecret: API_KEY_SECRET }),
    ]);
    await schema.sql('CREATE TABLE customers (id int, email text)');
    await schema.insertRows('customers', [
      { id: 1, email: 'a@example.com' },
      { id: 2, email: null },
      { id: 3, email: null },
    ]);
    await mkdir(session.workspace, { recursive: true });
    await writeFile(
      join(session.workspace, 'configuration.yml'),
      [
        schema.configYaml('warehouse'),
        'soda_cloud:',
        '  host: 127.0.0.1',
        `  port: ${cloud.port}`,
        '  scheme: http',
        `  api_key_id: ${API_KEY_ID}`,
        'destinations:',
        '  webhook:',
        `    url: ${cloud.url}/hook`,
        'privacy:',
        '  level: full',
        '',
      ].join('\n'),
    );
    await new KeychainStore().set({ dataSource: 'soda_cloud', field: 'api_key_secret' }, API_KEY_SECRET);
    await writeFile(
      join(session.root, 'checks.yml'),
      'checks for customers:\n  - missing_count(email) = 0\n',
    );
    // 1,000 failing rows of some 90 bytes each: a sample file too large to come with the preview.
    await schema.sql(
      "CREATE TABLE notes AS SELECT g AS id, NULL::text AS email, repeat('n', 80) AS note FROM generate_series(1, 1000) g",
    );
    await writeFile(
      join(session.root, 'wide.yml'),
      'checks for notes:\n  - missing_count(email) = 0:\n      samples limit: 1000\n',
    );
    app = await session.open('light');
  });
  afterAll(async () => {
    await Promise.all([session?.close(), schema?.drop(), cloud?.close()]);
  });

  itWhen(!missing, missing ?? '')(
    'lists the file with its hash under the document, approves both, and Soda Cloud gets what was shown',
    async () => {
      await scanCheckFile(app, join(session.root, 'checks.yml'), { samples: true });

      const screen = await goTo(app.page, 'Outgoing payload');
      await screen.getByRole('button', { name: 'Rebuild preview' }).click();
      await seeText(
        screen.getByTestId('payload-destination'),
        /^Soda Cloud — sample rows go as 1 separate file/,
      );
      expect(await screen.getByRole('radio', { name: /Soda Cloud/ }).isChecked()).toBe(true);
      const hash = ((await screen.getByTestId('payload-sha256').textContent()) ?? '').trim();

      const files = screen.getByTestId('sample-files');
      await files.waitFor();
      expect(await files.getByRole('heading', { level: 2 }).textContent()).toBe('Sample files (1)');
      const file = files.getByTestId('sample-file');
      expect(await file.count()).toBe(1);
      const fileHash = ((await file.getByTestId('sample-file-sha256').textContent()) ?? '').trim();
      expect(fileHash).toMatch(/^[0-9a-f]{64}$/);
      expect(await file.textContent()).toMatch(
        /2 rows, 18 bytes; named in the document at \/checks\/0\/diagnostics\/blocks\/0\/file\/reference\/fileId/,
      );
      expect(await file.textContent()).toContain('sample row');
      expect(await files.textContent()).toContain('of class sample rows');
      expect(await screen.getByTestId('class-counts').locator('[data-class="sample"]').textContent()).toBe(
        'sample row: 2 rows in 1 sample file',
      );
      expect(await screen.getByTestId('approval-covers').textContent()).toContain(
        'it covers the document and the 1 sample file listed above',
      );
      // The document names the file by that hash, and holds no row of it.
      await screen.getByRole('tab', { name: 'Raw bytes' }).click();
      const documentText = (
        await screen.getByRole('list', { name: 'Payload bytes' }).locator('[data-raw-text]').allTextContents()
      ).join('');
      expect(documentText).toContain(`"fileId":"sha256:${fileHash}"`);
      expect(documentText).not.toContain('a@example.com');

      await file.getByRole('button', { name: 'Show the bytes of file 1' }).click();
      const lines = await file
        .getByRole('list', { name: 'Bytes of sample file 1' })
        .locator('[data-raw-text]')
        .allTextContents();
      expect(lines).toEqual(['[2,null]', '[3,null]']);
      const shownBytes = lines.map((line) => `${line}\n`).join('');
      expect(sha256(shownBytes)).toBe(fileHash);
      await app.screenshot('payload-sample-files-light');

      await screen.getByRole('button', { name: 'Approve and send now' }).click();
      const result = screen.getByTestId('approve-result');
      await result.locator('[data-outcome]').waitFor();
      expect(await result.locator('[data-outcome]').getAttribute('data-outcome')).toBe('sent');
      expect(await result.textContent()).toContain('with 1 sample file');
      const uploads = cloud.requests.filter(isSampleUpload);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.body.toString('utf8')).toBe(shownBytes);
      const [document] = cloud.insertedDocuments();
      const [fileId] = [...cloud.fileIds.keys()];
      expect(document?.toString('utf8')).toBe(
        documentText.replace(`"fileId":"sha256:${fileHash}"`, `"fileId":"${fileId}"`),
      );
      expect(sha256(documentText)).toBe(hash);
      await app.screenshot('payload-sample-files-sent-light');

      // For the webhook the same scan has no file: its rows travel inside the document, under another hash.
      await screen.getByRole('radio', { name: /Webhook/ }).check();
      await seeText(screen.getByTestId('payload-destination'), /^Webhook — sample rows, when the level lets/);
      expect(await screen.getByTestId('sample-files').count()).toBe(0);
      expect(((await screen.getByTestId('payload-sha256').textContent()) ?? '').trim()).not.toBe(hash);
      expect(await screen.getByTestId('approval-covers').textContent()).not.toContain('sample file');
      await app.page.getByRole('radio', { name: 'Dark' }).check();
      await app.screenshot('payload-webhook-layout-dark');
      await app.page.getByRole('radio', { name: 'Light' }).check();

      // The outbox item and the ledger line name the file sent with the document, by the hash shown above.
      const outbox = await goTo(app.page, 'Outbox and ledger');
      const sent = outbox.getByTestId('outbox-sent').locator('li.outbox-item', { hasText: hash });
      const sentFiles = sent.getByTestId('approved-sample-files');
      await sentFiles.locator('summary').click();
      expect(await sentFiles.textContent()).toMatch(/^with 1 sample file \(18 bytes\)/);
      expect(await sentFiles.locator('li').textContent()).toContain(fileHash);
      const ledgerLine = outbox.getByTestId('ledger').locator('tbody tr', { hasText: hash });
      expect(await ledgerLine.getByTestId('approved-sample-files').textContent()).toContain(
        'with 1 sample file',
      );
      await app.screenshot('outbox-sample-files-light');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'reads a large sample file only when asked, and shows exactly its bytes',
    async () => {
      await scanCheckFile(app, join(session.root, 'wide.yml'), { samples: true });

      const screen = await goTo(app.page, 'Outgoing payload');
      await screen.getByRole('radio', { name: /Soda Cloud/ }).check();
      await screen.getByRole('button', { name: 'Rebuild preview' }).click();
      await seeText(
        screen.getByTestId('payload-destination'),
        /^Soda Cloud — sample rows go as 1 separate file/,
      );
      const file = screen.getByTestId('sample-file');
      await expect.poll(() => file.textContent()).toMatch(/1,000 rows, [\d.]+ KiB/);
      const fileHash = ((await file.getByTestId('sample-file-sha256').textContent()) ?? '').trim();
      const asked = () => app.requests.filter((request) => request.startsWith('previewSampleFile ')).length;
      expect(asked()).toBe(0);

      await file.getByRole('button', { name: 'Show the bytes of file 1' }).click();
      const bytes = file.getByRole('list', { name: 'Bytes of sample file 1' });
      await bytes.waitFor();
      expect(asked()).toBe(1);
      const answer = app.crossings.findLast((c) => c.includes('"text":"[1,null,') && c.includes(fileHash));
      const { text } = (JSON.parse(answer ?? '{}') as { value: { text: string } }).value;
      expect(sha256(text)).toBe(fileHash);
      expect(text.split('\n')).toHaveLength(1001);
      expect(await bytes.locator('[data-raw-text]').first().textContent()).toBe(
        JSON.stringify([1, null, 'n'.repeat(80)]),
      );
      await app.screenshot('payload-large-sample-file-light');
      expect(app.problems).toEqual([]);
    },
  );
});
