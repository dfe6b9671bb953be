/**
 * The scan operation, shared by the CLI and the desktop app: configuration + check files → ScanResult.
 * Every failure ends as a ScanResult with an error log (exit code 3), never as a crash.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { redactDeep } from '../common/redaction.js';
import { ConfigError } from '../config/errors.js';
import type { DataSourceConfig } from '../config/model.js';
import type { Connector } from '../connectors/connector.js';
import { openConnector } from '../connectors/open.js';
import { ScanLog } from '../scan/logs.js';
import type { ProgressListener } from '../scan/progress.js';
import type { ScanResult } from '../scan/result.js';
import { runScan, sodaTimestamp } from '../scan/run-scan.js';
import { DEFAULT_SAMPLES_LIMIT, type SamplingPolicy } from '../scan/sampling/policy.js';
import { SECRET_BACKENDS, type SecretStore } from '../secrets/store.js';
import { parseChecks } from '../sodacl/parse.js';
import { readCheckFiles } from './check-files.js';
import { withRemedy } from './connect-failure.js';
import {
  type OpenStore,
  type PasswordSource,
  passwordFromStore,
  secretFieldFromStore,
  unreachableWarning,
  withPasswordHint,
} from './data-source-secret.js';
import { findDataSource } from './find-data-source.js';
import { plaintextSecretWarning } from './plaintext-warning.js';
import { type HistoryOutcome, previousSchemaLookup, recordScan, resolveWorkspace } from './scans.js';

const nonEmpty = z.string().check(z.minLength(1));

export const scanRequestSchema = z.object({
  configPath: nonEmpty,
  dataSource: nonEmpty,
  checkPaths: z.array(nonEmpty).check(z.minLength(1, 'Give at least one check file or folder')),
  variables: z._default(z.record(z.string(), z.string()), {}),
  scanName: z._default(nonEmpty, 'gatehouse'),
  /** The workspace whose scan history the result is saved to (default: GATEHOUSE_HOME, else the OS data folder). */
  workspace: z.optional(nonEmpty),
  /** false: do not save this scan (schema-change checks still compare with the saved history). */
  history: z._default(z.boolean(), true),
  /** Collect failed-row samples (off by default; also on when the data source says `disable_samples: false`). */
  samples: z.optional(z.boolean()),
  /** Where passwords left out of configuration.yml are looked up (default: the store's own default). */
  secretBackend: z.optional(z.enum(SECRET_BACKENDS)),
});

export type ScanRequest = z.input<typeof scanRequestSchema>;

export interface ScanHooks {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  env?: Record<string, string | undefined>;
  /** Replaces the configured data source (the demo uses it for its embedded database). */
  dataSourceOverride?: DataSourceConfig;
  /** Where the result was saved in the workspace history, or why it could not be (a warning, not a failure). */
  onHistory?: (outcome: HistoryOutcome) => void;
  /** Each secret written in plain text in configuration.yml, as a warning to show loudly (also in the log). */
  onPlaintextSecret?: (warning: string) => void;
  /** The secret store to read passwords from (tests); default: the one `secretBackend` names. */
  secretStore?: SecretStore;
}

function failedScan(request: z.output<typeof scanRequestSchema>, log: ScanLog, started: Date): ScanResult {
  const at = sodaTimestamp(started);
  return {
    scanId: crypto.randomUUID(),
    definitionName: request.scanName,
    dataSource: request.dataSource,
    dataTimestamp: at,
    scanStartTimestamp: at,
    scanEndTimestamp: sodaTimestamp(new Date()),
    checks: [],
    metrics: [],
    queries: [],
    logs: log.entries,
    hasErrors: true,
    hasWarnings: false,
    hasFailures: false,
  };
}

/** `sql_file` contents for the parser, which never touches the file system itself. */
export function readSqlFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A function that runs its body at most once, every call sharing the first call's promise. */
function once<T>(body: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= body();
    return result;
  };
}

function samplingPolicy(ds: DataSourceConfig, requested: boolean | undefined): SamplingPolicy {
  return {
    enabled: requested ?? ds.sampler?.samplesRequested ?? false,
    defaultLimit: ds.sampler?.samplesLimit ?? DEFAULT_SAMPLES_LIMIT,
    excludeColumns: ds.sampler?.excludeColumns ?? {},
  };
}

