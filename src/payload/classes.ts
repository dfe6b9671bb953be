/**
 * Field classes of the Soda Cloud scan-results document: what kind of information each leaf carries, so a
 * policy can withhold a class and the preview can badge every field. Classification reads the document alone
 * (a metric's name says whether its value is a count), so a payload received or stored earlier classifies the
 * same way as one being built: the diff relies on that.
 */
import { pointerSegment } from './canonical.js';

export const FIELD_CLASSES = [
  'identifier',
  'schema',
  'outcome',
  'data',
  'sample',
  'sql',
  'definition',
  'log',
  'metadata',
] as const;
export type FieldClass = (typeof FIELD_CLASSES)[number];

export const CLASS_LABELS: Record<FieldClass, string> = {
  identifier: 'identifiers (data source, dataset, column, check and metric names and ids)',
  schema: 'schema (column names and types)',
  outcome: 'counts and outcomes',
  data: 'data-derived values (min, max, avg, sum, percentiles, freshness timestamps, user metrics)',
  sample: 'sample rows',
  sql: 'SQL text',
  definition: 'check definitions (check text, names, thresholds)',
  log: 'logs and error messages',
  metadata: 'scan metadata (timestamps, durations, format constants)',
};

/**
 * Metrics whose value is a count or a ratio of counts: no value of the data shows through. Every other metric
 * (min, max, avg, sum, lengths, deviations, percentiles, user-defined SQL) is data-derived.
 */
export const COUNT_METRICS: ReadonlySet<string> = new Set([
  'row_count',
  'missing_count',
  'missing_percent',
  'invalid_count',
  'invalid_percent',
  'valid_count',
  'duplicate_count',
  'duplicate_percent',
  'reference',
  'failed rows',
  'schema',
]);

export type PathSegment = string | number;

/** Looks up a metric's name by its identity (as written in the same document). */
export type MetricNames = (identity: string) => string | undefined;

const SCHEMA_DIAGNOSTICS = new Set([
  'missing_column_names',
  'present_column_names',
  'column_type_mismatches',
  'column_index_mismatches',
  'column_additions',
  'column_deletions',
  'column_type_changes',
  'column_index_changes',
]);

function topLevel(key: PathSegment): FieldClass | undefined {
  switch (key) {
    case 'definitionName':
    case 'defaultDataSource':
      return 'identifier';
    case 'hasErrors':
    case 'hasWarnings':
    case 'hasFailures':
      return 'outcome';
    case 'dataTimestamp':
    case 'scanStartTimestamp':
    case 'scanEndTimestamp':
    case 'sourceOwner':
    // Empty lists (Soda always sends these three empty; the others when a scan has none).
    case 'automatedMonitoringChecks':
    case 'profiling':
    case 'metadata':
    case 'metrics':
    case 'checks':
    case 'queries':
    case 'logs':
      return 'metadata';
    default:
      return undefined;
  }
}

/*
 * The rules read a path from an offset (`p[o]` is the first key inside the entry) rather than a sliced copy:
 * classification runs for every leaf of every payload and preview, so it allocates nothing.
 */

function metricField(
  p: readonly PathSegment[],
  o: number,
  entry: Record<string, unknown>,
): FieldClass | undefined {
  switch (p[o]) {
    case 'identity':
    case 'dataSourceName':
    case 'tableName':
    case 'partitionName':
    case 'columnName':
      return 'identifier';
    case 'metricName':
      return 'metadata';
    case 'value':
      if (entry.metricName === 'schema') return 'schema';
      return COUNT_METRICS.has(String(entry.metricName)) ? 'outcome' : 'data';
    default:
      return undefined;
  }
}

/** A check's value is a count when every metric it used is one; otherwise (and when unknown) data-derived. */
function checkValueClass(entry: Record<string, unknown>, metricNames: MetricNames): FieldClass {
  const metrics = Array.isArray(entry.metrics) ? entry.metrics : [];
  const counts =
    metrics.length > 0 && metrics.every((id) => COUNT_METRICS.has(metricNames(String(id)) ?? ''));
  return counts ? 'outcome' : 'data';
}

