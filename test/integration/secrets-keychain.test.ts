/**
 * `gatehouse secrets` against a real Secret Service (gnome-keyring in a private D-Bus session): what `secret-tool`
 * finds is what really landed in the keychain. Also: no session bus and a locked keyring are clear errors (exit
 * 3, naming the fix) and never a silent fallback to a file.
 */

import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  cliStep,
  isolatedEnv,
  missingKeyringPrerequisites,
  runCliWith,
  runKeyringSession,
  secretToolStep,
  workspaceListingStep,
} from '../support/keyring-session.js';
import { itWhen } from '../support/prerequisites.js';

const missing = await missingKeyringPrerequisites();
const withKeyring = itWhen(missing === undefined, missing ?? '');
const onLinux = itWhen(process.platform === 'linux', 'the D-Bus tests run on Linux only');

const PASSWORD = 'correct horse battery staple';

describe('gatehouse secrets with the OS keychain (Secret Service)', () => {
  withKeyring('stores, lists, reads back and deletes a secret in the real keyring', async () => {
    const session = await runKeyringSession(
      [
        cliStep(['secrets', 'status']),
        cliStep(['secrets', 'set', 'warehouse', 'password', '--stdin'], `${PASSWORD}\n`),
        cliStep(['secrets', 'set', 'soda_cloud', 'api_key_secret', '--stdin'], 'k-123'),
        cliStep(['secrets', 'list', '--json']),
        cliStep(['secrets', 'list']),
        secretToolStep(['lookup', 'service', 'gatehouse', 'username', 'warehouse:password']),
        secretToolStep(['search', '--all', 'service', 'gatehouse']),
        cliStep(['secrets', 'delete', 'warehouse', 'password']),
        cliStep(['secrets', 'delete', 'warehouse', 'password']),
        secretToolStep(['search', '--all', 'service', 'gatehouse']),
        workspaceListingStep(),
      ],
      { keyring: 'unlocked' },
    );
    const [status, set, setCloud, listJson, list, lookup, search, del, delAgain, searchAfter, workspace] =
      session.steps;
    const context = `session log:\n${session.log}`;

    expect(status?.code, context).toBe(0);
    expect(status?.stdout).toContain('Secret Service (GNOME Keyring / KWallet)');
    expect(status?.stdout).toContain('Status: works');
    expect(set?.code, set?.stderr).toBe(0);
    expect(set?.stdout).toContain('Stored warehouse:password in the Secret Service');
    expect(setCloud?.code, setCloud?.stderr).toBe(0);

    expect(JSON.parse(listJson?.stdout ?? '')).toEqual({
      backend: { kind: 'keychain', description: 'Secret Service (GNOME Keyring / KWallet)' },
      secrets: [
        { dataSource: 'soda_cloud', field: 'api_key_secret' },
        { dataSource: 'warehouse', field: 'password' },
      ],
    });
    expect(list?.stdout).toMatch(/warehouse\s+password/);

    // The value landed as typed, minus the newline --stdin drops, under service + username attributes.
    expect(lookup?.stdout).toBe(PASSWORD);
    const found = `${search?.stdout}${search?.stderr}`;
    expect(found).toContain('attribute.service = gatehouse');
    expect(found).toContain('attribute.username = warehouse:password');
    expect(found).toContain('attribute.username = soda_cloud:api_key_secret');
    expect(found, 'the status probe cleans up after itself').not.toContain('.probe:');

    expect(del?.stdout).toContain('Deleted warehouse:password');
    expect(delAgain?.code).toBe(0);
    expect(delAgain?.stdout).toContain('nothing to delete');
    const after = `${searchAfter?.stdout}${searchAfter?.stderr}`;
    expect(after).not.toContain('warehouse:password');
    expect(after).toContain('soda_cloud:api_key_secret');

    // Nothing was written to disk by Gatehouse, and no command printed the value.
    expect(workspace?.stdout.trim()).toBe('');
    for (const step of [status, set, setCloud, listJson, list, del, delAgain]) {
      expect(`${step?.stdout}${step?.stderr}`).not.toContain(PASSWORD);
      expect(`${step?.stdout}${step?.stderr}`).not.toContain('k-123');
    }
  });

  withKeyring(
    'a locked keyring is a clear "locked" error, exit 3, and nothing is stored elsewhere',
    async () => {
      const session = await runKeyringSession(
        [
          cliStep(['secrets', 'set', 'warehouse', 'password', '--stdin'], PASSWORD),
          cliStep(['secrets', 'status']),
          cliStep(['secrets', 'list']),
          workspaceListingStep(),
        ],
        { keyring: 'locked' },
      );
      const [set, status, list, workspace] = session.steps;
      const context = `session log:\n${session.log}`;
      expect(set?.code, context).toBe(3);
      expect(set?.stderr).toContain('is locked');
      expect(set?.stderr).toContain('Unlock your keyring');
      expect(status?.code).toBe(3);
      expect(status?.stdout).toContain('Status: not usable');
      expect(status?.stdout).toContain('Unlock your keyring');
      // A locked collection hides its items: list must not answer "no secrets" for "could not look".
      expect(list?.code).toBe(3);
      expect(list?.stdout).not.toContain('No secrets');
      expect(workspace?.stdout.trim()).toBe('');
    },
  );

  onLinux('with no session bus every command fails naming the fix, and never falls back', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gatehouse-nobus-'));
    try {
      await mkdir(join(home, 'run'), { mode: 0o700 });
      const env = isolatedEnv(home);
      const runs = {
        set: await runCliWith(['secrets', 'set', 'warehouse', 'password', '--stdin'], env, PASSWORD),
        status: await runCliWith(['secrets', 'status'], env),
        list: await runCliWith(['secrets', 'list'], env),
      };
      for (const [name, run] of Object.entries(runs)) {
        const output = `${run.stdout}${run.stderr}`;
        expect(run.code, `${name}: ${output}`).toBe(3);
        expect(output).toContain('cannot be reached');
        expect(output).toContain('dbus-run-session + gnome-keyring-daemon --unlock');
        expect(output).toContain('GATEHOUSE_SECRET_BACKEND=vault');
        expect(output).not.toContain(PASSWORD);
      }
      expect(runs.list.stdout).not.toContain('No secrets');
      // No vault, no file of any kind: the workspace was not even created.
      expect(await readdir(home)).toEqual(['run']);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
