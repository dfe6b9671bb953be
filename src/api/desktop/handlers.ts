/**
 * The desktop API's handlers: channel → (validated input) → result, calling src/api. Plain Node, no Electron:
 * the Electron main process registers each with ipcMain.handle (after checking the sender), and the browser
 * tests expose the same `dispatch` to Chromium, so both faces run this code. Every answer is an Envelope:
 * results are redacted once more on the way out, errors become the plain `{ code, message, remedy? }` shape.
 */
import { access } from 'node:fs/promises';
import { redactDeep, registerSecret } from '../../common/redaction.js';
import type { ConnectionTestReport, StepReport } from '../../diagnostics/report.js';
import type { ApprovalRecord, DeliveryState, ItemFile } from '../../outbox/item.js';
import { WITHHELD_REASONS } from '../../payload/build.js';
import { FIELD_CLASSES } from '../../payload/classes.js';
import {
  type PreviewTree,
  previewTree,
  ROW_LEAF,
  ROW_LEFT_OUT,
  ROW_LIST,
  ROW_OBJECT,
  rowText,
} from '../../payload/preview-tree.js';
import { exitCodeOf } from '../../scan/result.js';
import { parseChecks } from '../../sodacl/parse.js';
import { approveScan } from '../approve.js';
import { readCheckFiles } from '../check-files.js';
import { checkHistory } from '../check-history.js';
import { importConfiguration, listDataSources, removeDataSource, saveDataSource } from '../data-sources.js';
import { checkLedger, showLedger } from '../ledger.js';
import { lastUploadedPayload, listOutbox } from '../outbox.js';
import { previewPayload } from '../preview.js';
import { readSqlFile, scan } from '../scan.js';
import { listScanHistory, showScan } from '../scans.js';
import { deleteSecret, listSecrets, setSecret } from '../secrets.js';
import { getSettings, updateSettings } from '../settings.js';
import { uploadOutbox } from '../upload.js';
import { workspaceConfigPath } from '../workspace-config.js';
import { METHOD_NAMES } from './channels.js';
import { connectionTester } from './connection-tester.js';
import type { DesktopContext } from './context.js';
import type {
  AllowlistEntry,
  Envelope,
  GatehouseMethodName,
  OutboxEntry,
  PayloadPreviewView,
  PreviewRequest,
  PreviewRowKind,
  PreviewTreeColumns,
  RequestOf,
  ResultOf,
  TestConnectionRequest,
} from './contract.js';
import { DesktopApiError, invalidInput, toGatehouseError } from './errors.js';
import { scanResultView } from './result-view.js';
import { sampleFileBytes, sampleFileViews } from './sample-files.js';
import { REQUEST_SCHEMAS } from './schemas.js';

/** Runs a connection test of a data source in the workspace's configuration (src/api's test-connection). */
export type ConnectionTester = (
  request: {
    dataSource: string;
    configPath: string;
    workspace: string;
    egressIp: boolean;
    checkPaths: string[];
    allowlist?: AllowlistEntry[];
    env: NodeJS.ProcessEnv;
    store: DesktopContext['store'];
  },
  hooks: { onStep: (step: StepReport, index: number) => void; signal: AbortSignal },
) => Promise<ConnectionTestReport>;

export interface HandlerOptions {
  /** Default: src/api's testConnection (connection-tester.ts). */
  testConnection?: ConnectionTester;
}

export type Handler<M extends GatehouseMethodName> = (request: RequestOf<M>) => Promise<ResultOf<M>>;
export type Handlers = { [M in GatehouseMethodName]: Handler<M> };

function outboxEntry(record: ApprovalRecord, state: DeliveryState): OutboxEntry {
  return { ...record, ...state };
}

function entryOf(item: ItemFile): OutboxEntry {
  return outboxEntry(item.record, item.state);
}

// The renderer reads `kind` as the contract's PreviewRowKind (0 leaf, 1 object, 2 list, 3 left out): the engine's
// row codes must be exactly those, in that order.
void ([ROW_LEAF, ROW_OBJECT, ROW_LIST, ROW_LEFT_OUT] satisfies [
  PreviewRowKind,
  PreviewRowKind,
  PreviewRowKind,
  PreviewRowKind,
] &
  [0, 1, 2, 3]);