function blockField(p: readonly PathSegment[], o: number): FieldClass | undefined {
  switch (p[o]) {
    case 'type':
    case 'title':
      return 'metadata';
    // The csv blocks of schema checks: column names, types, and schema events.
    case 'text':
      return 'schema';
    case 'failingRowsQueryName':
    case 'passingRowsQueryName':
      return 'identifier';
    case 'totalFailingRows':
    case 'sampleRowCount':
      return 'outcome';
    case 'file':
      switch (p[o + 1]) {
        case 'columns':
        case 'sampleColumns':
          return 'schema';
        case 'totalRowCount':
        case 'storedRowCount':
          return 'outcome';
        case 'reference':
          return 'metadata';
        case 'rows':
          return 'sample';
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

function diagnosticsField(
  p: readonly PathSegment[],
  o: number,
  entry: Record<string, unknown>,
  metricNames: MetricNames,
): FieldClass | undefined {
  const key = p[o];
  if (typeof key !== 'string') return undefined;
  if (SCHEMA_DIAGNOSTICS.has(key)) return 'schema';
  switch (key) {
    case 'value':
      return checkValueClass(entry, metricNames);
    // Thresholds are what the user wrote in the check.
    case 'fail':
    case 'warn':
      return 'definition';
    case 'blocks':
      return p.length - o <= 1 ? 'metadata' : blockField(p, o + 2);
    case 'measure':
    case 'nowVariableName':
    case 'nowTimestamp':
    case 'nowTimestampUtc':
    case 'preferredChart':
      return 'metadata';
    // Freshness: the newest value of a column, and the age derived from it.
    case 'maxColumnTimestamp':
    case 'maxColumnTimestampUtc':
    case 'freshness':
      return 'data';
    case 'valueLabel':
    case 'rowCount':
    case 'otherRowCount':
      return 'outcome';
    case 'valueSeries':
      // valueSeries.values[i].{label, value, outcome}
      return p[o + 3] === 'value' ? 'outcome' : 'metadata';
    default:
      return undefined;
  }
}

function checkField(
  p: readonly PathSegment[],
  o: number,
  entry: Record<string, unknown>,
  metricNames: MetricNames,
): FieldClass | undefined {
  switch (p[o]) {
    case 'identity':
    case 'identities':
    case 'migratedIdentities':
    case 'dataSource':
    case 'table':
    case 'partition':
    case 'column':
    case 'metrics':
      return 'identifier';
    case 'location':
      return p[o + 1] === 'filePath' ? 'identifier' : 'metadata';
    case 'name':
    case 'definition':
    case 'resourceAttributes':
      return 'definition';
    case 'type':
    case 'source':
      return 'metadata';
    case 'outcome':
      return 'outcome';
    case 'outcomeReasons':
      // A reason's message can quote a value it met; its code and severity are outcomes.
      return p[o + 2] === 'message' ? 'log' : 'outcome';
    case 'diagnostics':
      return diagnosticsField(p, o + 1, entry, metricNames);
    default:
      return undefined;
  }
}

function queryField(p: readonly PathSegment[], o: number): FieldClass | undefined {
  switch (p[o]) {
    case 'name':
    case 'dataSource':
    case 'table':
    case 'partition':
    case 'column':
      return 'identifier';
    case 'sql':
      return 'sql';
    // Database errors can quote values and SQL: treated as log messages.
    case 'exception':
      return 'log';
    case 'duration':
      return 'metadata';
    default:
      return undefined;
  }
}

/**
 * A log line's message can quote values; its level, time and position say no more than Soda's own format does.
 * Anything else a line carries is treated as its message.
 */
function logField(p: readonly PathSegment[], o: number): FieldClass {
  switch (p[o]) {
    case 'level':
    case 'timestamp':
    case 'index':
      return 'metadata';
    case 'location':
    case 'errorLocation':
      return p[o + 1] === 'filePath' ? 'identifier' : 'metadata';
    default:
      return 'log';
  }
}

export type Section = 'metrics' | 'checks' | 'queries' | 'logs';

/** The class of a leaf of one entry of a section; `path[offset]` is the first key inside the entry. */
export function classifyInEntry(
  section: Section,
  path: readonly PathSegment[],
  offset: number,
  entry: Record<string, unknown>,
  metricNames: MetricNames,
): FieldClass | undefined {
  switch (section) {
    case 'metrics':
      return metricField(path, offset, entry);
    case 'checks':
      return checkField(path, offset, entry, metricNames);
    case 'queries':
      return queryField(path, offset);
    case 'logs':
      return logField(path, offset);
  }
}

const SECTIONS: ReadonlySet<PathSegment> = new Set(['metrics', 'checks', 'queries', 'logs']);

/** The class of one leaf, given its path from the document root; undefined when no rule knows it. */
export function classifyLeaf(
  path: readonly PathSegment[],
  document: Record<string, unknown>,
  metricNames: MetricNames,
): FieldClass | undefined {
  const section = path[0];
  const index = path[1];
  if (path.length === 1) return topLevel(section ?? '');
  if (typeof index !== 'number' || !SECTIONS.has(section ?? '')) return undefined;
  const list = document[String(section)];
  const entry = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  if (!entry) return undefined;
  return classifyInEntry(section as Section, path, 2, entry, metricNames);
}

export function metricNamesOf(document: Record<string, unknown>): MetricNames {
  const names = new Map<string, string>();
  for (const metric of Array.isArray(document.metrics) ? document.metrics : []) {
    // A received or hand-edited document may hold anything here: only well-formed metrics name anything.
    if (metric === null || typeof metric !== 'object') continue;
    const { identity, metricName } = metric as { identity?: unknown; metricName?: unknown };
    if (typeof identity === 'string' && typeof metricName === 'string') names.set(identity, metricName);
  }
  return (identity) => names.get(identity);
}

export interface ClassifiedLeaf {
  pointer: string;
  value: unknown;
  /** `data` when no rule knew the field (fail closed: treated as data-derived), with `unknown: true`. */
  fieldClass: FieldClass;
  unknown: boolean;
}

/** Leaves are primitives and empty lists or maps. */
export function isLeaf(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length === 0;
  for (const _ in value) return false;
  return true;
}

export type LeafVisitor = (pointer: string, value: unknown, fieldClass: FieldClass | undefined) => void;

/**
 * Walks every leaf of a document in document order with its class (undefined when no rule knows it). One
 * mutable path serves the whole walk; pointers are built by concatenation as the walk descends.
 */
export function walkClassified(document: Record<string, unknown>, visit: LeafVisitor): void {
  const metricNames = metricNamesOf(document);
  const path: PathSegment[] = [];
  const walk = (value: unknown, pointer: string) => {
    if (isLeaf(value)) {
      visit(pointer, value, classifyLeaf(path, document, metricNames));
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], `${pointer}/${i}`);
        path.pop();
      }
      return;
    }
    for (const key in value as Record<string, unknown>) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner === undefined) continue;
      path.push(key);
      walk(inner, `${pointer}/${pointerSegment(key)}`);
      path.pop();
    }
  };
  walk(document, '');
}

/** Every leaf of a document, in document order, with its class. */
export function classifyDocument(document: Record<string, unknown>): ClassifiedLeaf[] {
  const leaves: ClassifiedLeaf[] = [];
  walkClassified(document, (pointer, value, known) =>
    leaves.push({ pointer, value, fieldClass: known ?? 'data', unknown: known === undefined }),
  );
  return leaves;
}
