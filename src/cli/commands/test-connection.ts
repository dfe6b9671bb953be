/** `gatehouse test-connection`: the connection test, step by step; exit 0 when every mandatory step passes, else 1. */
import {
  type TestConnectionHooks,
  type TestConnectionRequest,
  testConnection,
} from '../../api/test-connection.js';
import type { SecretBackendKind } from '../../secrets/store.js';
import { allowlistEntries } from '../allowlist-option.js';
import { renderDetails, stepDisplay } from '../connection-test-format.js';

export interface TestConnectionCommandOptions {
  dataSource: string;
  configuration: string;
  json?: boolean;
  egressIp?: boolean;
  egressIpService?: string[];
  allowlist?: string[];
  allowlistSource?: string;
  webhookAllowlist?: string[];
  /** Seconds per step. */
  timeout?: number;
  variable?: Record<string, string>;
  secretBackend?: SecretBackendKind;
  workspace?: string;
}

export async function runTestConnectionCommand(
  checkPaths: string[],
  options: TestConnectionCommandOptions,
  hooks: TestConnectionHooks = {},
): Promise<number> {
  const request: TestConnectionRequest = {
    configPath: options.configuration,
    dataSource: options.dataSource,
    checkPaths,
    variables: options.variable ?? {},
    egressIp: options.egressIp === true,
    ...(options.egressIpService ? { egressServices: options.egressIpService } : {}),
    ...(options.allowlist ? { allowlist: allowlistEntries(options.allowlist) } : {}),
    ...(options.allowlistSource ? { allowlistSource: options.allowlistSource } : {}),
    ...(options.webhookAllowlist ? { webhookAllowlist: allowlistEntries(options.webhookAllowlist) } : {}),
    ...(options.timeout !== undefined ? { stepTimeoutMs: Math.round(options.timeout * 1000) } : {}),
    ...(options.secretBackend ? { secretBackend: options.secretBackend } : {}),
    ...(options.workspace !== undefined ? { workspace: options.workspace } : {}),
  };
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  // --json prints the report and nothing else on stdout.
  const display = options.json ? undefined : stepDisplay(process.stdout);
  try {
    const report = await testConnection(request, {
      ...hooks,
      signal: controller.signal,
      ...(display ? { onStep: display.onStep } : {}),
    });
    display?.stop();
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : renderDetails(report, process.stdout),
    );
    return report.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
