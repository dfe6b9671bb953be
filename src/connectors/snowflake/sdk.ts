/**
 * snowflake-sdk, loaded lazily and only after the process is made safe for it:
 * - SNOWFLAKE_DISABLE_PLATFORM_DETECTION: on load the SDK probes cloud metadata endpoints (169.254.169.254,
 *   metadata.google.internal, …) to describe its platform; Gatehouse opens no connection but to the data source.
 * - SF_OCSP_RESPONSE_CACHE_DIR: the OCSP response cache goes into the workspace, not `~/.cache/snowflake`.
 * - SF_TELEMETRY_DISABLE_CONNECTION_SHAPE: one in-band telemetry request less after each login.
 * - the local server of browser SSO listens on 127.0.0.1 only (browser-callback.ts).
 * - its logger is replaced by one that drops everything: the built-in one writes `snowflake.log` into the current
 *   folder, and log lines may carry connection details.
 * An environment variable the user set is left as it is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bindBrowserCallbackToLoopback } from './browser-callback.js';

type Sdk = typeof import('snowflake-sdk');

let loading: Promise<Sdk> | undefined;

const silent = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

function setDefault(name: string, value: string): void {
  if (process.env[name] === undefined) process.env[name] = value;
}

/** The SDK, configured once per process; `workspace` holds its OCSP cache (the first caller's wins). */
export function loadSnowflakeSdk(workspace: string): Promise<Sdk> {
  loading ??= (async () => {
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';
    setDefault('SF_TELEMETRY_DISABLE_CONNECTION_SHAPE', 'true');
    const ocspDir = join(workspace, 'cache', 'snowflake-ocsp');
    if (process.env.SF_OCSP_RESPONSE_CACHE_DIR === undefined) {
      mkdirSync(ocspDir, { recursive: true, mode: 0o700 });
      process.env.SF_OCSP_RESPONSE_CACHE_DIR = ocspDir;
    }
    // Before the SDK's own modules load: they keep the factory they find.
    await bindBrowserCallbackToLoopback();
    const { default: sdk } = (await import('snowflake-sdk')) as unknown as { default: Sdk };
    sdk.configure({ customLogger: silent, logLevel: 'OFF' });
    return sdk;
  })();
  return loading;
}
