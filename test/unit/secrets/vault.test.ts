/**
 * The encrypted vault: round trip, the errors a person can act on (wrong passphrase, tampered or truncated file —
 * left untouched), file modes, and concurrent writers (store instances in one process, and CLI processes) losing
 * nothing. Most tests use a low scrypt cost to stay fast; one checks the real default.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSecretStore } from '../../../src/secrets/open.js';
import { SecretStoreError } from '../../../src/secrets/store.js';
import { VaultStore } from '../../../src/secrets/vault.js';
import { DEFAULT_KDF } from '../../../src/secrets/vault-format.js';
import { CLI_PATH } from '../../support/cli.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASS = 'correct horse battery staple';
const WAREHOUSE = { dataSource: 'warehouse', field: 'password' };
const CLOUD = { dataSource: 'soda_cloud', field: 'api_key_secret' };

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-vault-'));
  path = join(dir, 'nested', 'secrets.vault');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function vault(passphrase = PASS, kdf = FAST): VaultStore {
  return new VaultStore({ path, passphrase: async () => passphrase, kdf });
}

async function expectStoreError(promise: Promise<unknown>, code: string, text: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  expect((error as SecretStoreError).code).toBe(code);
  expect((error as SecretStoreError).message).toContain(text);
}

/** Rewrites line `index` (0 header, 1 body) and, if asked, the checksum, as a careful forger would. */
async function edit(index: number, change: (line: string) => string, fixChecksum: boolean): Promise<void> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines[index] = change(lines[index] ?? '');
  if (fixChecksum) lines[2] = bytesToHex(sha256(utf8ToBytes(`${lines[0]}\n${lines[1]}`)));
  await writeFile(path, lines.join('\n'));
}

/** Replaces the character at `at` with another base64 character. */
const flipChar = (line: string, at: number): string =>
  line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);

