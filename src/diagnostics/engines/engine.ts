/**
 * What the connection test needs from each database engine: where to connect, how TLS starts, how to log in,
 * and the engine's own queries for access, datasets and allowlist rules. The generic steps (DNS, TCP, TLS
 * certificate checks) and the runner know nothing engine-specific.
 */
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { DataSourceConfig } from '../../config/model.js';
import type { Connector } from '../../connectors/connector.js';
import type { Identifier } from '../../sodacl/model.js';
import type { AdminRequest } from '../admin-request.js';
import type { AllowlistOptions, AllowlistRule } from '../cidr.js';
import type { ClassifyContext } from '../classification.js';

/** How the client speaks TLS to this data source, as its settings say. */
export interface TlsPlan {
  /** `none`: no TLS at all (sslmode disable). */
  use: 'none' | 'required' | 'optional';
  /** The certificate must chain to a trusted CA (sslrootcert, or the system's CAs). */
  verifyCa: boolean;
  /** The certificate must name the host. */
  verifyHost: boolean;
  /** Node TLS options: CA, client certificate and key. Verification is judged by the test, not by Node. */
  options: ConnectionOptions;
  /** The setting that decided this, for messages: `sslmode verify-full`. */
  setting: string;
}

export interface EngineTarget {
  host: string;
  port: number;
  tls: TlsPlan;
  context: ClassifyContext;
}

export interface ConnectOptions {
  /** The password, or a function asked only when the server demands one. */
  password?: string | (() => Promise<string>);
  /** Bind client sockets to this local address (tests: a second loopback address). Not a user setting. */
  localAddress?: string;
  /** Other secret fields the login mode needs (Snowflake's private key, passphrase, token), from the store. */
  secret?: (field: string) => Promise<string | undefined>;
  /** The workspace folder, for driver caches (Snowflake's OCSP cache). */
  workspace?: string;
  timeoutMs: number;
  /** Aborts when the step gives up: an engine that can abandons the login at once, releasing its sockets. */
  signal?: AbortSignal;
}

export interface AccessFacts {
  serverVersion: string;
  currentUser: string;
  currentRole?: string;
  database?: string;
  /** The client address as the server sees it; absent for a Unix socket or when the engine cannot tell. */
  clientIp?: string;
  /** Whether the session is encrypted, when the engine can tell. */
  encrypted?: boolean;
}

export interface DatasetAccess {
  /** The dataset as the check files name it. */
  name: string;
  /** The qualified name the engine resolved or looked for. */
  qualified: string;
  /** The schema it was found in (or looked for in), when known. */
  schema?: string;
  status: 'readable' | 'missing' | 'schema-missing' | 'no-schema-usage' | 'no-select';
}

export interface ServerAllowlist {
  /** Where the rules came from, e.g. `pg_hba.conf (pg_hba_file_rules)`. */
  source: string;
  /** The rules that apply to this user, database and transport, in the server's order. */
  rules: AllowlistRule[];
  options: AllowlistOptions;
  /** Lines that could not be turned into rules, or whose match cannot be judged here (host names…), with why. */
  unevaluated: string[];
}

export interface EngineSession {
  /** The logged-in connector, for the caller's own queries (listing tables for `for each dataset`). */
  readonly connector: Connector;
  access(signal: AbortSignal): Promise<AccessFacts>;
  datasets(names: readonly Identifier[], signal: AbortSignal): Promise<DatasetAccess[]>;
  /**
   * Throws when the rules cannot be read (privileges), with the driver's error. `facts`: what the access step
   * learnt about this session (encryption, the address the server sees), which decides which rules apply.
   */
  allowlist(signal: AbortSignal, facts: { encrypted?: boolean; clientIp?: string }): Promise<ServerAllowlist>;
  close(): Promise<void>;
}

export interface DiagnosticEngine {
  readonly type: string;
  /** The connection target and TLS plan; throws (bad sslrootcert path, …) as a configuration problem. */
  target(ds: DataSourceConfig): EngineTarget;
  /** Bytes to exchange on the open TCP socket before the TLS handshake; `false`: the server refuses TLS. */
  startTls?(socket: Duplex, signal: AbortSignal): Promise<boolean>;
  connect(ds: DataSourceConfig, options: ConnectOptions): Promise<EngineSession>;
  /** The Authentication step's time, when a login needs more than `stepMs` (browser SSO waits for a person). */
  authTimeoutMs?(ds: DataSourceConfig, stepMs: number): number;
  /** The statements that grant what `unreadable` lacks, for an admin to run; undefined when none would help. */
  grantRequest(ds: DataSourceConfig, unreadable: readonly DatasetAccess[]): string | undefined;
  /** What reading the server's allowlist rules takes, for when they cannot be read. */
  readonly allowlistHelp?: string;
  /** The copy-paste request for an admin to admit `clientIp`. */
  adminRequest(ds: DataSourceConfig, clientIp: string): AdminRequest;
}
