/**
 * The desktop API: what the preload exposes to the renderer as `window.gatehouse`, and what the browser-test
 * harness exposes with the same shape. Types only — the renderer imports this file with `import type` and gets no
 * engine code. Each method is one capability of src/api; the main process answers it through
 * src/api/desktop/handlers.ts after checking the sender and validating the input with src/api/desktop/schemas.ts.
 *
 * Errors: every method rejects with a plain `GatehouseError` object (`{ code, message, remedy? }`) — never an
 * Error instance, never a stack, never a secret.
 *
 * Secrets: they go in (setSecret, saveDataSource's `secrets`, updateSettings' `secrets`) and never come out. The
 * renderer can only ask whether one is stored.
 *
 * Paths: a path the renderer passes (check files, a configuration to import, a workspace) must be one the user
 * chose with `pickPaths` in this session, or lie inside a folder chosen there; any other is refused with code
 * `forbidden`, unread.
 *
 * Streaming: calls that run for a while (runScan, testConnection) take a `runId` chosen by the renderer
 * (crypto.randomUUID()); subscribe before calling and filter events by that id.
 */
import type { DestinationKind, DestinationRef, Receipt } from '../../cloud/destination-ref.js';
import type { PrivacyConfig, PrivacyLevel, PrivacyRules } from '../../config/privacy.js';
import type { ConnectionTestReport, StepReport } from '../../diagnostics/report.js';
import type { LedgerEntry, LedgerVerification } from '../../outbox/ledger.js';
import type { LeftOut, WithheldField, WithheldReason } from '../../payload/build.js';
import type { FieldClass } from '../../payload/classes.js';
import type { DestinationWrapping } from '../../payload/destination.js';
import type { PayloadDiff } from '../../payload/diff.js';
import type { ScanProgress } from '../../scan/progress.js';
import type { CheckResult, Outcome, ScanResult } from '../../scan/result.js';
import type { BackendStatus, SecretBackendKind, SecretRef } from '../../secrets/store.js';
import type { Check, SodaclDiagnostic, SourceLocation } from '../../sodacl/model.js';
import type { ScanSummary } from '../../workspace/summary.js';

export type {
  BackendStatus,
  Check,
  CheckResult,
  ConnectionTestReport,
  DestinationKind,
  DestinationRef,
  FieldClass,
  LedgerEntry,
  LedgerVerification,
  LeftOut,
  Outcome,
  PayloadDiff,
  PrivacyConfig,
  PrivacyLevel,
  PrivacyRules,
  Receipt,
  ScanProgress,
  ScanResult,
  ScanSummary,
  SecretRef,
  SodaclDiagnostic,
  SourceLocation,
  StepReport,
  WithheldField,
  WithheldReason,
};

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

export type GatehouseErrorCode =
  /** The request did not pass its schema; `message` names the field. */
  | 'invalid-input'
  /** The call came from a frame that is not the app's own page, or names a path the user did not pick. */
  | 'forbidden'
  /** No such channel. */
  | 'unknown-method'
  /** configuration.yml is missing a key, has a bad value, or does not parse (the message has file:line:col). */
  | 'config'
  /** The keychain / vault could not do it (locked, unavailable, wrong passphrase…). */
  | 'secret-store'
  /** A scan, data source or file that does not exist. */
  | 'not-found'
  /** The name is taken (adding a data source that exists). */
  | 'conflict'
  /** A saved scan or the workspace could not be read. */
  | 'workspace'
  /** Approval or outbox refused (hash mismatch, no destination…). */
  | 'outbox'
  /** A destination is not configured or not usable. */
  | 'destination'
  /** A check file or folder could not be read. */
  | 'check-files'
  /** The run id is already in use by a running scan or test. */
  | 'busy'
  /** Anything else: `message` says what, never with a stack. */
  | 'internal';

/** What every rejected call gives the renderer: plain data, safe to show. */
export interface GatehouseError {
  code: GatehouseErrorCode;
  message: string;
  /** What the user can do about it, when known. */
  remedy?: string;
}

