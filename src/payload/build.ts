/**
 * ScanResult + privacy policy → the document that may leave the machine, with a record of everything held
 * back. Per entry, in this order: excluded columns are removed (entries about them left out), samples added
 * where the level allows them, each leaf classified and withheld when its class or text is not allowed, and
 * finally dataset and column names replaced by keyed hashes. Withheld values become `null`, a shape Soda Core
 * itself sends for a check value, column, exception or freshness timestamp; a withheld threshold zone
 * (`diagnostics.fail`/`warn`) is left out, as Soda leaves out zones a check does not have; a withheld check name
 * becomes `Check <identity>` because Soda Cloud lists checks by name.
 */
import type { PrivacyConfig } from '../config/privacy.js';
import { checkIdentities } from '../scan/identity.js';
import type { ScanResult } from '../scan/result.js';
import { pointerSegment } from './canonical.js';
import {
  classifyInEntry,
  type FieldClass,
  type MetricNames,
  metricNamesOf,
  type PathSegment,
  type Section,
} from './classes.js';
import { type ColumnRename, mapDiagnosticsColumns } from './diagnostics-columns.js';
import { mentionMatcher, mentions, renameQuerySegment, visitColumnNames } from './names.js';
import {
  isColumnExcluded,
  LEVEL_CLASSES,
  LEVEL_LOGS,
  matchesAny,
  needsSalt,
  type Scope,
  sampleColumnAllowed,
  scopeFor,
  strictestScope,
  valuesWithheld,
} from './policy.js';
import { keyedName } from './salt.js';
import { type SampleFile, sampleFileBytes, sampleFilePath, withSampleFile } from './sample-files.js';
import { failedRowsBlockIndex, projectSample, type SampleLayout, withSampleRows } from './sample-rows.js';
import { buildScanResultsDocument, checkDefinition } from './soda-document.js';

export const WITHHELD_REASONS = ['level', 'withhold_values', 'exclude_columns', 'hash_identifiers'] as const;
export type WithheldReason = (typeof WITHHELD_REASONS)[number];

export interface WithheldField {
  /** JSON Pointer into the built document. */
  pointer: string;
  fieldClass: FieldClass;
  reason: WithheldReason;
  /** What stands there instead (null, or the text that replaced it); absent when the key was left out. */
  replacement?: string | null;
}

/** Whole entries not in the document, and why. */
export interface LeftOut {
  section: Section;
  count: number;
  reason: string;
}

export interface BuiltDocument {
  document: Record<string, unknown>;
  withheld: WithheldField[];
  leftOut: LeftOut[];
  /** Files layout: the sample files that go with the document, in document order (none otherwise). */
  sampleFiles: SampleFile[];
}

export interface BuildOptions {
  /** Keys `hash_identifiers`; required when the policy hashes anything. */
  salt?: Uint8Array;
  /** Where sample rows go when the level lets them out: into the document (default) or into files (Soda Cloud). */
  samples?: SampleLayout;
}

type Json = Record<string, unknown>;

interface ScopeInfo {
  scope: Scope;
  allowed: ReadonlySet<FieldClass>;
  /** Free text mentioning these is withheld: excluded columns, and names being hashed. */
  excluded: RegExp | undefined;
  hashed: RegExp | undefined;
  rename: ColumnRename;
}

/** The column names each dataset's results mention, for hashing and for spotting them in free text. */
/** A check's place in its file, as the key that ties a log line at that place to the check. */
function locationKey(at: { filePath: string; line: number; col: number }): string {
  return `${at.filePath}\u0000${at.line}\u0000${at.col}`;
}

/** The key of a check `name:` within its dataset, as `withheldCheckNames` holds it. */
function checkNameKey(dataset: string | undefined, name: string): string {
  return `${dataset ?? ''}\u0000${name}`;
}

function namesByDataset(result: ScanResult): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (dataset: string | undefined, column: string | undefined) => {
    if (!dataset) return;
    const set = names.get(dataset) ?? new Set<string>();
    names.set(dataset, set);
    if (column) set.add(column);
  };
  visitColumnNames(result, add);
  return names;
}

/**
 * Objects' keys in code-unit order, sorted once per shape: the thousands of entries of a payload share a handful
 * of key lists (every check, every metric…), and sorting them again is a third of the policing walk.
 */
class KeyOrders {
  private readonly byFirstKey = new Map<string, { keys: string[]; sorted: string[] }[]>();

