/**
 * The desktop handlers as both faces use them: `dispatch` validates before any handler runs and answers with the
 * plain error shape; then a whole session through the real engine — a data source saved with a canary password
 * (the real encrypted vault as the store), check files with an error, scans against the machine's PostgreSQL with
 * progress events, history, one check's chart, the payload preview, approval, a file-export upload and the
 * ledger — after which no response and no event holds the canary in any form.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckFilesError } from '../../../src/api/check-files.js';
import { DataSourceError } from '../../../src/api/data-sources.js';
import { METHOD_NAMES } from '../../../src/api/desktop/channels.js';
import { DesktopContext } from '../../../src/api/desktop/context.js';
import type { Envelope, GatehouseEvent, PreviewTreeColumns } from '../../../src/api/desktop/contract.js';
import { toGatehouseError } from '../../../src/api/desktop/errors.js';
import { createHandlers, dispatch, type Handlers } from '../../../src/api/desktop/handlers.js';
import { DestinationConfigError } from '../../../src/cloud/errors.js';
import { registerSecret } from '../../../src/common/redaction.js';
import { ConfigError } from '../../../src/config/errors.js';
import { OutboxError } from '../../../src/outbox/errors.js';
import { openSecretStore } from '../../../src/secrets/open.js';
import { SecretStoreError } from '../../../src/secrets/store.js';
import { WorkspaceError } from '../../../src/workspace/errors.js';
import { canaryForms, findCanary, newCanary } from '../../support/canary.js';
import { MemorySecretStore } from '../../support/memory-secret-store.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../../support/postgres.js';
import { itWhen } from '../../support/prerequisites.js';

function spyHandlers(): Handlers {
  return Object.fromEntries(
    METHOD_NAMES.map((name) => [name, vi.fn(async () => ({ called: name }))]),
  ) as unknown as Handlers;
}

describe('dispatch', () => {
  it('refuses input that fails the schema without calling the handler', async () => {
    const handlers = spyHandlers();
    const answers = await Promise.all([
      dispatch(handlers, 'runScan', { runId: 'r1', dataSource: 'warehouse', checkPaths: [] }),
      dispatch(handlers, 'listScans', { workspace: '/etc' }),
      dispatch(handlers, 'saveDataSource', { definition: { type: 'mysql', name: 'x1' } }),
      dispatch(handlers, 'cancelRun', { runId: '../../etc/passwd' }),
      dispatch(handlers, 'approve', { scan: 'latest' }),
    ]);
    for (const answer of answers) {
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('invalid-input');
    }
    for (const name of METHOD_NAMES) expect(handlers[name]).not.toHaveBeenCalled();
  });

  it('never echoes a secret value in a validation error', async () => {
    const handlers = spyHandlers();
    const canary = newCanary();
    const answer = await dispatch(handlers, 'setSecret', {
      dataSource: 'Not A Name',
      field: 'password',
      value: canary,
      extra: canary,
    });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain(canary);
    expect(handlers.setSecret).not.toHaveBeenCalled();
  });

  it('answers an unknown method with unknown-method', async () => {
    const answer = await dispatch(spyHandlers(), 'readSecret', {
      dataSource: 'warehouse',
      field: 'password',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('passes valid input through and wraps the result', async () => {
    const handlers = spyHandlers();
    const answer = await dispatch(handlers, 'cancelRun', { runId: 'abc-123' });
    expect(answer).toEqual({ ok: true, value: { called: 'cancelRun' } });
    expect(handlers.cancelRun).toHaveBeenCalledWith({ runId: 'abc-123' });
  });

  it('turns thrown errors into the plain shape: code, message, remedy; no stack; secrets redacted', async () => {
    const handlers = spyHandlers();
    handlers.secretsStatus = async () => {
      throw new SecretStoreError('locked', 'The keychain is locked.', 'Unlock it and try again.');
    };
    const secret = newCanary();
    registerSecret(secret);
    handlers.listOutbox = async () => {
      throw new Error(`driver said: password=${secret} was refused`);
    };
    const locked = await dispatch(handlers, 'secretsStatus', undefined);
    expect(locked).toEqual({
      ok: false,
      error: { code: 'secret-store', message: 'The keychain is locked.', remedy: 'Unlock it and try again.' },
    });
    const internal = (await dispatch(handlers, 'listOutbox', undefined)) as Envelope<unknown> & { ok: false };
    expect(internal.error.code).toBe('internal');
    expect(internal.error.message).toBe('driver said: password=[redacted] was refused');
    expect(Object.keys(internal.error).sort()).toEqual(['code', 'message']);
  });
});

describe('paths the renderer may name', () => {
  it('are the ones picked, and what lies inside a picked folder — nothing beside it', () => {
    const context = new DesktopContext({
      version: '0',
      platform: process.platform,
      env: {},
      workspace: '/tmp/ws',
      emit: () => {},
      pickPaths: async () => [],
      openExternal: async () => {},
    });
    context.grant(['/data/checks', '/data/one.yml']);
    expect(context.isGranted('/data/checks')).toBe(true);
    expect(context.isGranted('/data/checks/sub/a.yml')).toBe(true);
    expect(context.isGranted('/data/one.yml')).toBe(true);
    expect(context.isGranted('/data/checks-evil/a.yml')).toBe(false);
    expect(context.isGranted('/data/checks/../secret.yml')).toBe(false);
    expect(context.isGranted('/data/two.yml')).toBe(false);
    expect(context.isGranted('/etc/passwd')).toBe(false);
  });
});

describe('switching workspaces', () => {
  it('creates the folder, remembers it, and opens that workspace’s own store', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gatehouse-switch-'));
    const second = join(root, 'nested', 'second');
    try {
      const opened: string[] = [];
      const remembered: string[] = [];
      const context = new DesktopContext({
        version: '0',
        platform: process.platform,
        env: {},
        workspace: join(root, 'first'),
        openStore: async (folder) => {
          opened.push(folder);
          return new MemorySecretStore();
        },
        persistWorkspace: async (folder) => {
          remembered.push(folder);
        },
        emit: () => {},
        pickPaths: async () => [second],
        openExternal: async () => {},
      });
      const handlers = createHandlers(context);
      await dispatch(handlers, 'listSecrets', undefined);
      expect(await dispatch(handlers, 'updateSettings', { workspace: second })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      await dispatch(handlers, 'pickPaths', { purpose: 'workspace-folder' });
      const settings = await dispatch(handlers, 'updateSettings', { workspace: second });
      expect(settings).toMatchObject({
        ok: true,
        value: { workspace: second, configPath: join(second, 'configuration.yml') },
      });
      expect((await stat(second)).isDirectory()).toBe(true);
      expect(remembered).toEqual([second]);
      expect(opened).toEqual([join(root, 'first'), second]);
      expect(await dispatch(handlers, 'appInfo', undefined)).toMatchObject({
        ok: true,
        value: { workspace: second },
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('toGatehouseError', () => {
  it.each([
    [
      new ConfigError('port: expected a number', { filePath: '/w/configuration.yml', line: 4, col: 9 }),
      'config',
    ],
    [new WorkspaceError('not-found', 'There is no saved scan x.'), 'not-found'],
    [new WorkspaceError('corrupt', 'The saved scan x cannot be read.'), 'workspace'],
    [new OutboxError('hash-mismatch', 'The payload changed since the preview.'), 'outbox'],
    [new OutboxError('no-destination', 'No destination is configured.'), 'destination'],
    [new DestinationConfigError('The webhook url must be https.'), 'destination'],
    [new CheckFilesError('Folder x holds no .yml files.'), 'check-files'],
    [new DataSourceError('conflict', 'A data source named x exists.', 'Choose another name.'), 'conflict'],
  ] as const)('%s → %s', (error, code) => {
    const shaped = toGatehouseError(error);
    expect(shaped.code).toBe(code);
    expect(shaped.message).toContain(error.message.split(': ').at(-1) as string);
    expect(shaped).not.toHaveProperty('stack');
  });
});

/** The thresholds of the checks file below, as the CLI's results table writes them. */
const THRESHOLD_TEXTS = ['fail when <= 0', 'fail when != 0'];
const pgUp = await postgresAvailable();