/** How handlers answer over IPC (the preload unwraps it: `ok: false` becomes a rejection with `error`). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: GatehouseError };

// ─── App ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface AppInfo {
  version: string;
  platform: string;
  /** The workspace folder: scan history, outbox, ledger, and the app's configuration file. */
  workspace: string;
  /** The app's configuration.yml (data sources, destinations, privacy), inside the workspace. */
  configPath: string;
}

/** Native file pickers (Electron's dialog; the browser harness answers with paths the test chose). */
export interface PickPathsRequest {
  purpose: 'check-files' | 'check-folder' | 'configuration' | 'export-folder' | 'workspace-folder';
}
/** The chosen absolute paths; empty when the user cancelled. */
export interface PickPathsResult {
  paths: string[];
}

// ─── Data sources ────────────────────────────────────────────────────────────────────────────────────────────

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/** A PostgreSQL data source as the form edits it (Soda's keys; the password is a secret, never here). */
export interface PostgresDefinition {
  type: 'postgres';
  name: string;
  host: string;
  port?: number;
  username: string;
  database: string;
  schema?: string;
  sslmode?: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  /** Seconds. */
  connectionTimeout?: number;
  poolSize?: number;
  /** Seconds, 0 = none. */
  statementTimeout?: number;
}

/**
 * Snowflake auth modes, in the order the form offers them: browser SSO for people, key pair for service users,
 * then tokens; password last (Snowflake is retiring single-factor passwords).
 */
export type SnowflakeAuthMode =
  | 'externalbrowser'
  | 'snowflake_jwt'
  | 'programmatic_access_token'
  | 'oauth'
  | 'snowflake';

export interface SnowflakeDefinition {
  type: 'snowflake';
  name: string;
  /** Account identifier, e.g. `myorg-myaccount`. */
  account: string;
  username: string;
  authenticator: SnowflakeAuthMode;
  warehouse?: string;
  role?: string;
  database?: string;
  schema?: string;
  /** Private-link endpoint or a test server. */
  host?: string;
  port?: number;
  protocol?: 'https' | 'http';
  connectionTimeout?: number;
}

export type DataSourceDefinition = PostgresDefinition | SnowflakeDefinition;

/**
 * Where a secret field of a data source stands. `stored`: in the secret store; `missing`: needed and nowhere;
 * `in-file`: written in plain text in configuration.yml (warn, offer the move); `env-reference`: `${VAR}` in the
 * file; `unknown`: the store could not be read (see SecretsStatus).
 */
export type SecretState = 'stored' | 'missing' | 'in-file' | 'env-reference' | 'unknown';

export interface SecretFieldStatus {
  field: string;
  /** Needed by the data source's auth mode (a passphrase is optional, for instance). */
  required: boolean;
  state: SecretState;
}

export interface DataSourceView {
  name: string;
  /** `postgres`, `snowflake`, or what the file says when it is something else. */
  type: string;
  /** The form's values; absent when the block cannot be read as one (see `problem`). */
  definition?: DataSourceDefinition;
  secrets: SecretFieldStatus[];
  /** Where the `data_source NAME:` block starts. */
  location: SourceLocation;
  /** Why the block is not usable as it is (validation message), if it is not. */
  problem?: string;
}

/** A secret field a kind of data source asks for (the form's write-only input). */
export interface SecretFieldSpec {
  field: string;
  /** The auth mode cannot do without it (a key's passphrase, a PostgreSQL password are optional). */
  required: boolean;
}

/**
 * Which secret fields each type and Snowflake auth mode uses: the engine's own rule (what it looks up in the
 * secret store and reports in `secrets`), sent with the list so the form asks for exactly those.
 */
export interface SecretFieldCatalog {
  postgres: SecretFieldSpec[];
  snowflake: Record<SnowflakeAuthMode, SecretFieldSpec[]>;
}

