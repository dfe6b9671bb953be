/**
 * preview → approve → upload → ledger through the built CLI, against a real receiver on 127.0.0.1, with the
 * secrets in an encrypted vault. Crashes are real: GATEHOUSE_CRASH_AT makes the CLI SIGKILL itself between two
 * durable steps, and the next run must deliver every approved payload with exactly one ledger entry each.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerPath, readLedger } from '../../src/outbox/ledger.js';
import { itemPath, listItems } from '../../src/outbox/store.js';
import { openSecretStore } from '../../src/secrets/open.js';
import { saveScan } from '../../src/workspace/save.js';
import { CLI_PATH, runCli, runCliBytes } from '../support/cli.js';
import { isInsert, Receiver } from '../support/receiver.js';
import { vaultBackend } from '../support/secret-backend-env.js';
import { fixtureResult } from '../unit/payload/fixture.js';

let receiver: Receiver;
let workspace: string;
let env: NodeJS.ProcessEnv;
let config: string;

beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(() => receiver.close());

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-cli-outbox-'));
  const secrets = vaultBackend(workspace, 'outbox test passphrase 51e2');
  env = { ...secrets.env, HTTPS_PROXY: '', HTTP_PROXY: '' };
  await secrets.set({ dataSource: 'soda_cloud', field: 'api_key_secret' }, 'key-secret');
  config = join(workspace, 'configuration.yml');
  await writeFile(
    config,
    `soda_cloud:\n  host: 127.0.0.1\n  port: ${receiver.port}\n  scheme: http\n  api_key_id: key-id\n`,
  );
  receiver.requests.length = 0;
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runCli([...args, '--workspace', workspace], { env: { ...env, ...extra } });

/** The raw previewed bytes and the SHA-256 the preview printed. */
async function preview(scan: string, configPath = config): Promise<{ bytes: Buffer; sha256: string }> {
  const run = await runCliBytes(
    ['preview', scan, '--workspace', workspace, '-c', configPath, '--format', 'raw'],
    {
      env,
    },
  );
  expect(run.code).toBe(0);
  const sha256 = /SHA-256: ([0-9a-f]{64})/.exec(run.stderr)?.[1] ?? '';
  return { bytes: run.stdout, sha256 };
}

async function savedScans(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    // Distinct timestamps: identical documents would be the same bytes, hence one outbox item.
    const at = `2026-11-29T12:00:0${i}+00:00`;
    ids.push(await saveScan(workspace, { ...fixtureResult(), dataTimestamp: at, scanStartTimestamp: at }));
  }
  return ids;
}

