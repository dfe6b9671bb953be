/**
 * Data sources in the browser, on the real engine and keychain: add a PostgreSQL data source with its password,
 * see where the password went, and prove (the canary) that the secret never comes back to the renderer — not in
 * the DOM, not in its storage, not in any answer or event that crossed the API binding.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { KeychainStore } from '../../src/secrets/keychain.js';
import { canaryForms, findCanary, newCanary } from '../support/canary.js';
import { type E2eSession, missingBrowserPrerequisites, startE2eSession } from '../support/e2e-session.js';
import { goTo, pageContents, seeText } from '../support/page-helpers.js';
import { PG } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const missing = await missingBrowserPrerequisites();

describe('data sources in the browser', () => {
  let session: E2eSession;

  beforeAll(async () => {
    if (!missing) session = await startE2eSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  itWhen(!missing, missing ?? '')(
    'adds a PostgreSQL data source, stores its password in the keychain, and never shows it again',
    async () => {
      const canary = newCanary();
      const app = await session.open('light');
      const { page } = app;
      const screen = await goTo(page, 'Data sources');
      await seeText(screen, /Secrets are kept in/);
      await app.screenshot('data-sources-empty-light');

      await screen.getByRole('button', { name: 'Add PostgreSQL' }).click();
      const form = screen.getByRole('form', { name: 'Add PostgreSQL data source' });
      await form.getByLabel(/^Name/).fill('warehouse');
      await form.getByLabel(/^Host/).fill(PG.host);
      await form.getByLabel('Port', { exact: true }).fill(String(PG.port));
      await form.getByLabel(/^Database/).fill(PG.database);
      await form.getByLabel(/^User name/).fill(PG.user);
      await form.getByLabel('TLS (sslmode)').selectOption('disable');
      await form.getByLabel('Password').fill(canary);
      await app.screenshot('data-sources-form-light');
      await form.getByRole('button', { name: 'Save' }).click();

      const saved = await seeText(screen, /Saved data source warehouse\./);
      expect(await saved.textContent()).toMatch(/Its password is now in Secret Service/);
      const row = screen.locator('[data-data-source="warehouse"]');
      await seeText(row, 'password: stored');
      await app.screenshot('data-sources-light');

      // It is in the keychain (the private Secret Service this process talks to), and not in the file.
      expect(await new KeychainStore().get({ dataSource: 'warehouse', field: 'password' })).toBe(canary);
      const config = await readFile(join(session.workspace, 'configuration.yml'), 'utf8');
      expect(config).toContain('data_source warehouse:');
      expect(config).not.toContain(canary);

      // Editing shows "stored" and an empty, write-only field.
      await row.getByRole('button', { name: 'Edit' }).click();
      const edit = screen.getByRole('form', { name: 'Edit PostgreSQL data source' });
      await seeText(edit, /Stored in Secret Service/);
      expect(await edit.getByLabel('Password').inputValue()).toBe('');
      await app.screenshot('data-sources-edit-light');

      // The canary went in through the binding exactly once…
      const forms = canaryForms(canary);
      expect(app.requests.filter((request) => findCanary(forms, 'request', request).length > 0)).toHaveLength(
        1,
      );
      // …and nothing the engine sent back, nothing the page holds, carries it in any encoding.
      const hits = [
        ...app.crossings.flatMap((crossing, index) => findCanary(forms, `answer ${index}`, crossing)),
        ...findCanary(forms, 'page', await pageContents(app.page)),
      ];
      expect(hits).toEqual([]);
      // (It looked: the save's answer is among them.)
      expect(app.crossings.some((crossing) => crossing.includes('"storedSecrets":["password"]'))).toBe(true);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'offers every Snowflake sign-in with its own secrets, and stores a token',
    async () => {
      const token = newCanary();
      const app = await session.open('light');
      const screen = await goTo(app.page, 'Data sources');
      await screen.getByRole('button', { name: 'Add Snowflake' }).click();
      const form = screen.getByRole('form', { name: 'Add Snowflake data source' });
      const signIn = form.getByLabel('Sign-in');
      const secretFields = async () =>
        form
          .locator('[data-secret-field]')
          .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-secret-field')));
      const expected: Record<string, string[]> = {
        externalbrowser: [],
        snowflake_jwt: ['private_key', 'private_key_passphrase'],
        programmatic_access_token: ['token'],
        oauth: ['token'],
        snowflake: ['password'],
      };
      // The sign-in modes come from the engine (the secret fields each uses): wait until they are in.
      const modes = () =>
        signIn
          .locator('option')
          .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).sort());
      await expect.poll(modes).toEqual(Object.keys(expected).sort());
      for (const [mode, fields] of Object.entries(expected)) {
        await signIn.selectOption(mode);
        expect(await secretFields()).toEqual(fields);
      }
      await signIn.selectOption('snowflake_jwt');
      await app.screenshot('data-sources-snowflake-key-pair-light');

      await signIn.selectOption('programmatic_access_token');
      await form.getByLabel(/^Name/).fill('cloud_dw');
      await form.getByLabel(/^Account/).fill('myorg-myaccount');
      await form.getByLabel(/^User name/).fill('ANALYST');
      await form.getByLabel('Programmatic access token').fill(token);
      await form.getByRole('button', { name: 'Save' }).click();
      await seeText(screen, /Saved data source cloud_dw\. Its token is now in/);
      await seeText(screen.locator('[data-data-source="cloud_dw"]'), 'token: stored');
      expect(await new KeychainStore().get({ dataSource: 'cloud_dw', field: 'token' })).toBe(token);
      const forms = canaryForms(token);
      expect(app.crossings.flatMap((crossing) => findCanary(forms, 'answer', crossing))).toEqual([]);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'checks a Snowflake key pair on save: a path is refused, a key and its passphrase show the fingerprint',
    async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: {
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'open sesame',
        },
        publicKeyEncoding: { type: 'spki', format: 'der' },
      });
      const fingerprint = `SHA256:${createHash('sha256').update(publicKey).digest('base64')}`;
      const app = await session.open('light');
      const screen = await goTo(app.page, 'Data sources');
      await screen.getByRole('button', { name: 'Add Snowflake' }).click();
      const form = screen.getByRole('form', { name: 'Add Snowflake data source' });
      await form.getByLabel(/^Name/).fill('keyed_dw');
      await form.getByLabel(/^Account/).fill('myorg-myaccount');
      await form.getByLabel(/^User name/).fill('SCANNER');
      await form.getByLabel('Sign-in').selectOption('snowflake_jwt');
      await form.getByLabel('Private key (PEM)').fill('/home/me/rsa_key.p8');
      await form.getByRole('button', { name: 'Save' }).click();
      await seeText(form, /not a PEM private key/);
      await seeText(form, /Paste the whole contents of the \.p8 file/);
      expect(await new KeychainStore().get({ dataSource: 'keyed_dw', field: 'private_key' })).toBeUndefined();

      await form.getByLabel('Private key (PEM)').fill(privateKey);
      await form.getByLabel('Private key passphrase').fill('open sesame');
      await form.getByRole('button', { name: 'Save' }).click();
      const saved = await seeText(screen, /Saved data source keyed_dw\./);
      expect(await saved.textContent()).toContain(`Public key fingerprint: ${fingerprint}`);
      expect(await new KeychainStore().get({ dataSource: 'keyed_dw', field: 'private_key' })).toBe(
        privateKey,
      );
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'renames a data source: its password moves to the new name, and the other screens keep it chosen',
    async () => {
      const password = newCanary();
      const app = await session.open('light');
      const screen = await goTo(app.page, 'Data sources');
      for (const name of ['aa_first', 'zz_renamed_from']) {
        await screen.getByRole('button', { name: 'Add PostgreSQL' }).click();
        const form = screen.getByRole('form', { name: 'Add PostgreSQL data source' });
        await form.getByLabel(/^Name/).fill(name);
        await form.getByLabel(/^Host/).fill(PG.host);
        await form.getByLabel(/^Database/).fill(PG.database);
        await form.getByLabel(/^User name/).fill(PG.user);
        await form.getByLabel('Password').fill(password);
        await form.getByRole('button', { name: 'Save' }).click();
        await seeText(screen, `Saved data source ${name}.`);
      }
      await screen
        .locator('[data-data-source="zz_renamed_from"]')
        .getByRole('button', { name: /^Test/ })
        .click();
      const connection = await goTo(app.page, 'Connection test');
      expect(await connection.getByLabel('Data source').inputValue()).toBe('zz_renamed_from');

      const again = await goTo(app.page, 'Data sources');
      await again
        .locator('[data-data-source="zz_renamed_from"]')
        .getByRole('button', { name: 'Edit' })
        .click();
      const edit = again.getByRole('form', { name: 'Edit PostgreSQL data source' });
      await edit.getByLabel(/^Name/).fill('zz_renamed_to');
      await edit.getByRole('button', { name: 'Save' }).click();
      await seeText(again.locator('[data-data-source="zz_renamed_to"]'), 'password: stored');
      const keychain = new KeychainStore();
      expect(await keychain.get({ dataSource: 'zz_renamed_to', field: 'password' })).toBe(password);
      expect(await keychain.get({ dataSource: 'zz_renamed_from', field: 'password' })).toBeUndefined();

      const back = await goTo(app.page, 'Connection test');
      await expect.poll(() => back.getByLabel('Data source').inputValue()).toBe('zz_renamed_to');
      const scan = await goTo(app.page, 'Scan');
      await expect.poll(() => scan.getByLabel('Data source').inputValue()).toBe('zz_renamed_to');
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'imports a configuration.yml, moving its plain-text password into the keychain',
    async () => {
      const password = newCanary();
      const file = join(session.root, 'legacy-configuration.yml');
      await writeFile(
        file,
        [
          'data_source legacy:',
          '  type: postgres',
          `  host: ${PG.host}`,
          `  port: ${PG.port}`,
          `  username: ${PG.user}`,
          `  password: ${password}`,
          `  database: ${PG.database}`,
          '',
        ].join('\n'),
      );
      const app = await session.open('light');
      app.choosePaths('configuration', [file]);
      const screen = await goTo(app.page, 'Data sources');
      await screen.getByRole('button', { name: 'Import configuration.yml…' }).click();
      await seeText(screen, 'Imported: legacy.');
      await seeText(screen, /Moved out of the file into Secret Service .*: legacy password\./);
      await seeText(screen, /still holds 1 secret in plain text/);
      // What happened is said in the screen's body, below the header: the header's buttons stay on one line.
      const header = screen.locator('header.screen-header');
      expect(await header.getByTestId('import-result').count()).toBe(0);
      const tops = await header
        .getByRole('button')
        .evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top)));
      expect(new Set(tops).size).toBe(1);
      await seeText(screen.locator('[data-data-source="legacy"]'), 'password: stored');
      expect(await new KeychainStore().get({ dataSource: 'legacy', field: 'password' })).toBe(password);
      expect(await readFile(join(session.workspace, 'configuration.yml'), 'utf8')).not.toContain(password);
      await app.screenshot('data-sources-imported-light');
      const forms = canaryForms(password);
      expect(app.crossings.flatMap((crossing) => findCanary(forms, 'answer', crossing))).toEqual([]);
      expect(findCanary(forms, 'page', await pageContents(app.page))).toEqual([]);
      expect(app.problems).toEqual([]);
    },
  );

  itWhen(!missing, missing ?? '')(
    'reads the same in the dark theme, with the toggle overriding the system',
    async () => {
      const app = await session.open('dark');
      const { page } = app;
      await goTo(page, 'Data sources');
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const dark = await background();
      await app.screenshot('data-sources-dark');
      // The three choices stand one a line in the sidebar, lined up (not two on a line and one alone).
      const lefts = await page
        .getByRole('group', { name: 'Theme' })
        .getByRole('radio')
        .evaluateAll((radios) => radios.map((radio) => Math.round(radio.getBoundingClientRect().left)));
      expect(lefts).toHaveLength(3);
      expect(new Set(lefts).size).toBe(1);
      await page.getByRole('radio', { name: 'Light' }).check();
      const light = await background();
      expect(dark).not.toBe(light);
      // The choice is kept (a display preference, the one thing in localStorage).
      await page.reload();
      await goTo(page, 'Data sources');
      expect(await background()).toBe(light);
      await page.getByRole('radio', { name: 'System' }).check();
      expect(await background()).toBe(dark);
      expect(app.problems).toEqual([]);
    },
  );
});