export interface DataSourceList {
  configPath: string;
  dataSources: DataSourceView[];
  secretFields: SecretFieldCatalog;
  /** A file that does not parse at all: nothing is listed, this says where it breaks. */
  fileProblem?: string;
  /** The secret store used for `stored`/`missing`. */
  backend: BackendStatus;
}

export interface SaveDataSourceRequest {
  definition: DataSourceDefinition;
  /** Editing: the current name, when renaming (secrets move with it). Absent: adding (the name must be new). */
  originalName?: string;
  /** Secret fields to store (e.g. `{ password: '…' }`): into the secret store, never into the file. */
  secrets?: Record<string, string>;
}

/** A Snowflake key pair checked on save: its public key's fingerprint, or what is still needed. */
export interface KeyPairCheck {
  /** `SHA256:…`, as Snowflake's `DESC USER … RSA_PUBLIC_KEY_FP` shows it. */
  fingerprint?: string;
  note?: string;
}

export interface SaveDataSourceResult {
  dataSource: DataSourceView;
  /** The secret fields stored in this call (names only). */
  storedSecrets: string[];
  backend: { kind: SecretBackendKind; description: string };
  /** When the save brought a Snowflake private key or its passphrase (key-pair sign-in). */
  keyPair?: KeyPairCheck;
  /** Stored secret fields the data source's sign-in no longer uses, deleted from the store (names only). */
  deletedSecrets?: string[];
}

export interface RemoveDataSourceRequest {
  name: string;
  /** Also delete its secrets from the store (default true). */
  deleteSecrets?: boolean;
}

export interface RemoveDataSourceResult {
  removed: boolean;
  deletedSecrets: string[];
}

export interface ImportConfigurationRequest {
  /**
   * An existing configuration.yml. Its data sources (and soda_cloud / destinations / privacy, when the app's file
   * has none) are copied into the app's configuration file.
   */
  path: string;
  /** Replace data sources of the same name (default false: such names are skipped and listed). */
  replace?: boolean;
}

export interface ImportConfigurationResult {
  /** Data source names (and `soda_cloud`, `destinations`, `privacy`) copied. */
  imported: string[];
  /** Names already in the app's file, left as they were. */
  skipped: string[];
  /** Plain-text secrets found in the imported file and moved into the secret store (names only). */
  movedSecrets: Array<{ dataSource: string; field: string; location: SourceLocation }>;
  /**
   * Lines written in a moved secret's place so the block keeps its meaning (a Snowflake `private_key` that chose
   * key-pair login leaves `authenticator: snowflake_jwt`).
   */
  addedLines: Array<{ dataSource: string; line: string }>;
  backend: { kind: SecretBackendKind; description: string };
  /** The imported file is never changed: when it holds plain-text secrets, this says how to clean it. */
  sourceWarning?: string;
}

// ─── Secrets ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface SecretRefRequest {
  dataSource: string;
  field: string;
}

export interface SetSecretRequest extends SecretRefRequest {
  value: string;
}

export interface SecretBackendInfo {
  kind: SecretBackendKind;
  /** For people: "GNOME Keyring (Secret Service)", "macOS Keychain"… */
  description: string;
}

export interface SetSecretResult {
  ref: SecretRef;
  backend: SecretBackendInfo;
}

export interface DeleteSecretResult {
  ref: SecretRef;
  deleted: boolean;
  backend: SecretBackendInfo;
}

export interface SecretList {
  /** Which secrets are stored: names, never values. */
  secrets: SecretRef[];
  backend: SecretBackendInfo;
}

// ─── Connection test ─────────────────────────────────────────────────────────────────────────────────────────

export interface TestConnectionRequest {
  runId: string;
  dataSource: string;
  /** Ask an echo service for this machine's public IP (the only egress beyond the data source). */
  egressIp?: boolean;
  /** Check files or folders whose datasets are tested for existence and read access. */
  checkPaths?: string[];
  /** Allowlist rules the user entered (a cloud security group, a firewall): `10.0.0.0/8`, or an explicit rule. */
  allowlist?: AllowlistEntry[];
}