  sorted(keys: string[]): string[] {
    const first = keys[0] as string;
    let shapes = this.byFirstKey.get(first);
    for (const shape of shapes ?? []) {
      if (shape.keys.length === keys.length && shape.keys.every((key, i) => key === keys[i]))
        return shape.sorted;
    }
    const sorted = [...keys].sort();
    if (!shapes) {
      shapes = [];
      this.byFirstKey.set(first, shapes);
    }
    // A few shapes per first key are all a payload has; maps keyed by data (column names) do not fill memory.
    if (shapes.length < 8) shapes.push({ keys, sorted });
    return sorted;
  }
}

class Builder {
  readonly withheld: WithheldField[] = [];
  readonly sampleFiles: SampleFile[] = [];
  readonly samplePaths = new Set<string>();
  readonly leftOut = new Map<string, LeftOut>();
  private readonly scopes = new Map<string, ScopeInfo>();
  private readonly metricIdentities = new Map<string, string>();
  private readonly keyOrders = new KeyOrders();
  /** Whether any scope hashes identifiers (else identities pass through as they are). */
  private readonly hashing: boolean;

  constructor(
    readonly result: ScanResult,
    readonly policy: PrivacyConfig,
    readonly metricNames: MetricNames,
    private readonly salt: Uint8Array | undefined,
    readonly layout: SampleLayout,
  ) {
    this.hashing = needsSalt(policy);
  }

  hash(name: string, prefix = 'h_'): string {
    if (!this.salt) throw new Error('hash_identifiers needs the workspace salt');
    return keyedName(this.salt, name, prefix);
  }

  info(dataset: string | undefined): ScopeInfo {
    const key = dataset ?? '';
    const cached = this.scopes.get(key);
    if (cached) return cached;
    const scope = scopeFor(this.policy, dataset);
    const { excluded, hashed } = this.matchers();
    const info: ScopeInfo = {
      scope,
      allowed: LEVEL_CLASSES[scope.level],
      excluded,
      hashed,
      rename: (column) =>
        matchesAny(scope.excludeColumns, column)
          ? undefined
          : scope.hashIdentifiers
            ? this.hash(column)
            : column,
    };
    this.scopes.set(key, info);
    return info;
  }

  private readonly logScopes = new Map<string, ScopeInfo>();
  private checkDatasets?: Map<string, Set<string | undefined>>;
  private unscoped?: ScopeInfo;

  /** The rules one merged scope gives, with the document-wide name matchers. */
  private merged(scopes: Scope[]): ScopeInfo {
    const scope = strictestScope(scopes);
    return { ...this.info(undefined), scope, allowed: LEVEL_CLASSES[scope.level] };
  }

  /**
   * The rules for what belongs to no dataset: a data-source-level check (`checks:` with a fail query or a
   * user-defined metric query), its metric and query, a log line of no check. Their SQL and messages can be
   * about any dataset, so with dataset overrides they meet the strictest rules of every dataset in the scan:
   * a dataset set to `strict` or to withhold its values must not speak through them.
   */
  unscopedInfo(): ScopeInfo {
    if (Object.keys(this.policy.datasets).length === 0) return this.info(undefined);
    if (!this.unscoped) {
      const datasets = [undefined, ...namesByDataset(this.result).keys()];
      this.unscoped = this.merged(datasets.map((dataset) => this.info(dataset).scope));
    }
    return this.unscoped;
  }

  /** A dataset's rules, or (no dataset) the unscoped ones. */
  scopeOf(dataset: string | undefined): ScopeInfo {
    return dataset === undefined ? this.unscopedInfo() : this.info(dataset);
  }

  /**
   * The rules a log line is held to. A line at a check's location (`Check "…" was not evaluated: …`, a failed
   * sample) is about that check's dataset; any other line (a query error, the summary) is unscoped.
   */
  logInfo(location: { filePath: string; line: number; col: number } | undefined): ScopeInfo {
    if (Object.keys(this.policy.datasets).length === 0) return this.info(undefined);
    if (!this.checkDatasets) {
      this.checkDatasets = new Map();
      for (const result of this.result.checks) {
        const key = locationKey(result.check.location);
        const set = this.checkDatasets.get(key) ?? new Set();
        set.add(result.check.dataset?.name);
        this.checkDatasets.set(key, set);
      }
    }
    const key = location ? locationKey(location) : '';
    const datasets = this.checkDatasets.get(key);
    if (!datasets) return this.unscopedInfo();
    const cached = this.logScopes.get(key);
    if (cached) return cached;
    const info = this.merged([...datasets].map((dataset) => this.scopeOf(dataset).scope));
    this.logScopes.set(key, info);
    return info;
  }

