/**
 * The connection test, shared by the CLI and the desktop app: configuration → step-by-step report. The data
 * source and its password are found as for a scan (the password from the secret store only when the server asks
 * for one). Never throws on bad input or a failing connection: both end in the report.
 */
import * as z from 'zod/mini';
import { redactDeep } from '../common/redaction.js';
import type { DataSourceConfig } from '../config/model.js';
import type { Connector } from '../connectors/connector.js';
import { datasetsOfChecks } from '../diagnostics/check-datasets.js';
import type { AllowlistRule } from '../diagnostics/cidr.js';
import { runConnectionTest } from '../diagnostics/connection-test.js';
import { DEFAULT_EGRESS_SERVICES } from '../diagnostics/egress-ip.js';
import type { ConnectionTestReport, StepListener } from '../diagnostics/report.js';
import { expandForEach } from '../scan/for-each-dataset.js';
import { SECRET_BACKENDS, type SecretStore } from '../secrets/store.js';
import type { ForEachDatasetTemplate, Identifier } from '../sodacl/model.js';
import { parseChecks } from '../sodacl/parse.js';
import { CheckFilesError, readCheckFiles } from './check-files.js';
import {
  type OpenStore,
  type PasswordSource,
  passwordFromStore,
  secretFieldFromStore,
  withPasswordHint,
} from './data-source-secret.js';
import { findDataSource } from './find-data-source.js';
import { plaintextSecretWarning } from './plaintext-warning.js';
import { readSqlFile } from './scan.js';
import { resolveWorkspace } from './scans.js';

const nonEmpty = z.string().check(z.minLength(1));

/** `10.0.0.0/8`, or `{ action: 'deny', value: '10.1.0.0/16', label: 'office VPN' }`. */
const allowlistEntry = z.union([
  nonEmpty,
  z.object({ action: z.enum(['allow', 'deny']), value: nonEmpty, label: z.optional(nonEmpty) }),
]);

export const testConnectionRequestSchema = z.object({
  configPath: nonEmpty,
  dataSource: nonEmpty,
  /** `${VAR}` values for the configuration and check files, as a scan's `-v`. */
  variables: z._default(z.record(z.string(), z.string()), {}),
  /** Check files or folders whose datasets are tested for existence and read access (optional). */
  checkPaths: z._default(z.array(nonEmpty), []),
  /** Look up the public egress address through an echo service (never done unless true). */
  egressIp: z._default(z.boolean(), false),
  /** Echo services to ask, in order (https, or http to loopback); default: a built-in list. */
  egressServices: z.optional(z.array(nonEmpty).check(z.minLength(1))),
  /** Allowlist rules the user enters (a cloud security group, a firewall), evaluated for the address seen. */
  allowlist: z.optional(z.array(allowlistEntry)),
  /** Where those rules come from, for the report. */
  allowlistSource: z._default(nonEmpty, 'the rules you entered'),
  /** A firewall allowlist to check Soda Cloud's webhook source addresses against. */
  webhookAllowlist: z.optional(z.array(allowlistEntry)),
  /** Each step's timeout; default: the data source's connection_timeout, at most 30 s. */
  stepTimeoutMs: z.optional(z.number().check(z.int(), z.positive(), z.maximum(600_000))),
  /** Where passwords left out of configuration.yml are looked up (default: the store's own default). */
  secretBackend: z.optional(z.enum(SECRET_BACKENDS)),
  /** The workspace of the encrypted vault, when that is the secret backend. */
  workspace: z.optional(nonEmpty),
});

export type TestConnectionRequest = z.input<typeof testConnectionRequestSchema>;

export interface TestConnectionHooks {
  onStep?: StepListener;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
  /** The secret store to read passwords from (tests); default: the one `secretBackend` names. */
  secretStore?: SecretStore;
  /** Bind client sockets to this local address. For tests of source-address rules; not a user setting. */
  localAddress?: string;
}

const MAX_DEFAULT_STEP_TIMEOUT_MS = 30_000;

function rules(entries: z.output<typeof allowlistEntry>[]): AllowlistRule[] {
  return entries.map((entry) => (typeof entry === 'string' ? { action: 'allow', value: entry } : entry));
}

/** The datasets `for each dataset` sections name outright (not patterns), as unquoted identifiers. */
function namedInForEach(templates: readonly ForEachDatasetTemplate[]): Identifier[] {
  return templates.flatMap((template) =>
    template.selectors
      .filter((selector) => selector.kind === 'name')
      .map((selector) => ({ name: selector.pattern, quoted: false })),
  );
}

function found(ds: DataSourceConfig | undefined): DataSourceConfig {
  if (!ds) throw new Error('The data source was not loaded');
  return ds;
}

/** Validation errors of a request, as one line for the configuration step. */
function requestProblem(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
}

