/**
 * The connection test: the declared steps wired to their probes, run in order, and what the run found about IP
 * allowlisting (the address the server saw, the verdict of the rules, the request for an admin). Engine-specific
 * work goes through the data source type's DiagnosticEngine.
 */
import type { DataSourceConfig } from '../config/model.js';
import type { Connector } from '../connectors/connector.js';
import type { Identifier } from '../sodacl/model.js';
import type { AllowlistRule } from './cidr.js';
import { evaluateAllowlist } from './cidr.js';
import type { ClassifyContext } from './classification.js';
import { describeDatasets } from './dataset-findings.js';
import type { DiagnosticEngine, EngineSession, EngineTarget } from './engines/engine.js';
import { engineFor } from './engines/registry.js';
import { type IpState, ipFinding, type UserAllowlist } from './ip-finding.js';
import { connectEach, failure, resolveHost } from './probe-network.js';
import { probeTls } from './probe-tls.js';
import type { ConnectionTestReport, StepId, StepListener } from './report.js';
import { configFailure, timeoutFailure } from './step-failures.js';
import { type Probe, type ProbeResult, runSteps } from './step-runner.js';
import { CONNECTION_TEST_STEPS } from './steps.js';

export type { UserAllowlist } from './ip-finding.js';

export interface ConnectionTestOptions {
  dataSource: string;
  /**
   * Loads and validates the data source; what it throws fails the configuration step with its message. Warnings
   * (a password written in plain text) are shown with the step, which still passes.
   */
  load: () => Promise<{ ds: DataSourceConfig; warnings?: string[] }>;
  /** The password for the login: a function is asked only when the server demands one. */
  password?: (ds: DataSourceConfig) => string | (() => Promise<string>) | undefined;
  /** Other secret fields for the login (Snowflake's private key, passphrase, token), read from the store. */
  secret?: (ds: DataSourceConfig) => ((field: string) => Promise<string | undefined>) | undefined;
  /** The workspace folder, for driver caches. */
  workspace?: string;
  /** A failed login, rewritten to say where the password came from (keychain, none, unreachable store). */
  explainLoginFailure?: (error: unknown, ds: DataSourceConfig) => unknown;
  /**
   * The datasets of the check files, read and parsed when the datasets step runs; absent: no check files. The
   * connector is logged in: `for each dataset` sections need the data source's tables listed.
   */
  datasets?: (
    connector: Connector,
    signal: AbortSignal,
  ) => Promise<{
    datasets: Identifier[];
    /** Notes on the check files (a `for each dataset` section matching nothing). */
    problems: string[];
    /** Check files that could not be read or parsed: the datasets they use are then not all known. */
    errors: string[];
  }>;
  /** Rules the user entered (a cloud security group, a firewall): evaluated for the address the server saw. */
  allowlist?: UserAllowlist;
  /** A firewall allowlist to check Soda Cloud's webhook source addresses against. */
  webhookAllowlist?: AllowlistRule[];
  /** Look up the public egress address (only when the user asked for it). */
  egress?: { services: readonly string[]; env?: NodeJS.ProcessEnv };
  /** Each step's timeout; a function is asked per step (it may depend on the loaded data source). */
  stepTimeoutMs: number | (() => number);
  /** Bind client sockets to this local address (tests). */
  localAddress?: string;
  onStep?: StepListener;
  signal?: AbortSignal;
}

/** What the steps learn and hand on to the later ones. */
interface RunState extends IpState {
  addresses: string[];
  reachable: string[];
  session?: EngineSession;
  encrypted?: boolean;
}

/** How much longer than its step a driver's own connection timeout runs. */
const DRIVER_GRACE_MS = 500;

function stepTimeout(options: ConnectionTestOptions): number {
  return typeof options.stepTimeoutMs === 'function' ? options.stepTimeoutMs() : options.stepTimeoutMs;
}

/** A step's time: the engine may give Authentication more (a browser login waits for a person). */
function timeoutOf(stepId: string, options: ConnectionTestOptions, state: RunState): number {
  const ms = stepTimeout(options);
  if (stepId !== 'auth' || !state.engine?.authTimeoutMs || !state.ds) return ms;
  return state.engine.authTimeoutMs(state.ds, ms);
}

function context(state: RunState): ClassifyContext {
  return state.target?.context ?? {};
}

