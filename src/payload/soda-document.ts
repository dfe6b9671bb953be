/**
 * ScanResult → Soda Cloud's `sodaCoreInsertScanResults` document (reference/soda-cloud-scan-results.json),
 * without the `type` and `token` a destination adds. `--scan-results-file` writes exactly this.
 */
import { basename, isAbsolute } from 'node:path';
import { redactDeep } from '../common/redaction.js';
import { type CheckIdentities, checkIdentities } from '../scan/identity.js';
import type { CheckResult, LogEntry, QueryRecord, ScanResult } from '../scan/result.js';
import { sodaTimestamp } from '../scan/run-scan.js';
import type { Check, SourceLocation, Zone } from '../sodacl/model.js';
import { definitionYaml } from './definition-yaml.js';

export interface CloudZone {
  greaterThan?: number;
  greaterThanOrEqual?: number;
  lessThan?: number;
  lessThanOrEqual?: number;
}

function cloudZone(zone: Zone | undefined): CloudZone | undefined {
  if (!zone) return undefined;
  const cloud: CloudZone = {};
  if (zone.gt !== undefined) cloud.greaterThan = zone.gt;
  if (zone.gte !== undefined) cloud.greaterThanOrEqual = zone.gte;
  if (zone.lt !== undefined) cloud.lessThan = zone.lt;
  if (zone.lte !== undefined) cloud.lessThanOrEqual = zone.lte;
  return cloud;
}

/** The check as it stands in its file, under its header: what Soda sends as `definition`. */
export function checkDefinition(check: Check): string {
  return definitionYaml(check.header, check.source, check.configuration);
}