export async function testConnection(
  rawRequest: TestConnectionRequest,
  hooks: TestConnectionHooks = {},
): Promise<ConnectionTestReport> {
  const parsed = testConnectionRequestSchema.safeParse(rawRequest);
  const env = hooks.env ?? process.env;
  if (!parsed.success) {
    const problem = `The connection test request is invalid: ${requestProblem(parsed.error)}`;
    return runConnectionTest({
      dataSource: String((rawRequest as { dataSource?: unknown })?.dataSource ?? ''),
      load: async () => {
        throw new Error(problem);
      },
      stepTimeoutMs: 1_000,
    });
  }
  const request = parsed.data;
  let ds: DataSourceConfig | undefined;
  let source: PasswordSource = { from: 'config' };
  const openStore: OpenStore = hooks.secretStore
    ? async () => hooks.secretStore as SecretStore
    : async () => {
        const { openSecretStore } = await import('../secrets/open.js');
        const workspace = resolveWorkspace(request.workspace, env);
        return openSecretStore({ backend: request.secretBackend, workspace, env });
      };
  const report = await runConnectionTest({
    dataSource: request.dataSource,
    load: async () => {
      const found = await findDataSource(request.configPath, request.dataSource, {
        env,
        variables: request.variables,
      });
      ds = found.ds;
      // The scan's loud warning, for this data source's own secrets: shown with the configuration step.
      const warnings = found.config.plaintextSecrets
        .filter((secret) => secret.dataSource === request.dataSource)
        .map((secret) => plaintextSecretWarning(secret, request.configPath, request.secretBackend));
      return { ds, warnings };
    },
    password: (found) =>
      found.password !== undefined
        ? undefined
        : async () => {
            source = await passwordFromStore(
              found,
              openStore,
              request.secretBackend ?? env.GATEHOUSE_SECRET_BACKEND,
            );
            // An empty password makes the server's refusal an authentication error, which gets the hint.
            return source.from === 'store' ? source.password : '';
          },
    secret: (found) => (field) =>
      secretFieldFromStore(found, openStore, request.secretBackend ?? env.GATEHOUSE_SECRET_BACKEND, field),
    workspace: resolveWorkspace(request.workspace, env),
    explainLoginFailure: (error, found) => withPasswordHint(error, found, source),
    ...(request.checkPaths.length > 0
      ? {
          datasets: async (connector: Connector, signal: AbortSignal) => {
            const files = await readCheckFiles(request.checkPaths).catch((error: unknown) => {
              // A missing file or an empty folder is the check files' fault, not the connection's.
              if (error instanceof CheckFilesError) return error;
              throw error;
            });
            if (files instanceof CheckFilesError)
              return { datasets: [], problems: [], errors: [files.message] };
            const parseOptions = { variables: request.variables, env, readFile: readSqlFile };
            const checks = parseChecks(files, parseOptions);
            // `for each dataset` sections: their datasets, as a scan would select them from the tables listed
            // now, and the names they list outright (a scan skips those it cannot see; the test says why).
            const expansion = await expandForEach(
              connector,
              checks.forEach,
              found(ds).schema,
              parseOptions,
              signal,
            );
            const where = (d: (typeof checks.diagnostics)[number]) =>
              `${d.location.filePath}:${d.location.line}:${d.location.col}: ${d.message}`;
            const diagnostics = [...checks.diagnostics, ...expansion.diagnostics];
            const errors = diagnostics.filter((d) => d.severity === 'error').map(where);
            const problems = expansion.diagnostics.filter((d) => d.severity !== 'error').map(where);
            return {
              errors,
              datasets: datasetsOfChecks(
                [...checks.checks, ...expansion.checks],
                namedInForEach(checks.forEach),
              ),
              problems,
            };
          },
        }
      : {}),
    ...(request.allowlist
      ? { allowlist: { rules: rules(request.allowlist), source: request.allowlistSource } }
      : {}),
    ...(request.webhookAllowlist ? { webhookAllowlist: rules(request.webhookAllowlist) } : {}),
    ...(request.egressIp
      ? {
          egress: {
            services: request.egressServices ?? DEFAULT_EGRESS_SERVICES,
            env: env as NodeJS.ProcessEnv,
          },
        }
      : {}),
    stepTimeoutMs: () =>
      request.stepTimeoutMs ??
      Math.min(ds?.connectionTimeoutMs ?? MAX_DEFAULT_STEP_TIMEOUT_MS, MAX_DEFAULT_STEP_TIMEOUT_MS),
    ...(hooks.localAddress ? { localAddress: hooks.localAddress } : {}),
    ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  });
  // Raw driver messages are redacted when classified; this catches anything else that echoed a secret.
  return redactDeep(report);
}