function probes(options: ConnectionTestOptions, state: RunState): Partial<Record<StepId, Probe>> {
  const recordFailure = (result: ProbeResult): ProbeResult => {
    if (result.status === 'fail' && result.classification) state.failure ??= result.classification;
    return result;
  };
  return {
    config: async () => {
      try {
        const { ds, warnings = [] } = await options.load();
        const engine = engineFor(ds.type);
        if (!engine) {
          return configFailure(
            new Error(`The connection test does not support data sources of type ${ds.type} yet.`),
          );
        }
        const target = engine.target(ds);
        Object.assign(state, { ds, engine, target });
        const { user, database } = target.context;
        return {
          status: 'pass',
          message: `Data source ${ds.name} (${ds.type}) is complete and valid.`,
          facts: [
            { label: 'Server', value: `${target.host}:${target.port}` },
            ...(user ? [{ label: 'User', value: user }] : []),
            ...(database ? [{ label: 'Database', value: database }] : []),
            { label: 'TLS', value: target.tls.setting },
            ...warnings.map((warning) => ({ label: 'Warning', value: warning })),
          ],
        };
      } catch (error) {
        return configFailure(error);
      }
    },
    dns: async (signal) => {
      const target = state.target as EngineTarget;
      const found = await resolveHost(target.host, target.context, signal);
      state.addresses = found.addresses;
      return recordFailure(found.result);
    },
    tcp: async (signal) => {
      const target = state.target as EngineTarget;
      const found = await connectEach(
        state.addresses,
        target.port,
        target.context,
        signal,
        options.localAddress,
      );
      state.reachable = found.reachable;
      return recordFailure(found.result);
    },
    tls: async (signal) => {
      const target = state.target as EngineTarget;
      const engine = state.engine as DiagnosticEngine;
      const result = await probeTls(
        {
          target,
          address: state.reachable[0] as string,
          ...(engine.startTls ? { startTls: engine.startTls } : {}),
          ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        },
        target.context,
        signal,
      );
      return recordFailure(result);
    },
    auth: async (signal) => {
      const ds = state.ds as DataSourceConfig;
      const engine = state.engine as DiagnosticEngine;
      const password = options.password?.(ds);
      const secret = options.secret?.(ds);
      const pending = engine.connect(ds, {
        ...(password !== undefined ? { password } : {}),
        ...(secret ? { secret } : {}),
        ...(options.workspace ? { workspace: options.workspace } : {}),
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        // A little longer than the step: the step's own timeout must decide, so the report says which step waited.
        timeoutMs: timeoutOf('auth', options, state) + DRIVER_GRACE_MS,
        signal,
      });
      // An engine that cannot abandon a login on the signal: close it should it complete after all.
      const abandon = () => void pending.then((session) => session.close()).catch(() => {});
      signal.addEventListener('abort', abandon, { once: true });
      try {
        state.session = await pending;
      } catch (error) {
        const explained = options.explainLoginFailure?.(error, ds) ?? error;
        const result = failure(explained, context(state));
        const ip = result.classification?.clientIp;
        if (ip) state.serverSeen = { ip, source: 'rejection' };
        return recordFailure(result);
      } finally {
        signal.removeEventListener('abort', abandon);
      }
      return { status: 'pass', message: `Logged in as ${context(state).user ?? 'the configured user'}.` };
    },
    access: async (signal) => {
      const session = state.session as EngineSession;
      try {
        const facts = await session.access(signal);
        if (facts.clientIp) state.serverSeen = { ip: facts.clientIp, source: 'session' };
        if (facts.encrypted !== undefined) state.encrypted = facts.encrypted;
        const seen = facts.clientIp ? `; the server sees this machine as ${facts.clientIp}` : '';
        return {
          status: 'pass',
          message: `SELECT 1 ran on ${facts.serverVersion} as ${facts.currentUser}${seen}.`,
          facts: [
            { label: 'Server version', value: facts.serverVersion },
            { label: 'Current user', value: facts.currentUser },
            ...(facts.currentRole ? [{ label: 'Current role', value: facts.currentRole }] : []),
            ...(facts.database ? [{ label: 'Database', value: facts.database }] : []),
            ...(facts.clientIp ? [{ label: 'Address the server sees', value: facts.clientIp }] : []),
            ...(facts.encrypted !== undefined
              ? [{ label: 'Encrypted', value: facts.encrypted ? 'yes (TLS)' : 'no' }]
              : []),
          ],
        };
      } catch (error) {
        return recordFailure(failure(error, context(state)));
      }
    },
    datasets: async (signal) => {
      if (!options.datasets) {
        return {
          status: 'skipped',
          message: 'No check files given: pass check files to test the datasets they use.',
        };
      }
      const engine = state.engine as DiagnosticEngine;
      const ds = state.ds as DataSourceConfig;
      try {
        const session = state.session as EngineSession;
        const { datasets, problems, errors } = await options.datasets(session.connector, signal);
        const access = await session.datasets(datasets, signal);
        return recordFailure(
          describeDatasets(
            access,
            { problems, errors },
            engine.grantRequest(
              ds,
              access.filter((d) => d.status !== 'readable'),
            ),
            context(state),
          ),
        );
      } catch (error) {
        return recordFailure(failure(error, context(state)));
      }
    },
    allowlist: async (signal) => {
      const session = state.session as EngineSession;
      const ip = state.serverSeen?.ip;
      try {
        const server = await session.allowlist(signal, {
          ...(state.encrypted !== undefined ? { encrypted: state.encrypted } : {}),
          ...(ip ? { clientIp: ip } : {}),
        });
        const unevaluated = server.unevaluated.map((line) => ({ label: 'Not evaluated', value: line }));
        if (!ip) {
          return {
            status: 'pass',
            message: `${server.rules.length} rules read from ${server.source}; the server does not report the client address, so none was evaluated.`,
            facts: unevaluated,
          };
        }
        const verdict = evaluateAllowlist(server.rules, ip, server.options);
        if (verdict.undecided) {
          // Neither admitted nor refused: no verdict to show, and nothing to ask an admin for.
          return {
            status: 'fail',
            message: `${server.source}: ${verdict.reason}`,
            facts: unevaluated,
            remediation:
              'Ask the admin whether that rule covers this address, or give the rules that apply with --allowlist.',
          };
        }
        state.serverAllowlist = { ...verdict, source: server.source };
        return {
          status: verdict.allowed ? 'pass' : 'fail',
          message: `${server.source}: ${verdict.reason}`,
          facts: [
            ...(verdict.matchedRule ? [{ label: 'Deciding rule', value: verdict.matchedRule }] : []),
            ...unevaluated,
          ],
          ...(verdict.allowed
            ? {}
            : { remediation: 'Ask the admin to admit this address (see the admin request below).' }),
        };
      } catch (error) {
        const result = failure(error, context(state));
        return {
          ...result,
          message: `The server's allowlist rules cannot be read: ${result.message}`,
          remediation: `${(state.engine as DiagnosticEngine).allowlistHelp ?? 'Reading them needs extra privileges.'} Or ask the admin for the rules and give them with --allowlist to have them evaluated.`,
        };
      }
    },
  };
}

