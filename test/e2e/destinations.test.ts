/**
 * The Soda Cloud and file-export destinations in the browser: each set up in Settings (the API key secret typed
 * once, into the keychain, never shown again; the export folder chosen in the native picker), then a previewed
 * payload approved for it and sent — the receiver, as Soda Cloud, logs in with that key and gets the previewed
 * document; the export folder gets the previewed bytes and a `sha256sum` sidecar.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { KeychainStore } from '../../src/secrets/keychain.js';
import type { BrowserApp } from '../support/browser-app.js';
import { canaryForms, findCanary, newCanary } from '../support/canary.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, pageContents, scanCheckFile, seeText } from '../support/page-helpers.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { isInsert, isLogin, Receiver } from '../support/receiver.js';

const missing = await missingBrowserPrerequisites();
const API_KEY_ID = 'gatehouse-e2e-key';
const API_KEY_SECRET = newCanary();

describe('Soda Cloud and file-export destinations in the browser', () => {
  let session: E2eSession;
  let schema: TestSchema;
  let cloud: Receiver;
  let app: BrowserApp;
  let exportDir: string;

  beforeAll(async () => {
    if (missing) return;
    [session, schema, cloud] = await Promise.all([
      startE2eSession(),
      createTestSchema('e2e_destinations'),
      Receiver.start({ apiKeyId: API_KEY_ID, apiKeySecret: API_KEY_SECRET }),
    ]);
    await schema.sql('CREATE TABLE orders (id int, amount numeric)');
    await schema.insertRows('orders', [
      { id: 1, amount: 10 },
      { id: 2, amount: 25 },
    ]);
    await mkdir(session.workspace, { recursive: true });
    await writeFile(join(session.workspace, 'configuration.yml'), schema.configYaml('warehouse'));
    await writeFile(
      join(session.root, 'checks.yml'),
      'checks for orders:\n  - row_count > 0\n  - max(amount) < 20\n',
    );
    exportDir = join(session.root, 'hand-over');
    await mkdir(exportDir);
    app = await session.open('light');
  });
  afterAll(async () => {
    await Promise.all([session?.close(), schema?.drop(), cloud?.close()]);
  });

  async function scanAndPreview(): Promise<{ screen: Locator; hash: string; text: string }> {
    await scanCheckFile(app, join(session.root, 'checks.yml'));
    const screen = await goTo(app.page, 'Outgoing payload');
    await screen.getByRole('button', { name: 'Rebuild preview' }).click();
    const shown = screen.getByTestId('payload-sha256');
    await shown.waitFor();
    const hash = ((await shown.textContent()) ?? '').trim();
    // The preview's raw text, as it crossed to the page.
    const answer = app.crossings.findLast((c) => c.includes('"tree":{') && c.includes(`"sha256":"${hash}"`));
    const text = (JSON.parse(answer ?? '{}') as { value: { text: string } }).value.text;
    return { screen, hash, text };
  }

  async function approveAndSend(screen: Locator, destination: string): Promise<Locator> {
    await screen.getByRole('radio', { name: destination }).check();
    await screen.getByRole('button', { name: 'Approve and send now' }).click();
    const result = screen.getByTestId('approve-result');
    await result.locator('[data-outcome]').waitFor();
    return result;
  }

  itWhen(!missing, missing ?? '')(
    'sets up Soda Cloud with its API key secret in the keychain, then sends it the previewed document',
    async () => {
      const settings = await goTo(app.page, 'Settings');
      const form = settings.getByRole('form', { name: 'Soda Cloud' });
      await form.getByLabel('Host').fill('127.0.0.1');
      await form.getByLabel(/^Port/).fill(String(cloud.port));
      await form.getByLabel('Scheme').selectOption('http');
      await form.getByLabel('API key id').fill(API_KEY_ID);
      await form.getByLabel('API key secret').fill(API_KEY_SECRET);
      await form.getByRole('button', { name: 'Save Soda Cloud' }).click();
      await seeText(settings, /Approvals go to Soda Cloud/);
      await seeText(settings.getByRole('form', { name: 'Soda Cloud' }), 'stored');
      expect(
        await settings.getByRole('form', { name: 'Soda Cloud' }).getByLabel('API key secret').inputValue(),
      ).toBe('');
      expect(await new KeychainStore().get({ dataSource: 'soda_cloud', field: 'api_key_secret' })).toBe(
        API_KEY_SECRET,
      );
      const config = await readFile(join(session.workspace, 'configuration.yml'), 'utf8');
      expect(config).toMatch(/soda_cloud:/);
      expect(config).not.toContain(API_KEY_SECRET);
      await app.screenshot('settings-soda-cloud-light');

      const { screen, hash, text } = await scanAndPreview();
      const result = await approveAndSend(screen, 'Soda Cloud');
      expect(await result.locator('[data-outcome]').getAttribute('data-outcome')).toBe('sent');
      expect(cloud.requests.filter(isLogin)).toHaveLength(1);
      expect(cloud.requests.filter(isInsert)).toHaveLength(1);
      // The document Soda Cloud got is the previewed one, byte for byte (no sample files to point at).
      const [document] = cloud.insertedDocuments();
      expect(document?.toString('utf8')).toBe(text);
      expect(
        createHash('sha256')
          .update(document ?? '')
          .digest('hex'),
      ).toBe(hash);
      await app.screenshot('payload-sent-soda-cloud-light');

      // The secret went in once and never came back out: not in an answer, not in the page, its storage or IndexedDB.
      const forms = canaryForms(API_KEY_SECRET);
      expect(app.requests.filter((request) => findCanary(forms, 'request', request).length > 0)).toHaveLength(
        1,
      );
      expect([
        ...app.crossings.flatMap((crossing, index) => findCanary(forms, `answer ${index}`, crossing)),
        ...findCanary(forms, 'page', await pageContents(app.page)),
      ]).toEqual([]);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'sets up a file export with a folder chosen in the picker, then exports the previewed bytes there',
    async () => {
      app.choosePaths('export-folder', [exportDir]);
      const settings = await goTo(app.page, 'Settings');
      const form = settings.getByRole('form', { name: 'File export' });
      await form.getByRole('button', { name: 'Choose folder…' }).click();
      await expect.poll(() => form.getByLabel('Export folder').inputValue()).toBe(exportDir);
      await form.getByRole('button', { name: 'Save file export' }).click();
      await seeText(settings.getByRole('form', { name: 'File export' }), 'Remove');
      await app.screenshot('settings-file-export-light');

      const { screen, hash, text } = await scanAndPreview();
      const result = await approveAndSend(screen, 'File export');
      expect(await result.textContent()).toContain(exportDir);
      const names = (await readdir(exportDir)).sort();
      expect(names).toHaveLength(2);
      const [payload, sidecar] = names as [string, string];
      expect(sidecar).toBe(`${payload}.sha256`);
      const bytes = await readFile(join(exportDir, payload));
      expect(bytes.toString('utf8')).toBe(text);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(hash);
      expect(await readFile(join(exportDir, sidecar), 'utf8')).toBe(`${hash}  ${payload}\n`);
      await app.screenshot('payload-exported-light');
      expect(app.problems).toEqual([]);
    },
  );
});