export type AllowlistEntry = string | { action: 'allow' | 'deny'; value: string; label?: string };

// ─── Check files ─────────────────────────────────────────────────────────────────────────────────────────────

export interface OpenCheckFilesRequest {
  /** Check files and/or folders (searched recursively for .yml/.yaml). */
  paths: string[];
  /** Scan variables for `${VAR}` in the files. */
  variables?: Record<string, string>;
}

export interface CheckFileView {
  path: string;
  text: string;
}

export interface CheckFilesView {
  files: CheckFileView[];
  /** SodaCL errors and warnings, each with file, line and column. */
  diagnostics: SodaclDiagnostic[];
  checks: Check[];
  /** `for each dataset` sections (expanded only when a scan knows the tables). */
  forEach: Array<{ alias: string; location: SourceLocation }>;
}

// ─── Scans ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface RunScanRequest {
  runId: string;
  dataSource: string;
  checkPaths: string[];
  variables?: Record<string, string>;
  /** Scan definition name (default `gatehouse`). */
  scanName?: string;
  /** Collect failed-row samples (off by default). */
  samples?: boolean;
}

/**
 * A check's result as the app shows it: the result, its thresholds in words as the CLI writes them, and the key
 * `checkHistory` follows it by (absent for results saved before identities were recorded).
 */
export type CheckResultView = CheckResult & { thresholdText: string; historyKey?: string };

export type ScanResultView = Omit<ScanResult, 'checks'> & { checks: CheckResultView[] };

export interface ScanRunResult {
  runId: string;
  result: ScanResultView;
  /** Soda's exit code: 0 pass, 1 warnings, 2 failures, 3 errors. */
  exitCode: 0 | 1 | 2 | 3;
  /** The id of the saved scan in the history; absent when saving failed (`historyError`). */
  historyId?: string;
  historyError?: string;
  cancelled: boolean;
}

export interface CancelRunRequest {
  runId: string;
}

export interface CancelRunResult {
  /** False when no run with that id was running. */
  cancelled: boolean;
}

export interface ListScansRequest {
  dataSource?: string;
  limit?: number;
}

export interface ScanHistoryListing {
  workspace: string;
  scans: ScanSummary[];
  more: boolean;
  warnings: string[];
}

export interface ShowScanRequest {
  /** A scan id from the listing, or `latest`. */
  id: string;
}

export interface SavedScanView {
  workspace: string;
  id: string;
  result: ScanResultView;
  warnings: string[];
}

export interface CheckHistoryRequest {
  dataSource: string;
  /** The check's `historyKey`: its `identities.v4` (the user's `identity:`) if set, else `identities.v3`. */
  identity: string;
  /** The check's values in the data source's newest this-many scans (default 100); scans without it add no point. */
  limit?: number;
}

export interface CheckHistoryPoint {
  scanId: string;
  /** Scan start, ISO 8601. */
  time: string;
  value: number | null;
  outcome: Outcome | null;
}

export interface CheckHistory {
  dataSource: string;
  identity: string;
  /** Oldest first, for a chart. */
  points: CheckHistoryPoint[];
  warnings: string[];
}

// ─── Payload preview, approval, upload ───────────────────────────────────────────────────────────────────────

export interface PreviewRequest {
  /** A scan id, or `latest` (default). */
  scan?: string;
  /** Compare with the last payload sent for the same scan definition and data source. */
  diffLastUpload?: boolean;
  /**
   * The destination to lay the bytes out for: Soda Cloud takes sample rows as files of their own, the webhook and
   * the file export inside the one document. Default: the one approve() would choose (Settings' default).
   */
  destination?: DestinationKind;
}

/**
 * What a payload tree row is, as `PreviewTreeColumns.kind` holds it: 0 a leaf (a value in the bytes), 1 an object,
 * 2 a list, 3 a key the policy left out entirely (a threshold zone: not in the bytes, shown so the reviewer knows).
 */