/** Run the connection test. Never throws: every problem ends in a step's report. */
export async function runConnectionTest(options: ConnectionTestOptions): Promise<ConnectionTestReport> {
  const startedAt = new Date();
  const started = performance.now();
  const state: RunState = { addresses: [], reachable: [] };
  let steps: ConnectionTestReport['steps'];
  try {
    steps = await runSteps(CONNECTION_TEST_STEPS, probes(options, state), {
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      timeoutMs: (step) => timeoutOf(step.id, options, state),
      onTimeout: (step, ms) => {
        const result = timeoutFailure(step, ms, context(state));
        state.failure ??= result.classification;
        return result;
      },
    });
  } finally {
    await state.session?.close().catch(() => {});
  }
  const ip = await ipFinding(state, {
    ...(options.egress ? { egress: options.egress } : {}),
    ...(options.allowlist ? { allowlist: options.allowlist } : {}),
    ...(options.webhookAllowlist ? { webhookAllowlist: options.webhookAllowlist } : {}),
    timeoutMs: stepTimeout(options),
  });
  return {
    dataSource: options.dataSource,
    type: state.ds?.type ?? 'unknown',
    steps,
    // Skipped steps count as passed: they were not applicable, or an earlier mandatory step already failed.
    ok: !steps.some((step) => step.mandatory && step.status === 'fail'),
    ip,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}