  private valueColumns?: Map<string, string>;

  /**
   * The column a column-less check's values are about, for `withhold_values` patterns: the first withheld
   * column its definition names. A user-defined metric (`avg_salary expression: AVG(salary)`) or a
   * data-source-level check has no column of its own, yet its value is one of that column's.
   */
  valueColumnOf(result: ScanResult['checks'][number] | undefined): string | undefined {
    if (!result) return undefined;
    if (result.column !== undefined) return result.column;
    const matcher = this.withheldColumns(this.scopeOf(result.check.dataset?.name).scope);
    if (!matcher) return undefined;
    return matcher.exec(checkDefinition(result.check))?.[0];
  }

  /** The same for a metric with no column: the column of a check that uses it, as `valueColumnOf` finds it. */
  metricValueColumn(record: ScanResult['metrics'][number] | undefined): string | undefined {
    if (!record || record.column !== undefined) return record?.column;
    if (!this.valueColumns) {
      this.valueColumns = new Map();
      for (const result of this.result.checks) {
        if (result.column !== undefined) continue;
        const column = this.valueColumnOf(result);
        if (column === undefined) continue;
        for (const identity of result.metrics)
          if (!this.valueColumns.has(identity)) this.valueColumns.set(identity, column);
      }
    }
    return this.valueColumns.get(record.identity);
  }

  private readonly withheldMatchers = new Map<string, RegExp | undefined>();

  /** Matches a mention of the columns whose values a scope withholds by pattern (none when it is all or none). */
  private withheldColumns(scope: Scope): RegExp | undefined {
    if (!Array.isArray(scope.withholdValues)) return undefined;
    const key = scope.withholdValues.join('\u0000');
    if (!this.withheldMatchers.has(key))
      this.withheldMatchers.set(key, mentionMatcher(scope.withholdValues, []));
    return this.withheldMatchers.get(key);
  }

  private textMatchers?: { excluded: RegExp | undefined; hashed: RegExp | undefined };

  /**
   * Free text is held to every dataset's hidden names, not only its own: a check on one dataset can name
   * another (`row_count same as orders`, reference checks), and logs belong to none.
   */
  private matchers(): { excluded: RegExp | undefined; hashed: RegExp | undefined } {
    if (this.textMatchers) return this.textMatchers;
    const excluded = [...this.policy.excludeColumns];
    const hashed: string[] = [];
    // Only per-dataset rules and hashing depend on the names a scan mentions; without them, skip the walk.
    const names =
      this.hashing || Object.keys(this.policy.datasets).length > 0 ? namesByDataset(this.result) : new Map();
    for (const [dataset, columns] of names) {
      const scope = scopeFor(this.policy, dataset);
      excluded.push(...scope.excludeColumns);
      if (scope.hashIdentifiers) hashed.push(dataset, ...columns);
    }
    this.textMatchers = { excluded: mentionMatcher(excluded, []), hashed: mentionMatcher([], hashed) };
    return this.textMatchers;
  }

  leave(section: Section, reason: string): void {
    const key = `${section}\u0000${reason}`;
    const entry = this.leftOut.get(key) ?? { section, count: 0, reason };
    entry.count++;
    this.leftOut.set(key, entry);
  }

  reason(
    fieldClass: FieldClass,
    rel: readonly PathSegment[],
    value: unknown,
    info: ScopeInfo,
    column: string | undefined,
  ): WithheldReason | undefined {
    if (!info.allowed.has(fieldClass)) return 'level';
    // Messages can quote the values they met (`not a number: "…"`): they go with the values.
    if ((fieldClass === 'data' || fieldClass === 'log') && valuesWithheld(info.scope, column)) {
      return 'withhold_values';
    }
    // A message with no column of its own (a log line, a database error) that names a column whose values
    // are withheld may quote them.
    if (fieldClass === 'log' && mentions(this.withheldColumns(info.scope), value)) return 'withhold_values';
    // A check file's path is free text too: `checks/customers.yml` names a dataset being hashed.
    const freeText = fieldClass === 'identifier' && rel[rel.length - 1] === 'filePath';
    if (fieldClass !== 'sql' && fieldClass !== 'definition' && fieldClass !== 'log' && !freeText)
      return undefined;
    // SQL and definitions name the dataset in their text: no hash can be put in there reliably.
    if (info.scope.hashIdentifiers && (fieldClass === 'sql' || rel[0] === 'definition'))
      return 'hash_identifiers';
    if (mentions(info.excluded, value)) return 'exclude_columns';
    if (mentions(info.hashed, value)) return 'hash_identifiers';
    return undefined;
  }