async function approveAll(ids: string[]): Promise<string[]> {
  const hashes: string[] = [];
  for (const id of ids) {
    const { sha256 } = await preview(id);
    const run = await cli(['approve', id, '--sha256', sha256, '-c', config, '--approver', 'pat']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    hashes.push(sha256);
  }
  return hashes;
}

describe('gatehouse approve, upload, outbox, ledger', () => {
  it('sends exactly the previewed bytes to Soda Cloud and records it in a verifiable ledger', async () => {
    const [id = ''] = await savedScans(1);
    const { bytes, sha256 } = await preview(id);
    const approve = await cli(['approve', 'latest', '--sha256', sha256, '-c', config]);
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain(`sha256       ${sha256}`);
    expect(approve.stdout).toContain(`soda_cloud http://127.0.0.1:${receiver.port}/api/command`);
    expect((await cli(['outbox'])).stdout).toMatch(/^queued /);

    const upload = await cli(['upload', '-c', config]);
    expect(upload.stderr).toBe('');
    expect(upload.code).toBe(0);
    expect(upload.stdout).toMatch(/^sent .*\(HTTP 200\)/);
    const [document] = receiver.insertedDocuments();
    expect(document?.equals(bytes)).toBe(true);

    const ledger = JSON.parse((await cli(['ledger', '--json'])).stdout);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ sha256, size: bytes.length, scanId: id });
    const verify = await cli(['ledger', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('1 entry, chain verified');
    expect((await cli(['outbox', '--json'])).stdout).toContain('"status": "sent"');

    const exported = join(workspace, 'export.jsonl');
    expect((await cli(['ledger', '--export', exported])).code).toBe(0);
    expect(await readFile(exported, 'utf8')).toBe(await readFile(ledgerPath(workspace), 'utf8'));
    expect((await cli(['ledger', 'verify', '--file', exported])).code).toBe(0);
  });

  it('webhook and file export: the same previewed bytes, signed for the webhook, with a sidecar for the file', async () => {
    await writeFile(config, `destinations:\n  webhook:\n    url: ${receiver.url}/hook\n`);
    const store = await openSecretStore({ workspace, env });
    await store.set({ dataSource: 'webhook', field: 'signing_secret' }, 'hook-secret');
    const [id = ''] = await savedScans(1);
    const { bytes, sha256 } = await preview(id);
    expect((await cli(['approve', id, '--sha256', sha256, '-c', config])).code).toBe(0);
    const handover = join(workspace, 'handover');
    await mkdir(handover);
    const toFile = await cli([
      'approve',
      id,
      '--sha256',
      sha256,
      '-c',
      config,
      '--destination',
      'file',
      '--to',
      handover,
    ]);
    expect(toFile.code).toBe(0);

    // Without the folder it was approved for, upload skips the file export and says how to name that folder.
    const noFolder = await cli(['upload', '-c', config, '--offline']);
    expect(noFolder.code).toBe(3);
    expect(noFolder.stdout).toContain(
      `no file destination is configured: it was approved for the folder ${handover}; pass --to ${handover} to write it there`,
    );

    // Offline: the file export happens, the webhook waits.
    const offline = await cli(['upload', '-c', config, '--to', handover, '--offline']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/^held .*\/hook: offline/m);
    expect(receiver.requests).toEqual([]);
    const name = readdirSync(handover).find((file) => file.endsWith('.json')) ?? '';
    expect((await readFile(join(handover, name))).equals(bytes)).toBe(true);
    expect(await readFile(join(handover, `${name}.sha256`), 'utf8')).toBe(`${sha256}  ${name}\n`);

    expect((await cli(['upload', '-c', config, '--to', handover])).code).toBe(0);
    const [hook] = receiver.requests;
    expect(hook?.body.equals(bytes)).toBe(true);
    const signature = createHmac('sha256', 'hook-secret').update(bytes).digest('hex');
    expect(hook?.headers['x-gatehouse-signature']).toBe(`sha256=${signature}`);
    expect(hook?.headers['idempotency-key']).toBe(sha256);
    expect((await readLedger(workspace)).map((entry) => entry.destination.kind).sort()).toEqual([
      'file',
      'webhook',
    ]);
  });

  it('refuses a hash that is not the payload’s, and queues nothing', async () => {
    await savedScans(1);
    const run = await cli(['approve', 'latest', '--sha256', 'f'.repeat(64), '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'gatehouse: the payload changed since you previewed it (policy or content): run gatehouse preview again',
    );
    expect((await listItems(workspace)).items).toEqual([]);
  });

  it('names a malformed hash first, before any missing destination or configuration', async () => {
    await savedScans(1);
    const run = await cli(['approve', 'latest', '--sha256', 'abc']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('gatehouse: "abc" is not a SHA-256 (64 hexadecimal digits).\n');
  });

  it('refuses an approval after the privacy policy changed', async () => {
    await savedScans(1);
    const { sha256 } = await preview('latest');
    await writeFile(config, `${await readFile(config, 'utf8')}privacy:\n  level: strict\n`);
    const run = await cli(['approve', 'latest', '--sha256', sha256, '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('the payload changed since you previewed it (policy or content)');
  });

  it('--offline and dry-run send nothing', async () => {
    await approveAll(await savedScans(1));
    const offline = await cli(['upload', '-c', config, '--offline']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/^held .*offline/);
    const dry = await cli(['upload', '-c', config], { GATEHOUSE_DRY_RUN: '1' });
    expect(dry.stdout).toMatch(/^held .*dry run/);
    expect(receiver.requests).toEqual([]);
  });

  it('refuses a tampered outbox file with a clear error and leaves it in place', async () => {
    await approveAll(await savedScans(1));
    const [item] = (await listItems(workspace)).items;
    const path = itemPath(workspace, item?.record.id ?? '');
    const text = await readFile(path, 'utf8');
    const ciphertext = item?.ciphertext ?? '';
    const flipped = `${ciphertext.startsWith('A') ? 'B' : 'A'}${ciphertext.slice(1)}`;
    await writeFile(path, text.replace(ciphertext, flipped));
    const run = await cli(['upload', '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('refused');
    expect(run.stdout).toContain('left in place');
    // And what to do about it.
    expect(run.stdout).toContain('preview and approve it again');
    expect(await readFile(path, 'utf8')).toBe(text.replace(ciphertext, flipped));
    expect(receiver.requests.filter(isInsert)).toEqual([]);
  });

  it('ledger verify names the first line that was edited', async () => {
    await approveAll(await savedScans(2));
    expect((await cli(['upload', '-c', config])).code).toBe(0);
    const path = ledgerPath(workspace);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = (lines[1] ?? '').replace('"approver":"pat"', '"approver":"sam"');
    await writeFile(path, lines.join('\n'));
    const run = await cli(['ledger', 'verify']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('is broken at line 2: the entry was edited');
    // The listing still shows the entries, to look into, but says they cannot be trusted and exits 3 too.
    for (const args of [['ledger'], ['ledger', '--json']]) {
      const listed = await cli(args);
      expect(listed.code).toBe(3);
      expect(listed.stderr).toContain('is broken at line 2: the entry was edited');
      expect(listed.stderr).toContain('cannot be trusted');
      expect(listed.stdout).toContain('sam');
    }
  });

  it('ledger verify --file of a path that is not a file is an error, never an intact ledger', async () => {
    for (const file of [join(workspace, 'no-such-export.jsonl'), workspace]) {
      const run = await cli(['ledger', 'verify', '--file', file]);
      expect(run.code).toBe(3);
      expect(run.stdout).not.toContain('intact');
      expect(run.stderr).toMatch(/is not a file|There is no ledger file/);
      expect(run.stderr).toContain('gatehouse ledger --export');
    }
  });
});

describe('crash safety (kill -9 at each durable step)', () => {
  const points = [
    { point: 'after-sending-marker', wire: 1 },
    { point: 'after-delivery', wire: 2 },
    { point: 'after-ledger', wire: 1 },
  ];
  for (const { point, wire } of points) {
    it(`killed ${point}: after a restart every payload is delivered, once in the ledger`, async () => {
      const hashes = await approveAll(await savedScans(2));
      const crashed = await cli(['upload', '-c', config], { GATEHOUSE_CRASH_AT: point });
      expect(crashed.code, crashed.stdout + crashed.stderr).toBeNull();
      const restarted = await cli(['upload', '-c', config]);
      expect(restarted.stderr).toBe('');
      expect(restarted.code).toBe(0);

      const ledger = await readLedger(workspace);
      expect(ledger.map((entry) => entry.sha256).sort()).toEqual([...hashes].sort());
      expect((await listItems(workspace)).items.every((item) => item.state.status === 'sent')).toBe(true);
      const keys = receiver.requests.filter(isInsert).map((request) => request.headers['idempotency-key']);
      // The item the crash interrupted reaches the wire `wire` times, always with the same idempotency key.
      const perKey = hashes.map((hash) => keys.filter((key) => key === hash).length).sort();
      expect(perKey).toEqual([1, wire].sort());
      expect((await cli(['ledger', 'verify'])).code).toBe(0);
    });
  }

  it('killed while queuing: nothing half-written, approving again queues it and it is sent once', async () => {
    const [id = ''] = await savedScans(1);
    const { sha256 } = await preview(id);
    const crashed = await cli(['approve', id, '--sha256', sha256, '-c', config], {
      GATEHOUSE_CRASH_AT: 'before-queue-write',
    });
    expect(crashed.code).toBeNull();
    expect((await listItems(workspace)).items).toEqual([]);
    expect((await cli(['approve', id, '--sha256', sha256, '-c', config])).code).toBe(0);
    expect((await cli(['upload', '-c', config])).code).toBe(0);
    expect(receiver.insertedDocuments()).toHaveLength(1);
    expect(await readLedger(workspace)).toHaveLength(1);
  });
});

describe('a receiver that refuses or asks to wait, through the CLI', () => {
  it('Retry-After: upload and outbox say when to try again, the next upload sends it once', async () => {
    await approveAll(await savedScans(1));
    receiver.fail({ status: 503, headers: { 'Retry-After': '7200' } }, isInsert);
    const upload = await cli(['upload', '-c', config]);
    expect(upload.code).toBe(3);
    expect(upload.stdout).toMatch(
      /^failed .*HTTP 503 .*It asked to wait 7200 s \(Retry-After\); next retry \(gatehouse upload\) after \d{4}-/m,
    );
    const outbox = await cli(['outbox']);
    expect(outbox.stdout).toMatch(
      /failed after 1 attempt\(s\): .*\(Retry-After\); next retry \(gatehouse upload\) after/,
    );
    expect(outbox.stdout).not.toContain('.;');
    expect(receiver.requests.filter(isInsert)).toHaveLength(1);
    expect((await cli(['ledger', 'verify'])).code).toBe(0);

    expect((await cli(['upload', '-c', config])).code).toBe(0);
    expect(receiver.requests.filter(isInsert)).toHaveLength(2);
    expect(await readLedger(workspace)).toHaveLength(1);
  });

  it('a retry within the run is announced on stderr with the reason, and stdout keeps one line per item', async () => {
    await approveAll(await savedScans(1));
    receiver.fail('reset', isInsert);
    const upload = await cli(['upload', '-c', config]);
    expect(upload.code).toBe(0);
    expect(upload.stderr).toMatch(
      /^retrying [0-9a-f]+ in \d+\.\d s \(try 2 of 3\): Could not reach .*the connection was cut off/m,
    );
    expect(upload.stdout).toMatch(/^sent .*\(HTTP 200\)\n$/);
  });

  it('a 403 says retrying will not help until it is fixed', async () => {
    await approveAll(await savedScans(1));
    receiver.fail({ status: 403 }, isInsert);
    const upload = await cli(['upload', '-c', config]);
    expect(upload.code).toBe(3);
    expect(upload.stdout).toMatch(/^failed .*HTTP 403.*; retrying will not help until this is fixed$/m);
  });

  it('Ctrl+C mid-send says what it means; the item stays sending, and the next upload delivers it once', async () => {
    await approveAll(await savedScans(1));
    receiver.fail('hang', isInsert);
    const child = spawn(process.execPath, [CLI_PATH, 'upload', '-c', config, '--workspace', workspace], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await receiver.waitFor((requests) => requests.some(isInsert));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Interrupted. An item that was being sent stays "sending"');
    expect(stderr).toContain('the same Idempotency-Key');
    const outbox = await cli(['outbox']);
    expect(outbox.stdout).toMatch(/^sending /m);
    expect(outbox.stdout).toContain('if no upload is running, it was interrupted');

    expect((await cli(['upload', '-c', config])).code).toBe(0);
    const inserts = receiver.requests.filter(isInsert);
    expect(inserts).toHaveLength(2);
    expect(inserts[1]?.headers['idempotency-key']).toBe(inserts[0]?.headers['idempotency-key']);
    expect(await readLedger(workspace)).toHaveLength(1);
    expect((await cli(['ledger', 'verify'])).code).toBe(0);
  });
});