export type PreviewRowKind = 0 | 1 | 2 | 3;

/**
 * The payload tree as columns, one entry per row (row 0 is the document; a row's descendants follow it): a
 * 5,000-check payload has some 135,000 rows, and a few typed arrays and two string lists cross IPC (structured
 * clone) and build in milliseconds where as many row objects took seconds. The renderer's virtual list reads the
 * rows it shows from the columns.
 */
export interface PreviewTreeColumns {
  /** Number of rows; every column has this length. */
  size: number;
  /** Nesting depth; the document is 0. */
  depth: Int32Array;
  /** Index of the parent row; -1 for the document. */
  parent: Int32Array;
  /** A PreviewRowKind per row. */
  kind: Int8Array;
  /** Object key or list index; null for the document. */
  key: (string | number | null)[];
  /** A leaf's JSON text (cut at 200 characters), a container's size (`{…} 5 fields`), `(left out)`. */
  text: string[];
  /** Index into `classes`, or -1 (containers). */
  fieldClass: Int8Array;
  /** Index into `reasons`, or -1 (not withheld). */
  withheld: Int8Array;
  /** The class names `fieldClass` indexes. */
  classes: FieldClass[];
  /** The reasons `withheld` indexes. */
  reasons: WithheldReason[];
}

export interface PersonalColumnFlag {
  dataset: string;
  column: string;
  /** Why it looks personal, e.g. `email`. */
  kind: string;
  status: 'excluded' | 'hashed' | 'named';
  inSamples: boolean;
  /** The data-derived metrics of the column the payload sends (`max`, `min`, …): values of it. */
  valuesIn: string[];
}

/**
 * One sample file that goes with the document (Soda Cloud at level `full`): one failed-rows sample as JSON Lines,
 * sent by `POST /api/scan/upload` before the document. The document names it by its SHA-256 at `pointer`, so
 * approving the document's hash approves these bytes too. Its whole content is of class `sample`.
 */
export interface SampleFileView {
  /** 1-based, in the document's (and the upload's) order. */
  index: number;
  /** The `File-Path` it is sent under. */
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes (the document holds `"fileId":"sha256:<this>"`). */
  sha256: string;
  rows: number;
  /** JSON Pointer of the `fileId` in the document that stands for this file. */
  pointer: string;
  /**
   * The bytes as UTF-8 text, when the file is small (SAMPLE_FILE_INLINE_BYTES, and the preview's inline total);
   * otherwise absent: `previewSampleFile` gives them on request.
   */
  text?: string;
}

/** One file's bytes, for a file the preview did not carry inline. */
export interface PreviewSampleFileRequest {
  /** The preview's `scanId`. */
  scan: string;
  /** The preview's `destination`. */
  destination?: DestinationKind;
  /** The file's SHA-256 as the preview listed it. */
  sha256: string;
}

export interface SampleFileBytes {
  path: string;
  size: number;
  sha256: string;
  /** Exactly the bytes, as UTF-8 text (canonical JSON lines). */
  text: string;
}

export interface PayloadPreviewView {
  workspace: string;
  scanId: string;
  definitionName: string;
  dataSource: string;
  /** The exact bytes that would leave, as UTF-8 text (canonical JSON). */
  text: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes: what approve() must be given. */
  sha256: string;
  policySha256: string;
  policy: PrivacyConfig;
  policySource: string;
  tree: PreviewTreeColumns;
  classCounts: Record<FieldClass, number>;
  withheldCounts: Partial<Record<WithheldReason, number>>;
  /** Per class, the withheld fields still in the bytes (as null or a stand-in) and those left out. */
  withheldByClass: Partial<Record<FieldClass, { inDocument: number; leftOut: number }>>;
  withheld: WithheldField[];
  leftOut: LeftOut[];
  personal: PersonalColumnFlag[];
  destinations: DestinationWrapping[];
  /** The destination the bytes are laid out for (the one asked for, else the default); absent when none is set. */
  destination?: DestinationKind;
  /** Where sample rows go when the level lets them out: inside the document, or as `sampleFiles`. */
  sampleLayout: 'inline' | 'files';
  /** The files that go with the document, in its order; empty unless Soda Cloud at level `full` with samples. */
  sampleFiles: SampleFileView[];
  diff?: { against: string; diff: PayloadDiff };
  diffNote?: string;
  warnings: string[];
  /** GATEHOUSE_DRY_RUN is set: nothing will be sent. */
  dryRun: boolean;
}