export async function scan(rawRequest: ScanRequest, hooks: ScanHooks = {}): Promise<ScanResult> {
  const request = scanRequestSchema.parse(rawRequest);
  const workspace = resolveWorkspace(request.workspace, hooks.env ?? process.env);
  // Redacted once, here: the history, the results file and the Soda document all start from this result.
  const result = redactDeep(await scanOnce(request, hooks, workspace));
  // Every result is kept, failed ones too: the history shows what went wrong and when.
  if (request.history) {
    // Saved whether or not the caller listens (`onHistory?.(await …)` would skip the save without a listener).
    const outcome = await recordScan(workspace, result);
    hooks.onHistory?.(outcome);
  }
  return result;
}

async function scanOnce(
  request: z.output<typeof scanRequestSchema>,
  hooks: ScanHooks,
  workspace: string,
): Promise<ScanResult> {
  const started = new Date();
  const log = new ScanLog();
  const env = hooks.env ?? process.env;
  let connector: Connector | undefined;
  try {
    const found = hooks.dataSourceOverride
      ? undefined
      : await findDataSource(request.configPath, request.dataSource, { env, variables: request.variables });
    const ds = hooks.dataSourceOverride ?? (found?.ds as DataSourceConfig);
    for (const secret of found?.config.plaintextSecrets ?? []) {
      const warning = plaintextSecretWarning(secret, request.configPath, request.secretBackend);
      log.warning(warning, secret.location);
      hooks.onPlaintextSecret?.(warning);
    }
    const files = await readCheckFiles(request.checkPaths);
    const parseOptions = { variables: request.variables, env, readFile: readSqlFile };
    const parsed = parseChecks(files, parseOptions);
    for (const diagnostic of parsed.diagnostics)
      log.add(diagnostic.severity, diagnostic.message, diagnostic.location);
    if (parsed.checks.length === 0 && parsed.forEach.length === 0) {
      log.error('No checks to run: the check files define none that could be parsed.');
      return failedScan(request, log, started);
    }
    const openStore: OpenStore = hooks.secretStore
      ? async () => hooks.secretStore as SecretStore
      : async () => {
          const { openSecretStore } = await import('../secrets/open.js');
          return openSecretStore({ backend: request.secretBackend, workspace, env });
        };
    // Asked only when the server demands a password: a server that trusts the client never opens the store.
    let password: PasswordSource = { from: 'config' };
    const askStore = once(async () => {
      password = await passwordFromStore(
        ds,
        openStore,
        request.secretBackend ?? env.GATEHOUSE_SECRET_BACKEND,
      );
      const warning = unreachableWarning(ds, password);
      if (warning) log.warning(warning);
      // An empty password makes the server's refusal an authentication error, which gets the hint below.
      return password.from === 'store' ? password.password : '';
    });
    const backend = request.secretBackend ?? env.GATEHOUSE_SECRET_BACKEND;
    connector = await openConnector(ds, {
      ...(found && ds.password === undefined ? { password: askStore } : {}),
      ...(found ? { secret: (field: string) => secretFieldFromStore(ds, openStore, backend, field) } : {}),
      workspace,
      // Ctrl+C while connecting (a silent server, a dropped SYN) ends the wait at once, not after connection_timeout.
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    }).catch((error: unknown) => {
      if (hooks.signal?.aborted) throw new Error('The scan was cancelled while connecting; no query ran.');
      throw withRemedy(withPasswordHint(error, ds, password), ds);
    });
    return await runScan({
      checks: parsed.checks,
      forEach: { templates: parsed.forEach, parseOptions },
      connector,
      schema: ds.schema,
      definitionName: request.scanName,
      log,
      signal: hooks.signal,
      queryTimeoutMs: ds.statementTimeoutMs || undefined,
      onProgress: hooks.onProgress,
      startedAt: started,
      previousSchema: await previousSchemaLookup(workspace, request.dataSource, parsed, (m) =>
        log.warning(m),
      ),
      variables: { ...request.variables, ...env },
      sampling: samplingPolicy(ds, request.samples),
    });
  } catch (error) {
    if (error instanceof ConfigError) log.error(error.detail, error.location);
    else log.error((error as Error).message);
    return failedScan(request, log, started);
  } finally {
    await connector?.close().catch(() => {});
  }
}
