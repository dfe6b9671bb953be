/**
 * Sample files through the built CLI: `preview --destination soda_cloud` under level full lists each file byte for
 * byte, `--format raw --sample-file N` writes exactly that file, and after `approve` and `upload` the receiver has
 * those very bytes from `POST /api/scan/upload` and the document with the ids it gave. A webhook gets one
 * self-contained body instead.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/common/sha256.js';
import { saveScan } from '../../src/workspace/save.js';
import { runCli, runCliBytes } from '../support/cli.js';
import { isSampleUpload, Receiver } from '../support/receiver.js';
import { vaultBackend } from '../support/secret-backend-env.js';
import { CANARY, fixtureResult } from '../unit/payload/fixture.js';

let receiver: Receiver;
let workspace: string;
let config: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  receiver = await Receiver.start();
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-cli-samples-'));
  const secrets = vaultBackend(workspace, 'sample files passphrase 9b3f');
  env = { ...secrets.env, HTTPS_PROXY: '', HTTP_PROXY: '' };
  await secrets.set({ dataSource: 'soda_cloud', field: 'api_key_secret' }, 'key-secret');
  config = join(workspace, 'configuration.yml');
  await writeFile(
    config,
    `soda_cloud:\n  host: 127.0.0.1\n  port: ${receiver.port}\n  scheme: http\n  api_key_id: key-id\n` +
      'privacy:\n  level: full\n  sample_columns: [id, email]\n',
  );
  await saveScan(workspace, fixtureResult());
});
afterAll(async () => {
  await receiver.close();
  await rm(workspace, { recursive: true, force: true });
});

const at = () => ['--workspace', workspace, '-c', config];

describe('sample files through the CLI', () => {
  it('preview shows each file, raw writes it, and upload sends exactly those bytes', async () => {
    const tree = await runCli(['preview', ...at()], { env });
    expect(tree.code, tree.stderr).toBe(0);
    expect(tree.stdout).toContain('soda_cloud: sample rows go as 1 separate file(s)');
    const listed = /\[1\] (\S+): 2 row\(s\), (\d+) bytes, SHA-256 ([0-9a-f]{64})/.exec(tree.stdout);
    expect(listed).not.toBeNull();
    expect(tree.stdout).toContain(`[1,"${CANARY.sampleValue}"]`);

    const file = await runCliBytes(['preview', ...at(), '--format', 'raw', '--sample-file', '1'], { env });
    expect(file.code, file.stderr).toBe(0);
    expect(file.stdout.toString('utf8')).toBe(`[1,"${CANARY.sampleValue}"]\n[2,null]\n`);
    expect(sha256Hex(file.stdout)).toBe(listed?.[3]);
    expect(file.stderr).toContain(`File-Path: ${listed?.[1]}`);

    const raw = await runCliBytes(['preview', ...at(), '--format', 'raw'], { env });
    const sha256 = /SHA-256: ([0-9a-f]{64})/.exec(raw.stderr)?.[1] ?? '';
    expect(raw.stdout.toString('utf8')).toContain(`"fileId":"sha256:${listed?.[3]}"`);
    expect(raw.stdout.toString('utf8')).not.toContain(CANARY.sampleValue);

    const approve = await runCli(['approve', 'latest', '--sha256', sha256, ...at()], { env });
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain(`sample file 1 ${listed?.[3]} (${listed?.[2]} bytes) ${listed?.[1]}`);
    const upload = await runCli(['upload', ...at()], { env });
    expect(upload.code, upload.stderr).toBe(0);
    const uploads = receiver.requests.filter(isSampleUpload);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.body.equals(file.stdout)).toBe(true);
    expect(uploads[0]?.headers['file-path']).toBe(listed?.[1]);
    const [document] = receiver.insertedDocuments();
    const fileId = [...receiver.fileIds.keys()][0];
    expect(document?.toString('utf8')).toBe(
      raw.stdout.toString('utf8').replace(`"fileId":"sha256:${listed?.[3]}"`, `"fileId":"${fileId}"`),
    );
  });

  it('for a webhook the rows stay in the one body, and there is no sample file to write', async () => {
    const raw = await runCliBytes(['preview', ...at(), '--destination', 'webhook', '--format', 'raw'], {
      env,
    });
    expect(raw.code, raw.stderr).toBe(0);
    expect(raw.stdout.toString('utf8')).toContain(CANARY.sampleValue);
    expect(raw.stdout.toString('utf8')).not.toContain('sha256:');
    const none = await runCli(
      ['preview', ...at(), '--destination', 'webhook', '--format', 'raw', '--sample-file', '1'],
      { env },
    );
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('there is no sample file 1: this payload has 0');
  });

  it('approving webhook-layout bytes for Soda Cloud is refused with the reason and what to do', async () => {
    const raw = await runCliBytes(['preview', ...at(), '--destination', 'webhook', '--format', 'raw'], {
      env,
    });
    const sha256 = raw.stderr.match(/[0-9a-f]{64}/)?.[0];
    expect(sha256, raw.stderr).toBeDefined();
    const refused = await runCli(
      ['approve', 'latest', '--sha256', String(sha256), '--destination', 'soda_cloud', ...at()],
      { env },
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/laid out for a webhook or file export.*this approval is for soda_cloud/);
    expect(refused.stderr).toContain(
      'Preview the payload for soda_cloud, check it, then approve that preview.',
    );
  });
});
