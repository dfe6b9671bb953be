/**
 * The remembered workspace: none or an unreadable file means the default (the CLI's workspace); a choice is
 * written atomically, privately, and read back on the next start.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readWorkspaceChoice, settingsPath, writeWorkspaceChoice } from '../../../electron/app-settings.js';

let userData: string;
beforeEach(async () => {
  userData = join(await mkdtemp(join(tmpdir(), 'gatehouse-user-data-')), 'Gatehouse');
});
afterEach(() => rm(join(userData, '..'), { recursive: true, force: true }));

it('falls back to the default without a settings file, or with a broken one', async () => {
  expect(await readWorkspaceChoice(userData, '/default')).toBe('/default');
  await writeWorkspaceChoice(userData, '/chosen');
  await writeFile(settingsPath(userData), '{"workspace": 42');
  expect(await readWorkspaceChoice(userData, '/default')).toBe('/default');
  await writeFile(settingsPath(userData), '{"workspace": 42}');
  expect(await readWorkspaceChoice(userData, '/default')).toBe('/default');
});

it('remembers a choice, in a file only the user can read', async () => {
  await writeWorkspaceChoice(userData, '/work/projects/sales');
  expect(await readWorkspaceChoice(userData, '/default')).toBe('/work/projects/sales');
  expect((await stat(settingsPath(userData))).mode & 0o777).toBe(0o600);
  expect((await stat(userData)).mode & 0o777).toBe(0o700);
});