/**
 * The tree as the payload screen reads it: the engine's columns as they are, plus each row's text made once here
 * (the renderer has no engine code to make it).
 */
function treeColumns(tree: PreviewTree): PreviewTreeColumns {
  const text = new Array<string>(tree.size);
  for (let row = 0; row < tree.size; row++) text[row] = rowText(tree, row);
  return {
    size: tree.size,
    depth: tree.depth,
    parent: tree.parent,
    kind: tree.kind,
    key: tree.key,
    text,
    fieldClass: tree.fieldClass,
    withheld: tree.withheld,
    classes: [...FIELD_CLASSES],
    reasons: [...WITHHELD_REASONS],
  };
}

function httpsUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DesktopApiError('invalid-input', 'That link is not a URL.');
  }
  if (url.protocol !== 'https:' || url.username || url.password) {
    throw new DesktopApiError('invalid-input', 'Only https links open in the browser.');
  }
  return url.href;
}

export function createHandlers(context: DesktopContext, options: HandlerOptions = {}): Handlers {
  const runs = new Map<string, AbortController>();

  /** The workspace's configuration file when it exists (the default policy and no destination otherwise). */
  async function existingConfig(): Promise<string | undefined> {
    const path = workspaceConfigPath(context.workspace);
    return access(path).then(
      () => path,
      () => undefined,
    );
  }

  /** Paths from the renderer must be ones the user picked (or inside a picked folder). */
  function requireGranted(paths: readonly string[]): void {
    const refused = paths.find((path) => !context.isGranted(path));
    if (refused !== undefined) {
      throw new DesktopApiError(
        'forbidden',
        `${refused} was not chosen in a file picker in this session, so it is not opened.`,
        'Choose it with Open… (the file picker).',
      );
    }
  }

  /** Registers a run under its id for cancellation; a second run with a live id is refused. */
  function startRun(runId: string): AbortController {
    if (runs.has(runId)) throw new DesktopApiError('busy', `Run ${runId} is already running.`);
    const controller = new AbortController();
    runs.set(runId, controller);
    return controller;
  }

  /**
   * The payload as the payload screen asked for it, built from the workspace's configuration: shared by the preview
   * and by the request for one of its sample files, so the file is rebuilt exactly as the preview was.
   */
  async function previewRequest(request: Pick<PreviewRequest, 'scan' | 'destination'>) {
    const configPath = await existingConfig();
    return {
      workspace: context.workspace,
      ...(request.scan ? { scan: request.scan } : {}),
      ...(configPath ? { configPath } : {}),
      ...(request.destination ? { destination: request.destination } : {}),
    };
  }

  /** A cancellable run that needs the workspace's configuration: refused without one, registered while it works. */
  async function configuredRun<T>(
    runId: string,
    work: (configPath: string, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const configPath = await existingConfig();
    if (!configPath) {
      throw new DesktopApiError(
        'not-found',
        'No data source is configured yet.',
        'Add one under Data sources.',
      );
    }
    const controller = startRun(runId);
    try {
      return await work(configPath, controller.signal);
    } finally {
      runs.delete(runId);
    }
  }

  return {
    appInfo: async () => ({
      version: context.host.version,
      platform: context.host.platform,
      workspace: context.workspace,
      configPath: workspaceConfigPath(context.workspace),
    }),
    pickPaths: async ({ purpose }) => {
      const paths = await context.host.pickPaths(purpose);
      context.grant(paths);
      return { paths };
    },
    openExternal: async ({ url }) => {
      await context.host.openExternal(httpsUrl(url));
      return { opened: true };
    },

    listDataSources: () => listDataSources(context.workspaceContext()),
    saveDataSource: (request) => saveDataSource(request, context.workspaceContext()),
    removeDataSource: (request) => removeDataSource(request, context.workspaceContext()),
    importConfiguration: async (request) => {
      requireGranted([request.path]);
      return importConfiguration(request, context.workspaceContext());
    },

    secretsStatus: async () => (await context.store()).status(),
    listSecrets: async () => listSecrets({}, { store: await context.store(), env: context.env }),
    setSecret: async (request) => {
      // Entry point of a secret from the renderer: registered before anything can print or return it.
      registerSecret(request.value);
      return setSecret(request, { store: await context.store(), env: context.env });
    },
    deleteSecret: async (request) =>
      deleteSecret(request, { store: await context.store(), env: context.env }),

    testConnection: async (request: TestConnectionRequest) => {
      requireGranted(request.checkPaths ?? []);
      const tester = options.testConnection ?? connectionTester;
      return configuredRun(request.runId, async (configPath, signal) => {
        const report = await tester(
          {
            dataSource: request.dataSource,
            configPath,
            workspace: context.workspace,
            egressIp: request.egressIp ?? false,
            checkPaths: request.checkPaths ?? [],
            ...(request.allowlist ? { allowlist: request.allowlist } : {}),
            env: context.env,
            store: () => context.store(),
          },
          {
            signal,
            onStep: (step, index) =>
              context.host.emit(redactDeep({ type: 'connection-step', runId: request.runId, index, step })),
          },
        );
        context.host.emit({ type: 'connection-finished', runId: request.runId, ok: report.ok });
        return report;
      });
    },

    openCheckFiles: async ({ paths, variables }) => {
      requireGranted(paths);
      const files = await readCheckFiles(paths);
      const parsed = parseChecks(files, {
        variables: variables ?? {},
        env: context.env,
        readFile: readSqlFile,
      });
      return {
        files: files.map((file) => ({ path: file.filePath, text: file.text })),
        diagnostics: parsed.diagnostics,
        checks: parsed.checks,
        forEach: parsed.forEach.map((template) => ({ alias: template.alias, location: template.location })),
      };
    },

    runScan: async (request) => {
      requireGranted(request.checkPaths);
      return configuredRun(request.runId, async (configPath, signal) => {
        let historyId: string | undefined;
        let historyError: string | undefined;
        const result = await scan(
          {
            configPath,
            dataSource: request.dataSource,
            checkPaths: request.checkPaths,
            variables: request.variables ?? {},
            ...(request.scanName ? { scanName: request.scanName } : {}),
            ...(request.samples !== undefined ? { samples: request.samples } : {}),
            workspace: context.workspace,
          },
          {
            signal,
            env: context.env,
            secretStore: await context.store(),
            onProgress: (progress) =>
              context.host.emit(redactDeep({ type: 'scan-progress', runId: request.runId, progress })),
            onHistory: (outcome) => {
              if (outcome.saved) historyId = outcome.id;
              else historyError = outcome.error;
            },
          },
        );
        const exitCode = exitCodeOf(result);
        const cancelled = signal.aborted;
        context.host.emit({
          type: 'scan-finished',
          runId: request.runId,
          exitCode,
          cancelled,
          ...(historyId ? { historyId } : {}),
        });
        return {
          runId: request.runId,
          result: scanResultView(result),
          exitCode,
          cancelled,
          ...(historyId ? { historyId } : {}),
          ...(historyError ? { historyError } : {}),
        };
      });
    },
    cancelRun: async ({ runId }) => {
      const controller = runs.get(runId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    listScans: (request) => listScanHistory({ ...request, workspace: context.workspace }, context.env),
    showScan: async (request) => {
      const saved = await showScan({ ...request, workspace: context.workspace }, context.env);
      return { ...saved, result: scanResultView(saved.result) };
    },
    checkHistory: (request) => checkHistory(context.workspace, request),

    previewPayload: async (request) => {
      const preview = await previewPayload(
        {
          ...(await previewRequest(request)),
          ...(request.diffLastUpload ? { diffLastUpload: true } : {}),
        },
        context.env,
        {
          lastUpload: async (workspace, saved) =>
            lastUploadedPayload(workspace, saved, await context.store()),
        },
      );
      const { prepared } = preview;
      const tree = previewTree(prepared.bytes, preview.withheld);
      const view: PayloadPreviewView = {
        workspace: preview.workspace,
        scanId: preview.scanId,
        definitionName: prepared.definitionName,
        dataSource: prepared.dataSource,
        text: Buffer.from(prepared.bytes).toString('utf8'),
        size: prepared.bytes.length,
        sha256: prepared.sha256,
        policySha256: prepared.policySha256,
        policy: preview.policy,
        policySource: preview.policySource,
        tree: treeColumns(tree),
        classCounts: tree.classCounts,
        withheldCounts: tree.withheldCounts,
        withheldByClass: tree.withheldByClass,
        withheld: preview.withheld,
        leftOut: preview.leftOut,
        personal: preview.personal,
        destinations: preview.destinations,
        ...(preview.destination ? { destination: preview.destination } : {}),
        sampleLayout: preview.sampleLayout,
        sampleFiles: sampleFileViews(prepared.sampleFiles),
        ...(preview.diff ? { diff: preview.diff } : {}),
        ...(preview.diffNote ? { diffNote: preview.diffNote } : {}),
        warnings: preview.warnings,
        dryRun: preview.dryRun,
      };
      return view;
    },
    previewSampleFile: async (request) => {
      const preview = await previewPayload(await previewRequest(request), context.env);
      return sampleFileBytes(preview.prepared.sampleFiles, request.sha256);
    },
    approve: async (request) => {
      const configPath = await existingConfig();
      const approved = await approveScan(
        {
          workspace: context.workspace,
          scan: request.scan,
          sha256: request.sha256,
          ...(request.destination ? { destination: request.destination } : {}),
          ...(configPath ? { configPath } : {}),
        },
        context.env,
        { store: await context.store() },
      );
      return {
        scanId: approved.scanId,
        entry: entryOf(approved.item),
        created: approved.created,
        warnings: approved.warnings,
      };
    },
    upload: async (request) => {
      const configPath = await existingConfig();
      const report = await uploadOutbox(
        {
          workspace: context.workspace,
          ...(configPath ? { configPath } : {}),
          ...(request.destination ? { destination: request.destination } : {}),
          ...(request.offline !== undefined ? { offline: request.offline } : {}),
        },
        context.env,
        { store: await context.store() },
      );
      return {
        dryRun: report.dryRun,
        outcomes: report.outcomes.map((outcome) => ({
          id: outcome.id,
          result: outcome.result,
          ...(outcome.detail ? { detail: outcome.detail } : {}),
          ...(outcome.receipt ? { receipt: outcome.receipt } : {}),
          ...(outcome.item ? { entry: entryOf(outcome.item) } : {}),
        })),
      };
    },
    listOutbox: async () => {
      const view = await listOutbox({ workspace: context.workspace }, context.env);
      return { items: view.items, refused: view.refused, warnings: view.warnings };
    },
    showLedger: () => showLedger({ workspace: context.workspace }, context.env),
    verifyLedger: () => checkLedger({ workspace: context.workspace }, context.env),

    getSettings: () => getSettings(context.workspaceContext()),
    updateSettings: async ({ workspace, ...rest }) => {
      if (workspace) {
        requireGranted([workspace]);
        // A running scan or test belongs to this workspace (its history, its data source): switching under it
        // would leave it running out of sight, its live view and its Cancel gone with the old workspace's screens.
        if (runs.size > 0) {
          throw new DesktopApiError(
            'busy',
            `A scan or connection test is still running in ${context.workspace}, so the workspace was not changed.`,
            'Wait for it to finish, or cancel it, then choose the other folder again.',
          );
        }
        await context.switchWorkspace(workspace);
      }
      return updateSettings(rest, context.workspaceContext());
    },
  };
}

export function isMethodName(name: string): name is GatehouseMethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * One call: validate the input with the method's schema, run the handler, and answer with an Envelope. A handler
 * never runs on input that failed validation.
 */
export async function dispatch(
  handlers: Handlers,
  method: string,
  input: unknown,
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'unknown-method', message: `There is no method ${JSON.stringify(method)}.` },
    };
  }
  const parsed = REQUEST_SCHEMAS[method].safeParse(input);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error.issues) };
  try {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: redactDeep(await handler(parsed.data)) };
  } catch (error) {
    return { ok: false, error: toGatehouseError(error) };
  }
}