export interface ApproveRequest {
  /** A scan id, or `latest`. */
  scan: string;
  /** The SHA-256 the user saw in the preview. */
  sha256: string;
  /**
   * The preview's `destination`: the bytes are rebuilt laid out for it. Default: Soda Cloud if configured, else the
   * webhook, else the file export. Bytes previewed for another layout are refused, with a message that says so.
   */
  destination?: DestinationKind;
}

/** An outbox item as the app shows it: the approval and its delivery state (never the bytes). */
export interface OutboxEntry {
  id: string;
  scanId: string;
  definitionName: string;
  dataSource: string;
  sha256: string;
  size: number;
  policySha256: string;
  destination: DestinationRef;
  approver: string;
  approvedAt: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  updatedAt: string;
  lastError?: string;
  nextAttemptAt?: string;
  receipt?: Receipt;
  /** The sample files approved with the document (Soda Cloud, level `full`), in its order. */
  sampleFiles?: Array<{ path: string; size: number; sha256: string }>;
}

export interface ApproveResult {
  scanId: string;
  entry: OutboxEntry;
  /** False when these bytes were already approved for this destination. */
  created: boolean;
  warnings: string[];
}

export interface UploadRequest {
  /** Only items approved for this kind of destination. */
  destination?: DestinationKind;
  /** Hold back every network destination (a file export still happens). */
  offline?: boolean;
}

export interface UploadOutcome {
  id: string;
  result: 'sent' | 'recovered' | 'failed' | 'held' | 'refused' | 'skipped';
  detail?: string;
  receipt?: Receipt;
  entry?: OutboxEntry;
}

export interface UploadResult {
  dryRun: boolean;
  outcomes: UploadOutcome[];
}

export interface OutboxView {
  items: OutboxEntry[];
  refused: Array<{ path: string; problem: string }>;
  warnings: string[];
}

export interface LedgerView {
  path: string;
  entries: LedgerEntry[];
}

// ─── Settings ────────────────────────────────────────────────────────────────────────────────────────────────

export interface DestinationSettings {
  sodaCloud?: {
    host?: string;
    port?: number;
    scheme: 'https' | 'http';
    apiKeyId?: string;
    /** Whether the API key secret is stored (never the secret). */
    apiKeySecret: SecretState;
  };
  webhook?: { url: string; signingSecret: SecretState };
  file?: { path: string };
  /** Where approve() sends when no destination is given; absent when none is configured. */
  defaultKind?: DestinationKind;
}

export interface Settings {
  workspace: string;
  configPath: string;
  privacy: PrivacyConfig;
  /** True when the file has no `privacy:` block (the default policy applies). */
  privacyIsDefault: boolean;
  destinations: DestinationSettings;
  keychain: BackendStatus;
}

/** Each present key replaces that part; `null` removes a destination. */
export interface SettingsUpdate {
  privacy?: PrivacyConfig;
  sodaCloud?: { host?: string; port?: number; scheme?: 'https' | 'http'; apiKeyId?: string } | null;
  webhook?: { url: string } | null;
  file?: { path: string } | null;
  /** Destination secrets to store: `apiKeySecret` (Soda Cloud), `signingSecret` (webhook). Write-only. */
  secrets?: { apiKeySecret?: string; signingSecret?: string };
  /** Switch to another workspace folder (created if missing). */
  workspace?: string;
}

// ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

