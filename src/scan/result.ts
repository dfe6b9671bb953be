/**
 * ScanResult: everything a scan found, kept locally. The payload layer turns it into the Soda Cloud document;
 * the CLI and the app render it. It never holds a secret.
 */
import type { Check, SourceLocation, Zone } from '../sodacl/model.js';
import type { CheckIdentities } from './identity.js';

export type Outcome = 'pass' | 'warn' | 'fail';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  timestamp: string;
  location?: SourceLocation;
}

export interface QueryRecord {
  /** Soda-style name, e.g. `postgres.customers[daily].aggregation[0]`. */
  name: string;
  dataset?: string;
  partition?: string;
  sql: string;
  /** Milliseconds the query took, or undefined when it did not run. */
  durationMs?: number;
  error?: string;
}

/** A measured value: a number for counts and statistics, or null when the database returned NULL. */
export type MetricValue = number | null;

export interface SchemaColumnRecord {
  columnName: string;
  sourceDataType: string;
}

export interface MetricRecord {
  /** Stable identity of the computation, shared by every check using the same metric. */
  identity: string;
  metricName: string;
  dataset?: string;
  partition?: string;
  column?: string;
  /** A number, NULL, a timestamp (freshness's newest value, ISO 8601) or (the schema metric) the dataset's columns. */
  value: MetricValue | string | SchemaColumnRecord[];
}

/** Failed rows of a check, kept locally. */
export interface FailedRowsSample {
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
  /** The rows the check counted as failing. */
  totalRowCount: number;
  /** The rows kept here: at most the limit, never more than the count. */
  storedRowCount: number;
  limit: number;
}

export interface CheckResult {
  check: Check;
  /** Soda-style check identities (v1–v3, v4 = the user's `identity:`), computed once when the scan ran. */
  identities?: CheckIdentities;
  /** The name shown to people: `name:` or the check line plus its warn/fail conditions. */
  displayName: string;
  /** null: not evaluated (NULL value, missing threshold, or an error). */
  outcome: Outcome | null;
  value: MetricValue;
  /** Identities of the metrics the check used. */
  metrics: string[];
  /** Why no outcome, or other remarks, e.g. `No threshold specified`. */
  outcomeReasons: string[];
  /** `warning` when the reasons are no error (e.g. no history yet for `when schema changes`). */
  outcomeReasonLevel?: 'warning' | 'error';
  /** Soda Cloud's code for the reasons, e.g. `notEnoughHistory`. */
  outcomeReasonCode?: string;
  fail?: Zone;
  warn?: Zone;
  /** The column the check is about, if one. */
  column?: string;
  /** Kind-specific details (schema differences, freshness timestamps…), as Soda Cloud's `diagnostics` carry them. */
  diagnostics?: Record<string, unknown>;
  /** Failed rows, when samples are on and the check did not pass. */
  samples?: FailedRowsSample;
}

export interface ScanResult {
  scanId: string;
  definitionName: string;
  dataSource: string;
  dataTimestamp: string;
  scanStartTimestamp: string;
  scanEndTimestamp: string;
  checks: CheckResult[];
  metrics: MetricRecord[];
  queries: QueryRecord[];
  logs: LogEntry[];
  hasErrors: boolean;
  hasWarnings: boolean;
  hasFailures: boolean;
}

/** Soda's exit codes: 0 all pass, 1 warnings, 2 failures, 3 errors. */
export function exitCodeOf(
  result: Pick<ScanResult, 'hasErrors' | 'hasFailures' | 'hasWarnings'>,
): 0 | 1 | 2 | 3 {
  if (result.hasErrors) return 3;
  if (result.hasFailures) return 2;
  if (result.hasWarnings) return 1;
  return 0;
}