/** Python's `str(timedelta)`: `0:00:00.002627`. */
export function pythonDuration(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  const fraction = String(micros % 1e6).padStart(6, '0');
  const hh = Math.floor(seconds / 3600);
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}${fraction === '000000' ? '' : `.${fraction}`}`;
}

/** Soda's "Failed Rows" block: which columns and how many rows; the rows themselves stay on this machine. */
function failedRowsBlock(result: CheckResult) {
  const sample = result.samples;
  if (!sample) return [];
  return [
    {
      type: 'file',
      title: 'Failed Rows',
      file: {
        columns: sample.columns.map((column) => ({ name: column.name, type: column.type })),
        totalRowCount: sample.totalRowCount,
        storedRowCount: sample.storedRowCount,
        reference: {
          type: 'noFile',
          message: 'Samples are not sent to Soda Cloud',
          link: { href: null, text: null },
          fileId: '',
        },
      },
    },
  ];
}

/** The diagnostics Soda Cloud shows: a check kind's own, its Failed Rows and other blocks, value, zones. */
export interface CloudDiagnostics {
  [key: string]: unknown;
  blocks: unknown[];
  value: CheckResult['value'];
  fail?: CloudZone;
  warn?: CloudZone;
}

/** A check's diagnostics in Soda's key order: the kind's own keys, then blocks, value, fail, warn. */
function cloudDiagnostics(result: CheckResult): CloudDiagnostics {
  const kind = result.diagnostics;
  const diagnostics = {} as CloudDiagnostics;
  // Assigned rather than spread: this runs for every check of every payload.
  if (kind) for (const key of Object.keys(kind)) if (key !== 'blocks') diagnostics[key] = kind[key];
  const blocks = failedRowsBlock(result);
  if (Array.isArray(kind?.blocks)) blocks.push(...kind.blocks);
  diagnostics.blocks = blocks;
  diagnostics.value = result.value;
  const fail = cloudZone(result.fail);
  if (fail) diagnostics.fail = fail;
  const warn = cloudZone(result.warn);
  if (warn) diagnostics.warn = warn;
  return diagnostics;
}

/** A check as Soda Cloud's scan results carry it, keys in Soda's order. */
export interface CloudCheck {
  identity: string;
  identities: CheckIdentities;
  migratedIdentities: null;
  name: string;
  type: 'generic';
  definition: string;
  resourceAttributes: unknown[];
  location: Check['location'];
  dataSource: string;
  table: string | null;
  partition?: string;
  column: string | null;
  metrics: string[];
  outcome: CheckResult['outcome'];
  diagnostics: CloudDiagnostics;
  source: 'soda-core';
  outcomeReasons?: { code: string; message: string; severity: 'warn' | 'error' }[];
}

/** The entry with `partition` right after `table`, where Soda puts it (partitioned checks only). */
function withPartition(entry: CloudCheck, partition: string): CloudCheck {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    out[key] = value;
    if (key === 'table') out.partition = partition;
  }
  return out as unknown as CloudCheck;
}

/**
 * Where a check or log line is written, as sent: a relative path as given (as Soda sends it), an absolute one by
 * its file name only — the app's file picker gives absolute paths, and `/home/jane.doe/…` names a person. The v3
 * identity reads the file name alone, so this changes no identity.
 */
function sentLocation(location: SourceLocation): SourceLocation {
  return isAbsolute(location.filePath) ? { ...location, filePath: basename(location.filePath) } : location;
}

function checkEntry(result: CheckResult, dataSource: string): CloudCheck {
  const check = result.check;
  // Scans record their identities; results saved before they did are computed here.
  const identities = result.identities ?? checkIdentities(check, dataSource);
  const entry: CloudCheck = {
    identity: identities.v3,
    identities,
    migratedIdentities: null,
    name: result.displayName,
    type: 'generic',
    definition: checkDefinition(check),
    resourceAttributes: [],
    location: sentLocation(check.location),
    dataSource,
    table: check.dataset?.name ?? null,
    column: result.column ?? null,
    metrics: result.metrics,
    outcome: result.outcome,
    diagnostics: cloudDiagnostics(result),
    source: 'soda-core',
  };
  if (result.outcomeReasons.length > 0) {
    entry.outcomeReasons = result.outcomeReasons.map((message) => ({
      code: result.outcomeReasonCode ?? 'evaluationError',
      message,
      severity: result.outcomeReasonLevel === 'warning' ? 'warn' : 'error',
    }));
  }
  return check.partition ? withPartition(entry, check.partition) : entry;
}

function queryEntry(query: QueryRecord, dataSource: string) {
  return {
    name: query.name,
    dataSource,
    table: query.dataset ?? null,
    partition: query.partition ?? null,
    column: null,
    sql: query.sql,
    exception: query.error ?? null,
    duration: pythonDuration(query.durationMs),
  };
}

function logEntry(entry: LogEntry, index: number) {
  const location = entry.location ? sentLocation(entry.location) : undefined;
  return {
    level: entry.level,
    message: entry.message,
    timestamp: sodaTimestamp(new Date(entry.timestamp)),
    index: index + 1,
    ...(location ? { location, ...(entry.level === 'error' ? { errorLocation: location } : {}) } : {}),
  };
}

/** A metric as Soda sends it: the schema metric also names its data source, dataset, partition and column. */
function metricEntry(metric: ScanResult['metrics'][number], dataSource: string) {
  if (metric.metricName !== 'schema') {
    return { identity: metric.identity, metricName: metric.metricName, value: metric.value };
  }
  return {
    identity: metric.identity,
    metricName: metric.metricName,
    dataSourceName: dataSource,
    tableName: metric.dataset ?? null,
    partitionName: metric.partition ?? null,
    columnName: metric.column ?? null,
    value: metric.value,
  };
}

export function buildScanResultsDocument(result: ScanResult) {
  // The result is redacted already (src/api/scan.ts); this document may also be built from a saved one.
  return redactDeep({
    definitionName: result.definitionName,
    defaultDataSource: result.dataSource,
    dataTimestamp: result.dataTimestamp,
    scanStartTimestamp: result.scanStartTimestamp,
    scanEndTimestamp: result.scanEndTimestamp,
    hasErrors: result.hasErrors,
    hasWarnings: result.hasWarnings,
    hasFailures: result.hasFailures,
    metrics: result.metrics.map((metric) => metricEntry(metric, result.dataSource)),
    // Soda sends only checks that have an outcome or a reason for not having one.
    checks: result.checks
      .filter((check) => check.outcome !== null || check.outcomeReasons.length > 0)
      .map((check) => checkEntry(check, result.dataSource)),
    queries: result.queries.map((query) => queryEntry(query, result.dataSource)),
    automatedMonitoringChecks: [],
    profiling: [],
    metadata: [],
    logs: result.logs.map(logEntry),
    sourceOwner: 'soda-core',
  });
}

export type ScanResultsDocument = ReturnType<typeof buildScanResultsDocument>;