describe('a session through the real engine', () => {
  const CANARY = newCanary();
  const FORMS = canaryForms(CANARY);
  let schema: TestSchema;
  let root: string;
  let workspace: string;
  let checks: string;
  let badChecks: string;
  let exportDir: string;
  const events: GatehouseEvent[] = [];
  const waiting: Array<{ match: (event: GatehouseEvent) => boolean; resolve: () => void }> = [];
  /** Resolves at the first event (already seen or to come) that matches. */
  const eventMatching = (match: (event: GatehouseEvent) => boolean) =>
    new Promise<void>((resolve) => {
      if (events.some(match)) resolve();
      else waiting.push({ match, resolve });
    });
  const answers: Array<{ method: string; answer: Envelope<unknown> }> = [];
  let handlers: Handlers;
  let picked: string[] = [];

  /** The user chooses these paths in the file picker. */
  async function pick(...paths: string[]): Promise<void> {
    picked = paths;
    await call('pickPaths', { purpose: 'check-files' });
  }

  async function call<T>(method: string, input?: unknown): Promise<T> {
    const answer = await dispatch(handlers, method, input);
    answers.push({ method, answer });
    if (!answer.ok) throw new Error(`${method}: ${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  }

  beforeAll(async () => {
    if (!pgUp) return;
    schema = await createTestSchema('desktop');
    await schema.sql('CREATE TABLE customers (id int, email text)');
    await schema.insertRows('customers', [
      { id: 1, email: 'a@example.com' },
      { id: 2, email: null },
    ]);
    root = await mkdtemp(join(tmpdir(), 'gatehouse-desktop-'));
    workspace = join(root, 'workspace');
    exportDir = join(root, 'handover');
    await mkdir(exportDir);
    checks = join(root, 'checks.yml');
    await writeFile(checks, 'checks for customers:\n  - row_count > 0\n  - missing_count(email) = 0\n');
    badChecks = join(root, 'bad.yml');
    await writeFile(badChecks, 'checks for customers:\n  - row_count > 0\n  - no_such_metric(email) = 0\n');
    const env = { GATEHOUSE_VAULT_PASSPHRASE: 'test-vault-passphrase', PATH: process.env.PATH };
    const context = new DesktopContext({
      version: '0.0.0-test',
      platform: process.platform,
      env,
      workspace,
      openStore: (folder, storeEnv) =>
        openSecretStore({ workspace: folder, env: storeEnv, backend: 'vault' }),
      emit: (event) => {
        events.push(event);
        for (const waiter of waiting.filter((w) => w.match(event))) waiter.resolve();
      },
      pickPaths: async () => picked,
      openExternal: async () => {},
    });
    handlers = createHandlers(context);
  });

  afterAll(async () => {
    if (!pgUp) return;
    await schema.drop();
    await rm(root, { recursive: true, force: true });
  });

  itWhen(pgUp, 'PostgreSQL on 127.0.0.1:5432')(
    'runs every screen’s calls and never hands out the secret',
    async () => {
      const info = await call<{ workspace: string; configPath: string }>('appInfo');
      expect(info.configPath).toBe(join(workspace, 'configuration.yml'));

      const saved = await call<{ dataSource: { secrets: unknown[] }; backend: { kind: string } }>(
        'saveDataSource',
        {
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
          secrets: { password: CANARY },
        },
      );
      expect(saved.backend.kind).toBe('vault');
      expect(saved.dataSource.secrets).toEqual([{ field: 'password', required: false, state: 'stored' }]);
      expect(await readFile(info.configPath, 'utf8')).not.toContain(CANARY);
      await call('setSecret', { dataSource: 'warehouse', field: 'password', value: CANARY });
      const secrets = await call<{ secrets: unknown[] }>('listSecrets');
      expect(secrets.secrets).toContainEqual({ dataSource: 'warehouse', field: 'password' });
      await call('listDataSources');
      await call('secretsStatus');

      // The connection test the app runs by default: src/api's, streaming its steps.
      const report = await call<{ ok: boolean; steps: Array<{ id: string; status: string }> }>(
        'testConnection',
        {
          runId: 'conn-1',
          dataSource: 'warehouse',
        },
      );
      expect(report.ok).toBe(true);
      expect(report.steps.find((step) => step.id === 'auth')?.status).toBe('pass');
      const steps = events.filter((event) => event.type === 'connection-step' && event.runId === 'conn-1');
      expect(steps.length).toBeGreaterThanOrEqual(report.steps.length);
      expect(events).toContainEqual({ type: 'connection-finished', runId: 'conn-1', ok: true });

      // Only what the user picked may be opened: a path the page names on its own is refused, unread.
      const secretFile = join(root, 'not-picked.yml');
      await writeFile(secretFile, `password: ${CANARY}\n`);
      const refused = await dispatch(handlers, 'openCheckFiles', { paths: [secretFile] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      answers.push({ method: 'openCheckFiles (not picked)', answer: refused });
      expect(
        await dispatch(handlers, 'runScan', {
          runId: 'r-x',
          dataSource: 'warehouse',
          checkPaths: [secretFile],
        }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await pick(badChecks, checks);

      const opened = await call<{
        diagnostics: Array<{ location: { filePath: string; line: number; col: number } }>;
        checks: unknown[];
      }>('openCheckFiles', { paths: [badChecks] });
      expect(opened.checks).toHaveLength(1);
      expect(opened.diagnostics[0]?.location).toMatchObject({ filePath: badChecks, line: 3 });

      const first = await call<{
        exitCode: number;
        historyId?: string;
        result: { checks: Array<{ historyKey?: string; outcome: string; thresholdText: string }> };
      }>('runScan', { runId: 'run-1', dataSource: 'warehouse', checkPaths: [checks] });
      expect(first.exitCode).toBe(2);
      // Each check comes with its thresholds in the CLI's words.
      expect(first.result.checks.map((check) => check.thresholdText)).toEqual(THRESHOLD_TEXTS);
      expect(first.historyId).toBeDefined();
      const progress = events.filter((event) => event.type === 'scan-progress' && event.runId === 'run-1');
      expect(progress[0]).toMatchObject({ progress: { type: 'planned' } });
      expect(
        progress.some((event) => event.type === 'scan-progress' && event.progress.type === 'query-finished'),
      ).toBe(true);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'scan-finished', runId: 'run-1', exitCode: 2, cancelled: false }),
      );
      await call('runScan', { runId: 'run-2', dataSource: 'warehouse', checkPaths: [checks] });

      const listing = await call<{ scans: unknown[] }>('listScans', { dataSource: 'warehouse', limit: 2 });
      expect(listing.scans).toHaveLength(2);
      const shown = await call<{ result: { checks: Array<{ thresholdText: string }> } }>('showScan', {
        id: 'latest',
      });
      expect(shown.result.checks.map((check) => check.thresholdText)).toEqual(THRESHOLD_TEXTS);
      const missing = first.result.checks[1];
      const history = await call<{ points: Array<{ value: number; outcome: string }> }>('checkHistory', {
        dataSource: 'warehouse',
        identity: missing?.historyKey,
      });
      expect(history.points).toEqual([
        expect.objectContaining({ value: 1, outcome: 'fail' }),
        expect.objectContaining({ value: 1, outcome: 'fail' }),
      ]);
      expect(await call('cancelRun', { runId: 'run-1' })).toEqual({ cancelled: false });

      const preview = await call<{
        text: string;
        sha256: string;
        tree: PreviewTreeColumns;
        classCounts: Record<string, number>;
      }>('previewPayload', { scan: 'latest' });
      expect(createHash('sha256').update(preview.text, 'utf8').digest('hex')).toBe(preview.sha256);
      // The tree crosses as columns: typed arrays (structured clone copies them whole), one entry per row.
      const { tree } = preview;
      expect(tree.size).toBeGreaterThan(10);
      expect(tree.depth).toBeInstanceOf(Int32Array);
      expect(tree.parent).toBeInstanceOf(Int32Array);
      expect(tree.kind).toBeInstanceOf(Int8Array);
      expect(tree.fieldClass).toBeInstanceOf(Int8Array);
      expect(tree.withheld).toBeInstanceOf(Int8Array);
      for (const column of [tree.depth, tree.parent, tree.kind, tree.key, tree.text, tree.fieldClass]) {
        expect(column).toHaveLength(tree.size);
      }
      expect([tree.depth[0], tree.key[0], tree.parent[0], tree.kind[0]]).toEqual([0, null, -1, 1]);
      const rows = Array.from({ length: tree.size }, (_, row) => row);
      // Every field the bytes carry has its class badge; every row's parent comes before it, one level up.
      const leaves = rows.filter((row) => tree.kind[row] === 0);
      expect(leaves.filter((row) => tree.classes[tree.fieldClass[row] ?? -1] === undefined)).toEqual([]);
      expect(
        rows.slice(1).filter((row) => tree.depth[tree.parent[row] ?? -1] !== (tree.depth[row] ?? 0) - 1),
      ).toEqual([]);
      expect(rows.slice(1).filter((row) => (tree.parent[row] ?? row) >= row)).toEqual([]);
      // Leaves per class add up to the counts the screen shows; texts are the leaves' JSON.
      for (const [name, count] of Object.entries(preview.classCounts)) {
        expect(leaves.filter((row) => tree.classes[tree.fieldClass[row] ?? -1] === name)).toHaveLength(count);
      }
      const document = JSON.parse(preview.text) as Record<string, unknown>;
      const definitionRow = rows.find((row) => tree.key[row] === 'definitionName' && tree.parent[row] === 0);
      expect(tree.text[definitionRow ?? -1]).toBe(JSON.stringify(document.definitionName));

      const wrong = await dispatch(handlers, 'approve', {
        scan: 'latest',
        sha256: '0'.repeat(64),
        destination: 'file',
      });
      expect(wrong.ok).toBe(false);

      await call('updateSettings', { file: { path: exportDir } });
      const approved = await call<{ entry: { status: string; sha256: string } }>('approve', {
        scan: 'latest',
        sha256: preview.sha256,
        destination: 'file',
      });
      expect(approved.entry).toMatchObject({ status: 'queued', sha256: preview.sha256 });
      const upload = await call<{ outcomes: Array<{ result: string }> }>('upload', {});
      expect(upload.outcomes.map((outcome) => outcome.result)).toEqual(['sent']);
      const outbox = await call<{ items: Array<{ status: string }> }>('listOutbox');
      expect(outbox.items.map((item) => item.status)).toEqual(['sent']);
      const ledger = await call<{ entries: Array<{ sha256: string }> }>('showLedger');
      expect(ledger.entries.map((entry) => entry.sha256)).toEqual([preview.sha256]);
      expect(await call('verifyLedger')).toMatchObject({ ok: true, entries: 1 });
      await call('getSettings');

      // Cancel: the running query is cancelled on the server, the run ends as cancelled with an error result.
      const slow = join(root, 'slow.yml');
      await writeFile(
        slow,
        'checks for customers:\n  - slept = 1:\n      slept query: SELECT count(*) FROM pg_sleep(60)\n',
      );
      await pick(slow);
      const running = call<{ cancelled: boolean; exitCode: number }>('runScan', {
        runId: 'run-slow',
        dataSource: 'warehouse',
        checkPaths: [slow],
      });
      await eventMatching(
        (event) =>
          event.type === 'scan-progress' &&
          event.runId === 'run-slow' &&
          event.progress.type === 'query-started',
      );
      const busy = await dispatch(handlers, 'runScan', {
        runId: 'run-slow',
        dataSource: 'warehouse',
        checkPaths: [slow],
      });
      expect(busy).toMatchObject({ ok: false, error: { code: 'busy' } });
      const started = Date.now();
      expect(await call('cancelRun', { runId: 'run-slow' })).toEqual({ cancelled: true });
      expect(await running).toMatchObject({ cancelled: true, exitCode: 3 });
      expect(Date.now() - started).toBeLessThan(30_000);

      // The secret went in twice and never came out: not in one answer, not in one event.
      const leaks = [
        ...answers.flatMap(({ method, answer }) => findCanary(FORMS, method, JSON.stringify(answer))),
        ...findCanary(FORMS, 'events', JSON.stringify(events)),
      ];
      expect(leaks).toEqual([]);
      expect(answers.length).toBeGreaterThan(20);
    },
  );
});