  /** A deep copy of one entry with every leaf the scope does not allow withheld. */
  police(section: Section, entry: Json, pointer: string, info: ScopeInfo, column: string | undefined): Json {
    // One mutable path for the whole walk; a pointer is spelled out only for a field that is withheld.
    const path: PathSegment[] = [];
    const here = () => pointer + path.map((segment) => `/${pointerSegment(segment)}`).join('');
    const visit = (value: unknown): unknown => {
      // Primitives are classified; null and empty lists and maps are leaves with nothing to hold back.
      if (value === null) return value;
      if (typeof value !== 'object') {
        const fieldClass = classifyInEntry(section, path, 0, entry, this.metricNames) ?? 'data';
        const reason = this.reason(fieldClass, path, value, info, column);
        if (!reason) return value;
        this.withheld.push({ pointer: here(), fieldClass, reason, replacement: null });
        return null;
      }
      if (Array.isArray(value)) {
        if (value.length === 0) return value;
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          out[i] = visit(value[i]);
          path.pop();
        }
        return out;
      }
      let keys = Object.keys(value);
      if (keys.length === 0) return value;
      // Keys in canonical order: the serialiser then checks this copy instead of making another.
      if (keys.length > 1) keys = this.keyOrders.sorted(keys);
      const out: Json = {};
      for (const key of keys) {
        const inner = (value as Json)[key];
        if (inner === undefined) continue;
        path.push(key);
        const zone = section === 'checks' && path.length === 2 && path[0] === 'diagnostics';
        const zoneReason =
          zone && (key === 'fail' || key === 'warn')
            ? this.reason('definition', path, undefined, info, column)
            : undefined;
        if (zoneReason) this.withheld.push({ pointer: here(), fieldClass: 'definition', reason: zoneReason });
        else if (key === '__proto__') {
          // Column names are data: `__proto__` must stay a plain key.
          Object.defineProperty(out, key, {
            value: visit(inner),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else out[key] = visit(inner);
        path.pop();
      }
      return out;
    };
    return visit(entry) as Json;
  }

  /** A check identity as the document carries it: a keyed 8-hex hash under `hash_identifiers`. */
  checkKey(identity: string, info: ScopeInfo): string {
    return info.scope.hashIdentifiers ? this.hash(`check:${identity}`, '').slice(0, 8) : identity;
  }

  private checkNameStandIns?: Map<string, { standIn: string; reason: WithheldReason }>;

  /**
   * `name:`s of checks whose name the document withholds, by dataset, with what stands in their place
   * (`Check <identity>`): a fail query's own query is named after its check (`failed_rows[<name>]`), and that
   * copy must not say what the check entry does not.
   */
  withheldCheckNames(): Map<string, { standIn: string; reason: WithheldReason }> {
    if (this.checkNameStandIns) return this.checkNameStandIns;
    const standIns = new Map<string, { standIn: string; reason: WithheldReason }>();
    for (const result of this.result.checks) {
      const name = result.check.name;
      if (!name) continue;
      const dataset = result.check.dataset?.name;
      const info = this.scopeOf(dataset);
      const reason = this.reason('definition', ['name'], name, info, result.column);
      if (!reason) continue;
      const identity = (result.identities ?? checkIdentities(result.check, this.result.dataSource)).v3;
      const key = checkNameKey(dataset, name);
      if (!standIns.has(key))
        standIns.set(key, { standIn: `Check ${this.checkKey(identity, info)}`, reason });
    }
    this.checkNameStandIns = standIns;
    return standIns;
  }

  metricIdentity(identity: string, info: ScopeInfo): string {
    if (!this.hashing) return identity;
    const known = this.metricIdentities.get(identity);
    if (known) return known;
    const hashed = info.scope.hashIdentifiers ? `metric-${this.hash(identity, '')}` : identity;
    this.metricIdentities.set(identity, hashed);
    return hashed;
  }
}

function metrics(b: Builder, full: Json): Json[] {
  const out: Json[] = [];
  for (const [i, entry] of (full.metrics as Json[]).entries()) {
    const record = b.result.metrics[i];
    const info = b.scopeOf(record?.dataset);
    if (isColumnExcluded(info.scope, record?.column)) {
      b.leave('metrics', 'about an excluded column');
      continue;
    }
    let source = entry;
    if (entry.metricName === 'schema' && Array.isArray(entry.value)) {
      source = {
        ...entry,
        value: entry.value.filter((c: Json) => !isColumnExcluded(info.scope, c.columnName as string)),
      };
    }
    const policed = b.police('metrics', source, `/metrics/${out.length}`, info, b.metricValueColumn(record));
    if (typeof policed.identity === 'string') policed.identity = b.metricIdentity(policed.identity, info);
    if (info.scope.hashIdentifiers && Array.isArray(policed.value)) {
      for (const c of policed.value as Json[]) c.columnName = b.hash(String(c.columnName));
    }
    if (info.scope.hashIdentifiers) {
      if (typeof policed.tableName === 'string') policed.tableName = b.hash(policed.tableName);
      if (typeof policed.columnName === 'string') policed.columnName = b.hash(policed.columnName);
    }
    out.push(policed);
  }
  return out;
}

function checks(b: Builder, full: Json): Json[] {
  const results = b.result.checks.filter((c) => c.outcome !== null || c.outcomeReasons.length > 0);
  const out: Json[] = [];
  for (const [i, entry] of (full.checks as Json[]).entries()) {
    const result = results[i];
    const dataset = result?.check.dataset?.name;
    const info = b.scopeOf(dataset);
    if (isColumnExcluded(info.scope, result?.column)) {
      b.leave('checks', 'about an excluded column');
      continue;
    }
    const exclude: ColumnRename = (c) => (isColumnExcluded(info.scope, c) ? undefined : c);
    let diagnostics = entry.diagnostics as Json;
    let sample: { bytes: Uint8Array; sha256: string; rows: number; block: number } | undefined;
    if (info.scope.excludeColumns.length > 0) diagnostics = mapDiagnosticsColumns(diagnostics, exclude);
    if (info.allowed.has('sample')) {
      const allowed = (c: string) => sampleColumnAllowed(info.scope, c);
      const projected = result?.samples ? projectSample(result.samples, { allowed }) : undefined;
      if (projected && b.layout === 'inline') diagnostics = withSampleRows(diagnostics, projected);
      else if (projected && projected.rows.length > 0 && failedRowsBlockIndex(diagnostics) >= 0) {
        // A file only where a Failed Rows block can name it.
        const bytes = sampleFileBytes(projected.rows);
        const file = withSampleFile(diagnostics, projected, bytes);
        diagnostics = file.diagnostics;
        const block = failedRowsBlockIndex(diagnostics);
        sample = { bytes, sha256: file.sha256, rows: projected.rows.length, block };
      }
    }
    const at = `/checks/${out.length}`;
    const firstWithheld = b.withheld.length;
    const source = diagnostics === entry.diagnostics ? entry : { ...entry, diagnostics };
    const policed = b.police('checks', source, at, info, b.valueColumnOf(result));
    if (info.scope.hashIdentifiers) {
      const key = (id: unknown) => (typeof id === 'string' ? b.checkKey(id, info) : id);
      policed.identity = key(policed.identity);
      policed.identities = Object.fromEntries(
        Object.entries((policed.identities as Json) ?? {}).map(([k, v]) => [k, key(v)]),
      );
      if (typeof policed.table === 'string') policed.table = b.hash(policed.table);
      if (typeof policed.column === 'string') policed.column = b.hash(policed.column);
      policed.diagnostics = mapDiagnosticsColumns(policed.diagnostics as Json, (c) => b.hash(c));
    }
    if (Array.isArray(policed.metrics)) {
      policed.metrics = policed.metrics.map((id) =>
        typeof id === 'string' ? b.metricIdentity(id, info) : id,
      );
    }
    if (policed.name === null) {
      const name = `Check ${String(policed.identity)}`;
      policed.name = name;
      const record = b.withheld.slice(firstWithheld).find((w) => w.pointer === `${at}/name`);
      if (record) record.replacement = name;
    }
    if (sample) {
      b.sampleFiles.push({
        // From the entry as it will be sent: hashed names stay hashed in the path too.
        path: sampleFilePath(full, policed, b.samplePaths),
        bytes: sample.bytes,
        sha256: sample.sha256,
        pointer: `${at}/diagnostics/blocks/${sample.block}/file/reference/fileId`,
        rows: sample.rows,
      });
    }
    out.push(policed);
  }
  return out;
}

/**
 * A query's name as the document may carry it. Soda names a query `<ds>.<dataset>[<partition>].<what>[<detail>]`,
 * and the detail is text from the check: a fail query's check `name:`, a reference check's columns. A withheld
 * check name gives way to the `Check <identity>` that stands in for it in the check entry; a detail naming a
 * hashed name becomes a keyed hash itself; and the dataset segment is hashed as the `table` field is.
 */
function queryName(
  b: Builder,
  name: string,
  record: ScanResult['queries'][number] | undefined,
  info: ScopeInfo,
): { name: string; withheld?: WithheldReason } {
  const dataset = record?.dataset;
  let out = name;
  let withheld: WithheldReason | undefined;
  const prefix = dataset
    ? `${b.result.dataSource}.${dataset}${record?.partition ? `[${record.partition}]` : ''}.`
    : `${b.result.dataSource}.`;
  const parts = name.startsWith(prefix)
    ? /^([A-Za-z_]+)\[(.*)\]((?:#\d+)?(?:\.[A-Za-z_]+)?)$/s.exec(name.slice(prefix.length))
    : null;
  if (parts) {
    const [, what, detail = '', suffix] = parts;
    const standIn =
      what === 'failed_rows' ? b.withheldCheckNames().get(checkNameKey(dataset, detail)) : undefined;
    withheld = standIn?.reason;
    const shown = standIn?.standIn ?? (mentions(info.hashed, detail) ? b.hash(detail) : detail);
    out = `${prefix}${what}[${shown}]${suffix}`;
  }
  if (info.scope.hashIdentifiers && dataset) out = renameQuerySegment(out, dataset, b.hash(dataset));
  return withheld ? { name: out, withheld } : { name: out };
}

function queries(b: Builder, full: Json): Json[] {
  const out: Json[] = [];
  for (const [i, entry] of (full.queries as Json[]).entries()) {
    const record = b.result.queries[i];
    const dataset = record?.dataset;
    const info = b.scopeOf(dataset);
    // A query named after an excluded column (`reference[ssn]`) serves a check that is left out: so is it.
    if (mentions(info.excluded, entry.name)) {
      b.leave('queries', 'named after an excluded column');
      continue;
    }
    const policed = b.police('queries', entry, `/queries/${out.length}`, info, undefined);
    if (typeof policed.name === 'string') {
      const named = queryName(b, policed.name, record, info);
      policed.name = named.name;
      // The check name in it was withheld: the preview marks the field, with what stands there instead.
      if (named.withheld) {
        const pointer = `/queries/${out.length}/name`;
        b.withheld.push({
          pointer,
          fieldClass: 'identifier',
          reason: named.withheld,
          replacement: named.name,
        });
      }
    }
    if (info.scope.hashIdentifiers && dataset) {
      const hashed = b.hash(dataset);
      if (typeof policed.table === 'string') policed.table = hashed;
      if (typeof policed.column === 'string') policed.column = b.hash(policed.column);
    }
    out.push(policed);
  }
  return out;
}

function logs(b: Builder, full: Json): Json[] {
  const out: Json[] = [];
  for (const [i, entry] of (full.logs as Json[]).entries()) {
    const record = b.result.logs[i];
    const level = record?.level ?? 'debug';
    const info = b.logInfo(record?.location);
    if (!LEVEL_LOGS[info.scope.level].has(level)) {
      const override = info.scope.level !== b.policy.level ? ', set by a dataset override' : '';
      b.leave('logs', `below the ${info.scope.level} level's log threshold${override}`);
      continue;
    }
    if (mentions(info.excluded, entry.message)) {
      b.leave('logs', 'mentions an excluded column');
      continue;
    }
    if (mentions(info.hashed, entry.message)) {
      b.leave('logs', 'mentions a hashed name');
      continue;
    }
    out.push(b.police('logs', entry, `/logs/${out.length}`, info, undefined));
  }
  return out;
}

export function buildPolicedDocument(
  result: ScanResult,
  policy: PrivacyConfig,
  options: BuildOptions = {},
): BuiltDocument {
  const full = buildScanResultsDocument(result) as unknown as Json;
  const b = new Builder(result, policy, metricNamesOf(full), options.salt, options.samples ?? 'inline');
  // Metrics first: checks refer to their (possibly hashed) identities.
  const sections = {
    metrics: metrics(b, full),
    checks: checks(b, full),
    queries: queries(b, full),
    logs: logs(b, full),
  };
  const document: Json = {};
  for (const key of Object.keys(full).sort()) {
    document[key] = key in sections ? sections[key as keyof typeof sections] : full[key];
  }
  return { document, withheld: b.withheld, leftOut: [...b.leftOut.values()], sampleFiles: b.sampleFiles };
}
