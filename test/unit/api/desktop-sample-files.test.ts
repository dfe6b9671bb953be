/**
 * The desktop preview's sample files (Soda Cloud at level full), through the handlers on the real engine: a scan
 * of the machine's PostgreSQL with samples, previewed for Soda Cloud — each file listed with its File-Path, size,
 * SHA-256, rows and the pointer naming it; a small one's bytes inline, a large one's given by previewSampleFile —
 * then approved and sent to the test receiver acting as Soda Cloud, which gets exactly those bytes. Bytes previewed
 * for a webhook are refused for Soda Cloud with a message that says why.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesktopContext } from '../../../src/api/desktop/context.js';
import type {
  ApproveResult,
  PayloadPreviewView,
  SampleFileBytes,
  UploadResult,
} from '../../../src/api/desktop/contract.js';
import { createHandlers, dispatch, type Handlers } from '../../../src/api/desktop/handlers.js';
import {
  SAMPLE_FILE_INLINE_BYTES,
  SAMPLE_FILES_INLINE_TOTAL,
  sampleFileViews,
} from '../../../src/api/desktop/sample-files.js';
import { openSecretStore } from '../../../src/secrets/open.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../../support/postgres.js';
import { itWhen } from '../../support/prerequisites.js';
import { isInsert, isSampleUpload, Receiver } from '../../support/receiver.js';

const pgUp = await postgresAvailable();
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('sample files in the desktop preview', () => {
  let schema: TestSchema;
  let receiver: Receiver;
  let root: string;
  let handlers: Handlers;
  let picked: string[] = [];

  async function call<T>(method: string, input?: unknown): Promise<T> {
    const answer = await dispatch(handlers, method, input);
    if (!answer.ok) throw new Error(`${method}: ${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  }

  beforeAll(async () => {
    if (!pgUp) return;
    [schema, receiver] = await Promise.all([createTestSchema('desktop_samples'), Receiver.start()]);
    // 1,200 rows without an email, each with an 80-character note: a 1,000-row sample is well over the inline size.
    await schema.sql(
      "CREATE TABLE customers AS SELECT g AS id, CASE WHEN g <= 1200 THEN NULL ELSE 'c' || g || '@example.com' END AS email, repeat('n', 80) AS note FROM generate_series(1, 1500) g",
    );
    root = await mkdtemp(join(tmpdir(), 'gatehouse-desktop-samples-'));
    const checks = join(root, 'checks.yml');
    await writeFile(
      checks,
      [
        'checks for customers:',
        '  - missing_count(email) = 0:',
        '      samples limit: 1000',
        '  - invalid_count(id) = 0:',
        '      valid max: 1497',
        '',
      ].join('\n'),
    );
    const env = { GATEHOUSE_VAULT_PASSPHRASE: 'desktop sample files 5c1e', PATH: process.env.PATH };
    const context = new DesktopContext({
      version: '0.0.0-test',
      platform: process.platform,
      env,
      workspace: join(root, 'workspace'),
      openStore: (folder, storeEnv) =>
        openSecretStore({ workspace: folder, env: storeEnv, backend: 'vault' }),
      emit: () => {},
      pickPaths: async () => picked,
      openExternal: async () => {},
    });
    handlers = createHandlers(context);
    await call('saveDataSource', {
      definition: {
        type: 'postgres',
        name: 'warehouse',
        host: '127.0.0.1',
        port: 5432,
        username: 'postgres',
        database: 'test',
        schema: schema.schema,
        sslmode: 'disable',
      },
    });
    await call('updateSettings', {
      privacy: {
        level: 'full',
        excludeColumns: [],
        withholdValues: false,
        hashIdentifiers: false,
        datasets: {},
      },
      sodaCloud: { host: '127.0.0.1', port: receiver.port, scheme: 'http', apiKeyId: 'key-id' },
      secrets: { apiKeySecret: 'key-secret' },
      webhook: { url: `${receiver.url}/hook` },
    });
    picked = [checks];
    await call('pickPaths', { purpose: 'check-files' });
    const run = await call<{ exitCode: number }>('runScan', {
      runId: 'samples-1',
      dataSource: 'warehouse',
      checkPaths: [checks],
      samples: true,
    });
    expect(run.exitCode).toBe(2);
  });

  afterAll(async () => {
    if (!pgUp) return;
    await Promise.all([schema.drop(), receiver.close(), rm(root, { recursive: true, force: true })]);
  });

  itWhen(pgUp, 'PostgreSQL on 127.0.0.1:5432')(
    'lists each file the approval covers, and Soda Cloud receives exactly those bytes',
    async () => {
      const view = await call<PayloadPreviewView>('previewPayload', {
        scan: 'latest',
        destination: 'soda_cloud',
      });
      expect(view.destination).toBe('soda_cloud');
      expect(view.sampleLayout).toBe('files');
      expect(view.sampleFiles.map((file) => [file.index, file.rows])).toEqual([
        [1, 1000],
        [2, 3],
      ]);
      const [large, small] = view.sampleFiles as [
        PayloadPreviewView['sampleFiles'][0],
        PayloadPreviewView['sampleFiles'][0],
      ];
      // The small file crosses inline; the large one does not, and comes on request, byte for byte.
      expect(large.size).toBeGreaterThan(SAMPLE_FILE_INLINE_BYTES);
      expect(large.text).toBeUndefined();
      const note = 'n'.repeat(80);
      expect(small.text).toBe(
        [1498, 1499, 1500].map((id) => `${JSON.stringify([id, `c${id}@example.com`, note])}\n`).join(''),
      );
      const fetched = await call<SampleFileBytes>('previewSampleFile', {
        scan: view.scanId,
        destination: 'soda_cloud',
        sha256: large.sha256,
      });
      expect(fetched).toMatchObject({ path: large.path, size: large.size, sha256: large.sha256 });
      expect(fetched.text.split('\n')).toHaveLength(1001);
      const texts = [fetched.text, small.text ?? ''];
      // Each file's facts are its bytes' facts, and the document names it at its pointer by its SHA-256.
      const document = JSON.parse(view.text) as Record<string, unknown>;
      for (const [i, file] of view.sampleFiles.entries()) {
        const text = texts[i] ?? '';
        expect(sha256(text)).toBe(file.sha256);
        expect(Buffer.byteLength(text)).toBe(file.size);
        const named = file.pointer
          .split('/')
          .slice(1)
          .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], document);
        expect(named).toBe(`sha256:${file.sha256}`);
      }

      const approved = await call<ApproveResult>('approve', {
        scan: view.scanId,
        sha256: view.sha256,
        destination: 'soda_cloud',
      });
      expect(approved.entry.sampleFiles?.map((file) => file.sha256)).toEqual(
        view.sampleFiles.map((file) => file.sha256),
      );
      const sent = await call<UploadResult>('upload', { destination: 'soda_cloud' });
      expect(sent.outcomes.map((outcome) => outcome.result)).toEqual(['sent']);
      const uploads = receiver.requests.filter(isSampleUpload);
      expect(uploads.map((request) => request.body.toString('utf8'))).toEqual(texts);
      expect(uploads.map((request) => request.headers['file-path'])).toEqual(
        view.sampleFiles.map((file) => file.path),
      );
      // The document arrived as previewed, each placeholder swapped for the id the receiver gave its file.
      const ids = [...receiver.fileIds.keys()];
      const expected = view.sampleFiles.reduce(
        (text, file, i) => text.replace(`"fileId":"sha256:${file.sha256}"`, `"fileId":"${ids[i]}"`),
        view.text,
      );
      expect(receiver.requests.filter(isInsert)).toHaveLength(1);
      expect(receiver.insertedDocuments()[0]?.toString('utf8')).toBe(expected);
    },
  );

  itWhen(pgUp, 'PostgreSQL on 127.0.0.1:5432')(
    'refuses bytes previewed for a webhook as an approval for Soda Cloud, saying why',
    async () => {
      const webhook = await call<PayloadPreviewView>('previewPayload', {
        scan: 'latest',
        destination: 'webhook',
      });
      expect(webhook).toMatchObject({ destination: 'webhook', sampleLayout: 'inline', sampleFiles: [] });
      const refused = await dispatch(handlers, 'approve', {
        scan: webhook.scanId,
        sha256: webhook.sha256,
        destination: 'soda_cloud',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'outbox' } });
      if (refused.ok) return;
      expect(refused.error.message).toMatch(
        /laid out for a webhook or file export.*this approval is for soda_cloud/,
      );
      expect(refused.error.remedy).toBe(
        'Preview the payload for soda_cloud, check it, then approve that preview.',
      );
      // A hash that matches no layout keeps the engine's own message.
      const changed = await dispatch(handlers, 'approve', {
        scan: webhook.scanId,
        sha256: '0'.repeat(64),
        destination: 'soda_cloud',
      });
      expect(changed).toMatchObject({ ok: false, error: { code: 'outbox' } });
      if (!changed.ok) expect(changed.error.message).toMatch(/changed since you previewed it/);
      // A file the payload does not hold is not found.
      expect(
        await dispatch(handlers, 'previewSampleFile', {
          scan: webhook.scanId,
          destination: 'webhook',
          sha256: 'a'.repeat(64),
        }),
      ).toMatchObject({ ok: false, error: { code: 'not-found' } });
    },
  );
});

describe('sampleFileViews', () => {
  it('carries the bytes inline while each file and their total stay small, and only the facts after that', () => {
    const file = (n: number, size: number) => {
      const bytes = new TextEncoder().encode(`${'x'.repeat(size - 1)}\n`);
      return { path: `f${n}.jsonl`, bytes, sha256: sha256(Buffer.from(bytes)), pointer: `/p/${n}`, rows: 1 };
    };
    // 17 files just under the per-file limit: 16 of them fit in the total, the 17th comes on request (as does a
    // file over the per-file limit, even first).
    const files = Array.from({ length: 17 }, (_, n) => file(n, SAMPLE_FILE_INLINE_BYTES - 1000));
    expect(16 * (SAMPLE_FILE_INLINE_BYTES - 1000)).toBeLessThanOrEqual(SAMPLE_FILES_INLINE_TOTAL);
    expect(17 * (SAMPLE_FILE_INLINE_BYTES - 1000)).toBeGreaterThan(SAMPLE_FILES_INLINE_TOTAL);
    const views = sampleFileViews([file(99, SAMPLE_FILE_INLINE_BYTES + 1), ...files]);
    expect(views.map((view) => view.text !== undefined)).toEqual([false, ...Array(16).fill(true), false]);
    expect(views[1]?.text).toBe(new TextDecoder().decode(files[0]?.bytes));
    expect(views.map((view) => view.index)).toEqual(Array.from({ length: 18 }, (_, n) => n + 1));
  });
});