describe('VaultStore', () => {
  it('round-trips secrets with the default scrypt cost, and a new store with the passphrase reads them', async () => {
    const store = vault(PASS, DEFAULT_KDF);
    await store.set(WAREHOUSE, 'pg-secret');
    await store.set(CLOUD, 'line one\nline two');
    expect(await store.get(WAREHOUSE)).toBe('pg-secret');

    const again = vault(PASS, FAST); // an existing vault keeps the cost in its header
    expect(await again.get(CLOUD)).toBe('line one\nline two');
    expect(await again.get({ dataSource: 'warehouse', field: 'token' })).toBeUndefined();
    expect(await again.list()).toEqual([CLOUD, WAREHOUSE]);
    expect(await again.delete(WAREHOUSE)).toBe(true);
    expect(await again.delete(WAREHOUSE)).toBe(false);
    expect(await vault().list()).toEqual([CLOUD]);

    const text = await readFile(path, 'utf8');
    const header = JSON.parse(text.split('\n')[0] ?? '');
    expect(header).toMatchObject({
      format: 'gatehouse-vault',
      version: 1,
      kdf: { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 },
      cipher: 'xchacha20-poly1305',
    });
    expect(Buffer.from(header.nonce, 'base64')).toHaveLength(24);
    expect(Buffer.from(header.kdf.salt, 'base64')).toHaveLength(16);
    expect(text).not.toContain('line one');
    expect(text).not.toContain('warehouse');
  });

  it('uses a fresh nonce for every write', async () => {
    const store = vault();
    await store.set(WAREHOUSE, 'same');
    const first = JSON.parse((await readFile(path, 'utf8')).split('\n')[0] ?? '').nonce;
    await store.set(WAREHOUSE, 'same');
    const second = JSON.parse((await readFile(path, 'utf8')).split('\n')[0] ?? '').nonce;
    expect(second).not.toBe(first);
  });

  it('creates the file 0600 in a new 0700 folder, and leaves no lock or temp file behind', async () => {
    await vault().set(WAREHOUSE, 'x');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'nested'))).toEqual(['secrets.vault']);
  });

  it('a wrong passphrase is "wrong-passphrase" and changes nothing', async () => {
    await vault().set(WAREHOUSE, 'x');
    const before = await readFile(path, 'utf8');
    await expectStoreError(vault('not it').get(WAREHOUSE), 'wrong-passphrase', 'passphrase does not open');
    await expectStoreError(vault('not it').set(CLOUD, 'y'), 'wrong-passphrase', 'passphrase does not open');
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('a flipped ciphertext byte is "tampered", and the file is left untouched', async () => {
    await vault().set(WAREHOUSE, 'x');
    await edit(1, (body) => flipChar(body, 5), false);
    const damaged = await readFile(path, 'utf8');
    await expectStoreError(vault().get(WAREHOUSE), 'tampered', 'modified or damaged');
    await expectStoreError(vault().set(CLOUD, 'y'), 'tampered', 'left untouched');
    expect(await readFile(path, 'utf8')).toBe(damaged);
  });

  it('a forged ciphertext with a matching checksum still fails authentication', async () => {
    await vault().set(WAREHOUSE, 'x');
    await edit(1, (body) => flipChar(body, 5), true);
    await expectStoreError(vault().get(WAREHOUSE), 'tampered', 'fail authentication');
  });

  it('a changed header is "tampered", even with a matching checksum (the header is the AEAD AAD)', async () => {
    await vault().set(WAREHOUSE, 'x');
    await edit(0, (header) => header.replace('"version":1', '"version":1 '), false);
    await expectStoreError(vault().get(WAREHOUSE), 'tampered', 'checksum');
    await expectStoreError(vault().set(CLOUD, 'y'), 'tampered', 'left untouched');
  });

  it('a forged header nonce with a recomputed checksum fails authentication', async () => {
    await vault().set(WAREHOUSE, 'x');
    await edit(
      0,
      (header) => {
        const parsed = JSON.parse(header);
        parsed.nonce = Buffer.alloc(24, 7).toString('base64');
        return JSON.stringify(parsed);
      },
      true,
    );
    await expectStoreError(vault().get(WAREHOUSE), 'tampered', 'fail authentication');
  });

  it('a truncated or empty file is "tampered"', async () => {
    await vault().set(WAREHOUSE, 'x');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, Math.floor(text.length / 2)));
    await expectStoreError(vault().get(WAREHOUSE), 'tampered', 'modified or damaged');
    await writeFile(path, text.slice(0, -1 - 64)); // the checksum line cut off
    await expectStoreError(vault().list(), 'tampered', 'three lines');
    await writeFile(path, '');
    await expectStoreError(vault().list(), 'tampered', 'modified or damaged');
  });

  it('refuses an empty passphrase', async () => {
    await expectStoreError(vault('').set(WAREHOUSE, 'x'), 'invalid', 'passphrase is empty');
  });

  it('parallel writers through separate stores all keep their secret', async () => {
    await vault().set(WAREHOUSE, 'first'); // the vault exists: every writer reads, then merges under the lock
    const refs = Array.from({ length: 8 }, (_, i) => ({ dataSource: `source_${i}`, field: 'password' }));
    await Promise.all(refs.map((ref, i) => vault().set(ref, `value-${i}`)));
    const store = vault();
    expect(await store.list()).toHaveLength(9);
    for (const [i, ref] of refs.entries()) expect(await store.get(ref)).toBe(`value-${i}`);
  });

  it('parallel CLI processes creating the vault at once lose nothing', async () => {
    const workspace = join(dir, 'workspace');
    const env = {
      ...process.env,
      GATEHOUSE_HOME: workspace,
      GATEHOUSE_VAULT_PASSPHRASE: PASS,
      NO_COLOR: '1',
    };
    const set = (i: number) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [CLI_PATH, 'secrets', 'set', `source_${i}`, 'password', '--stdin', '--backend', 'vault'],
          { env, stdio: ['pipe', 'ignore', 'inherit'] },
        );
        child.on('error', reject);
        child.on('close', resolve);
        child.stdin.end(`value-${i}`);
      });
    const codes = await Promise.all([0, 1, 2, 3, 4, 5].map(set));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    const store = await openSecretStore({ backend: 'vault', workspace, env });
    for (const i of [0, 1, 2, 3, 4, 5]) {
      expect(await store.get({ dataSource: `source_${i}`, field: 'password' })).toBe(`value-${i}`);
    }
  }, 30_000);

  it('breaks a lock left by a process that is gone', async () => {
    await vault().set(WAREHOUSE, 'x');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(`${path}.lock`, JSON.stringify({ pid: gone, host: hostname(), token: 'stale' }));
    await vault().set(CLOUD, 'y');
    expect(await vault().get(CLOUD)).toBe('y');
  });

  it('with no passphrase anywhere, says how to give one', async () => {
    const store = await openSecretStore({ backend: 'vault', workspace: dir, env: {} });
    await expectStoreError(store.set(WAREHOUSE, 'x'), 'unavailable', 'GATEHOUSE_VAULT_PASSPHRASE');
    // Nothing to open yet and the folder can be made: the passphrase is asked for on the first write.
    expect((await store.status()).available).toBe(true);
  });
});
