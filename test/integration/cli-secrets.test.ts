/**
 * `gatehouse secrets set` with a mistyped data source or field: the mistake is named before the value is asked
 * for, so nobody types a secret (twice) into a prompt only to be told the field does not exist.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { vaultBackend } from '../support/secret-backend-env.js';

let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'gatehouse-cli-secrets-'));
  env = vaultBackend(home).env;
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('gatehouse secrets set and list', () => {
  it('names a mistyped field or data source before asking for the value', async () => {
    // No --stdin and no terminal: before the names were checked first, this said "No terminal to type the
    // secret in" and suggested the same mistyped command with --stdin.
    const field = await runCli(['secrets', 'set', 'warehouse', 'pasword'], { env });
    expect(field.code).toBe(3);
    expect(field.stderr).toBe(
      'gatehouse: "pasword" is not a secret field of a data source. Use one of: password, private_key, private_key_passphrase, token, oauth_client_secret.\n',
    );
    const name = await runCli(['secrets', 'set', 'Ware-house', 'password'], { env });
    expect(name.code).toBe(3);
    expect(name.stderr).toContain('"Ware-house" is not a data source name.');
    expect(name.stderr).not.toContain('No terminal');
    // Nothing was opened or created for a request that could not be right.
    expect(await readdir(home)).toEqual([]);
  });

  it('with correct names and no terminal, says to pipe the value in with --stdin', async () => {
    const run = await runCli(['secrets', 'set', 'warehouse', 'password'], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('No terminal to type the secret in.');
    expect(run.stderr).toContain('gatehouse secrets set warehouse password --stdin');
  });

  it('list counts in words: 1 secret, 2 secrets', async () => {
    const store = vaultBackend(home);
    await store.set({ dataSource: 'warehouse', field: 'password' }, 'pw-1');
    expect((await runCli(['secrets', 'list'], { env })).stdout).toMatch(
      /\n1 secret in the encrypted vault at /,
    );
    await store.set({ dataSource: 'warehouse', field: 'token' }, 'tok-1');
    expect((await runCli(['secrets', 'list'], { env })).stdout).toMatch(
      /\n2 secrets in the encrypted vault at /,
    );
  });
});
