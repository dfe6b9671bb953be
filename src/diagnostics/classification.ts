/** The shape of a classified connection failure, shared by the per-engine rule sets. */
import type { DriverFailure } from './driver-failure.js';

/** Where the connection broke, in the order a connection goes through them. */
export type Layer =
  | 'config'
  | 'dns'
  | 'tcp'
  | 'tls'
  | 'network-policy'
  | 'auth'
  | 'access'
  | 'privileges'
  | 'unknown';

export interface Classification {
  layer: Layer;
  /** Stable identity of the case (`pg-hba-no-entry`, `tcp-timeout`, …), for tests, JSON output and docs. */
  kind: string;
  /** The code that names the case: SQLSTATE, errno name or Snowflake number; implied by the text when only that matched. */
  code?: string;
  /** Every code the driver gave along its cause chain, outermost first. */
  driverCodes: string[];
  /** One human line: what happened. */
  summary: string;
  /** What to do, or what to ask an admin for. */
  remediation: string;
  /** The client address as the server saw it, taken from the server's own message (authoritative). */
  clientIp?: string;
  /** PostgreSQL's pg_hba rejection names the user, database and encryption it matched against. */
  rejected?: { user?: string; database?: string; encryption?: string; replication: boolean };
  /** The driver's message, redacted. */
  raw: string;
}

export interface ClassifyContext {
  /** The data source's name in configuration.yml: remediations name it in the commands they give. */
  dataSource?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  schema?: string;
  warehouse?: string;
  role?: string;
}

/** A rule's result: everything but what the classifier fills in for all. */
export type Verdict = Omit<Classification, 'driverCodes' | 'raw'>;

export type Rule = (failure: DriverFailure, context: ClassifyContext) => Verdict | undefined;

export function hasCode(failure: DriverFailure, ...codes: string[]): string | undefined {
  return codes.find((code) => failure.codes.includes(code) || failure.sqlState === code);
}

/** `host:port` for messages, or a neutral name when the configuration is not at hand. */
export function where(context: ClassifyContext): string {
  if (!context.host) return 'the server';
  return context.port ? `${context.host}:${context.port}` : context.host;
}

/** `where` at the start of a sentence: a host name keeps its case, the fallback gets a capital. */
export function subject(context: ClassifyContext): string {
  return context.host ? where(context) : 'The server';
}
