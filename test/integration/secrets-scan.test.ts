/**
 * Passwords out of configuration.yml, against a password-protected private cluster and a real secret store:
 * a scan whose configuration has no password reads it from the store; a store that cannot be read is a warning
 * and a login error that says what to do; a plaintext password gets a loud warning, and `gatehouse secrets
 * import` moves it into the store, leaving the file otherwise byte for byte as it was, and a 0600 backup.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import {
  cliStep,
  missingKeyringPrerequisites,
  runKeyringSession,
  secretToolStep,
} from '../support/keyring-session.js';
import { itWhen } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';
import { type TestSecretBackend, vaultBackend } from '../support/secret-backend-env.js';

const APP = { name: 'analyst', password: 'Stored-Horse-5521' };
const REF = { dataSource: 'private', field: 'password' };
const gate = await clusterPrerequisiteGate();
const keyringMissing = await missingKeyringPrerequisites();
const withKeyring = itWhen(keyringMissing === undefined, keyringMissing ?? '');

describeWithCluster(`passwords from the secret store`, gate, () => {
  let cluster: PrivateCluster;
  let dir: string;
  let checks: string;

  /** The data source block; `passwordLine` goes where Soda users put it, after the username. */
  const configText = (passwordLine = '') =>
    `# private cluster for the secrets tests\ndata_source private:\n  type: postgres\n  host: ${cluster.host}\n  port: ${cluster.port}\n  username: ${APP.name}\n${passwordLine}  database: postgres   # the default database\n\n  schema: public\n  sslmode: disable\n`;

  async function newCase(name: string, passwordLine = '') {
    const caseDir = join(dir, name);
    const home = join(caseDir, 'home');
    await mkdir(home, { recursive: true });
    const config = join(caseDir, 'configuration.yml');
    await writeFile(config, configText(passwordLine));
    return { config, home, backend: vaultBackend(home) };
  }

  const scan = (config: string, backend: TestSecretBackend, extraEnv: NodeJS.ProcessEnv = {}) =>
    runCli(['scan', '-d', 'private', '-c', config, checks], { env: { ...backend.env, ...extraEnv } });

  beforeAll(async () => {
    cluster = await startPrivateCluster({
      users: [APP],
      hba: [`host all ${APP.name} 127.0.0.1/32 scram-sha-256`],
    });
    await cluster.adminQuery(`CREATE TABLE public.events AS SELECT g AS id FROM generate_series(1, 5) g`);
    await cluster.adminQuery(`GRANT SELECT ON public.events TO ${APP.name}`);
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-secrets-scan-'));
    checks = join(dir, 'checks.yml');
    await writeFile(checks, 'checks for events:\n  - row_count = 5\n');
  });

  afterAll(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a configuration without a password: the scan reads it from the store', async () => {
    const { config, backend } = await newCase('from-store');
    await backend.set(REF, APP.password);
    const run = await scan(config, backend);
    expect(run.stderr).not.toMatch(/could not be read|plain text/);
    expect(run.stdout).toMatch(/PASS\s+row_count = 5\s+5/);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(APP.password);
  });

  it('the store holds no password: the login error says how to store one', async () => {
    const { config, backend } = await newCase('none-stored');
    await backend.set({ dataSource: 'other', field: 'password' }, 'not-this-one');
    const run = await scan(config, backend);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /No password for private in the configuration or in the encrypted vault: store it with/,
    );
    expect(run.stdout).toContain('`gatehouse secrets set private password`');
  });

  it('a vault that cannot be opened: a warning says why, the scan tries without, the error says what to do', async () => {
    const { config, home } = await newCase('wrong-passphrase');
    await vaultBackend(home).set(REF, APP.password);
    const run = await scan(config, vaultBackend(home, 'not the passphrase'));
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /The encrypted vault could not be read, so data source private connects without/,
    );
    expect(run.stdout).toMatch(/fix it, or store the password with `gatehouse secrets set private password`/);
    expect(run.stdout + run.stderr).not.toContain(APP.password);
  });

  it('a keychain that cannot be reached (no session bus) is said to be unreadable, never "no password"', async () => {
    const { config, backend } = await newCase('no-keychain');
    const run = await scan(config, backend, {
      GATEHOUSE_SECRET_BACKEND: 'keychain',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/gatehouse-test-bus',
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /The keychain could not be read, so data source private connects without a stored/,
    );
    expect(run.stdout).toMatch(/The keychain could not be read \(.+\): fix it, or store the password with/);
    expect(run.stdout).not.toMatch(/holds none/);
  });

  it('a plaintext password works, with a loud warning naming its place and the command that moves it', async () => {
    const { config, backend } = await newCase('plaintext', `  password: ${APP.password}   # to move\n`);
    const run = await scan(config, backend);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `!!! WARNING: password of data source private is stored in plain text in ${config}:7:13 — move it into the keychain with: gatehouse secrets import -c ${config}`,
    );
    expect(run.stdout).toMatch(/PASS\s+row_count = 5/);
    expect(run.stdout + run.stderr).not.toContain(APP.password);
  });

  it('secrets import moves the password into the store, keeps the rest of the file, and the scan then works', async () => {
    const passwordLine = `  password: "${APP.password}"   # to move\n`;
    const { config, home, backend } = await newCase('import', passwordLine);
    const before = await readFile(config, 'utf8');

    const dry = await runCli(['secrets', 'import', '-c', config, '--dry-run'], { env: backend.env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Would move 1 secret from .* into the encrypted vault:\n {2}private password/);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect(await (await backend.open()).get(REF)).toBeUndefined();

    const run = await runCli(['secrets', 'import', '-c', config], { env: backend.env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Moved 1 secret from .* into the encrypted vault:\n {2}private password {2}\(.*:7:13\)/,
    );
    expect(run.stdout).toMatch(
      /It still holds the secrets in plain text: check the new configuration, then delete/,
    );
    expect(run.stdout + run.stderr).not.toContain(APP.password);

    expect(await readFile(config, 'utf8')).toBe(before.replace(passwordLine, ''));
    expect(await (await backend.open()).get(REF)).toBe(APP.password);
    const backups = (await readdir(join(home, '..'))).filter((name) =>
      name.startsWith('configuration.yml.bak-'),
    );
    expect(backups).toHaveLength(1);
    const backup = join(home, '..', backups[0] as string);
    expect(run.stdout).toContain(`  rm ${backup}\n`);
    expect(await readFile(backup, 'utf8')).toBe(before);
    expect((await stat(backup)).mode & 0o777).toBe(0o600);

    const after = await scan(config, backend);
    expect(after.code).toBe(0);
    expect(after.stderr).not.toMatch(/plain text/);
    expect(after.stdout).toMatch(/PASS\s+row_count = 5/);

    const again = await runCli(['secrets', 'import', '-c', config], { env: backend.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No secrets in plain text in .*: nothing to move/);
  });

  withKeyring(
    'the OS keychain: import moves the password into it, and the scan reads it from there',
    async () => {
      const passwordLine = `  password: ${APP.password}\n`;
      const { config, home } = await newCase('keychain', passwordLine);
      const before = await readFile(config, 'utf8');
      const session = await runKeyringSession(
        [
          cliStep(['secrets', 'import', '-c', config, '--workspace', home]),
          secretToolStep(['lookup', 'service', 'gatehouse', 'username', 'private:password']),
          cliStep(['scan', '-d', 'private', '-c', config, '--workspace', home, checks]),
        ],
        { keyring: 'unlocked' },
      );
      const [imported, lookup, scanned] = session.steps;
      expect(imported?.code, `${imported?.stderr}\n${session.log}`).toBe(0);
      expect(imported?.stdout).toMatch(/Moved 1 secret from .* into the keychain:/);
      expect(lookup?.stdout).toBe(APP.password);
      expect(await readFile(config, 'utf8')).toBe(before.replace(passwordLine, ''));
      expect(scanned?.code, scanned?.stdout).toBe(0);
      expect(scanned?.stdout).toMatch(/PASS\s+row_count = 5/);
      expect(`${imported?.stdout}${imported?.stderr}${scanned?.stdout}${scanned?.stderr}`).not.toContain(
        APP.password,
      );
    },
  );

  it('an import the store refuses exits 3 and leaves the file as it was, with no backup', async () => {
    const { config, backend } = await newCase('read-only', `  password: ${APP.password}\n`);
    const before = await readFile(config, 'utf8');
    const run = await runCli(['secrets', 'import', '-c', config, '--backend', 'env'], { env: backend.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/was not changed/);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect((await readdir(join(config, '..'))).filter((name) => name.includes('.bak-'))).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(APP.password);
  });
});