export type GatehouseEvent =
  | { type: 'scan-progress'; runId: string; progress: ScanProgress }
  | { type: 'scan-finished'; runId: string; exitCode: 0 | 1 | 2 | 3; cancelled: boolean; historyId?: string }
  | { type: 'connection-step'; runId: string; index: number; step: StepReport }
  | { type: 'connection-finished'; runId: string; ok: boolean };

export type GatehouseListener = (event: GatehouseEvent) => void;

// ─── The API ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Every request/response method, by name: the IPC channel is `gatehouse:<name>`. */
export interface GatehouseMethods {
  appInfo(): Promise<AppInfo>;
  pickPaths(request: PickPathsRequest): Promise<PickPathsResult>;
  /** Open an https URL in the system browser (documentation links); anything else is refused. */
  openExternal(request: { url: string }): Promise<{ opened: boolean }>;

  listDataSources(): Promise<DataSourceList>;
  saveDataSource(request: SaveDataSourceRequest): Promise<SaveDataSourceResult>;
  removeDataSource(request: RemoveDataSourceRequest): Promise<RemoveDataSourceResult>;
  importConfiguration(request: ImportConfigurationRequest): Promise<ImportConfigurationResult>;

  secretsStatus(): Promise<BackendStatus>;
  listSecrets(): Promise<SecretList>;
  setSecret(request: SetSecretRequest): Promise<SetSecretResult>;
  deleteSecret(request: SecretRefRequest): Promise<DeleteSecretResult>;

  /** Streams `connection-step` events for `runId`, then resolves with the whole report. */
  testConnection(request: TestConnectionRequest): Promise<ConnectionTestReport>;

  openCheckFiles(request: OpenCheckFilesRequest): Promise<CheckFilesView>;

  /** Streams `scan-progress` for `runId`, emits `scan-finished`, resolves with the result (saved in the history). */
  runScan(request: RunScanRequest): Promise<ScanRunResult>;
  /** Cancels a running scan or connection test: its queries are cancelled on the server. */
  cancelRun(request: CancelRunRequest): Promise<CancelRunResult>;
  listScans(request: ListScansRequest): Promise<ScanHistoryListing>;
  showScan(request: ShowScanRequest): Promise<SavedScanView>;
  checkHistory(request: CheckHistoryRequest): Promise<CheckHistory>;

  previewPayload(request: PreviewRequest): Promise<PayloadPreviewView>;
  /** One sample file of a preview, byte for byte (rebuilt as the preview was); `not-found` if it is not in it. */
  previewSampleFile(request: PreviewSampleFileRequest): Promise<SampleFileBytes>;
  /** Queues the bytes in the outbox if their SHA-256 is still `sha256`; else rejects (code `outbox`). */
  approve(request: ApproveRequest): Promise<ApproveResult>;
  /** Send now: delivers every queued item (or only `destination`'s). */
  upload(request: UploadRequest): Promise<UploadResult>;
  listOutbox(): Promise<OutboxView>;
  showLedger(): Promise<LedgerView>;
  verifyLedger(): Promise<LedgerVerification>;

  getSettings(): Promise<Settings>;
  updateSettings(request: SettingsUpdate): Promise<Settings>;
}

export type GatehouseMethodName = keyof GatehouseMethods;

/** The request type of a method (`undefined` for methods without one). */
export type RequestOf<M extends GatehouseMethodName> =
  Parameters<GatehouseMethods[M]> extends [infer R] ? R : undefined;

/** The resolved value of a method. */
export type ResultOf<M extends GatehouseMethodName> = Awaited<ReturnType<GatehouseMethods[M]>>;

/** `window.gatehouse`. */
export interface GatehouseApi extends GatehouseMethods {
  /** Every event of every run; returns the unsubscribe function. */
  subscribe(listener: GatehouseListener): () => void;
}

/** The IPC channel of a method. */
export type ChannelOf<M extends GatehouseMethodName> = `gatehouse:${M}`;
/** The one channel events arrive on. */
export type EventChannel = 'gatehouse:event';
