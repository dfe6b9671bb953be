/**
 * The check model: what a SodaCL check file means, independent of YAML and of any database.
 * The parser produces it; the planner and evaluator consume it.
 */

/** 1-based line and column, as editors and Soda Cloud's `location` show them. */
export interface SourceLocation {
  filePath: string;
  line: number;
  col: number;
}

/**
 * A set of numbers, in Soda Cloud's diagnostics shape. With both a lower and an upper bound the set is
 * either the values between them (`union: false`) or the values outside them (`union: true`: above the
 * lower bound OR below the upper one), which is how a pass zone `between 1 and 100` inverts into the
 * fail zone `{greaterThan: 100, lessThan: 1}`.
 */
export interface Zone {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  union: boolean;
}

/** Metrics computed by SQL aggregation (one expression each in the partition's aggregate query). */
export const AGGREGATE_METRICS = [
  'row_count',
  'missing_count',
  'invalid_count',
  'valid_count',
  'min',
  'max',
  'avg',
  'sum',
  'min_length',
  'max_length',
  'avg_length',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'percentile',
] as const;

/** Metrics derived from other metrics without SQL of their own. */
export const DERIVED_METRICS = ['missing_percent', 'invalid_percent'] as const;

export type AggregateMetricName = (typeof AGGREGATE_METRICS)[number];
export type DerivedMetricName = (typeof DERIVED_METRICS)[number];
export type MetricName = AggregateMetricName | DerivedMetricName;

/** A value list entry of `missing values:` / `valid values:` / `invalid values:`. */
export type ListValue = string | number;

/** The names Soda's FormatHelper knows (`valid format: email`, …); the regexes live in `formats.ts`. */
export type FormatName = string;

/**
 * Missing and validity configuration (`missing values`, `valid format`, …), after merging the column-level
 * `configurations for` block with the check's own keys (lists concatenated, the check's scalars win).
 */
export interface MissingValidConfig {
  missingValues?: ListValue[];
  missingFormat?: FormatName;
  missingRegex?: string;
  validValues?: ListValue[];
  validFormat?: FormatName;
  validRegex?: string;
  validMin?: number;
  validMax?: number;
  validLength?: number;
  validMinLength?: number;
  validMaxLength?: number;
  invalidValues?: ListValue[];
  invalidFormat?: FormatName;
  invalidRegex?: string;
  includeNull?: boolean;
}

/** An identifier as written: `quoted` when the user wrote "x", `x`, or [x] (then its case is kept). */
export interface Identifier {
  name: string;
  quoted: boolean;
}

export interface MetricRef {
  name: MetricName;
  /** Column argument, for column metrics. */
  column?: Identifier;
  /** Further numeric arguments, e.g. the 0.95 of `percentile(x, 0.95)`. */
  args: number[];
}

/** Fields every check kind has. */
export interface CheckCommon {
  /** Where the check's line starts in its file. */
  location: SourceLocation;
  /** The check line exactly as written (before `${VAR}` resolution), e.g. `row_count between 1 and 10`. */
  source: string;
  /** The section header as written, e.g. `checks for customers [daily]`, `checks`, `checks for D being t`. */
  header: string;
  /** `name:` key, variables resolved. */
  name?: string;
  /**
   * The default name (the line, then its warn/fail texts) with `${VAR}` resolved, as Soda's `Check.name` resolves
   * it; absent when it uses no variable.
   */
  resolvedDefaultName?: string;
  /** The check's configuration map as written (for the Cloud `definition` text and identities). */
  configuration: Record<string, unknown>;
  /** The configuration as Soda Core dumps it for check identities (see identity-yaml.ts); absent when empty. */
  identityConfiguration?: string;
  /** `identity:` key (a user-fixed Cloud identity), as written. */
  identity?: string;
  /** `samples limit:` key: at most this many failed rows are sampled (0 = none). */
  samplesLimit?: number;
  /** `samples columns:` key: the only columns a failed-row sample may carry. */
  samplesColumns?: Identifier[];
  /** `attributes:` map, as written (validated against Soda Cloud later, not here). */
  attributes?: Record<string, unknown>;
}

/** Where a `checks for DATASET [PARTITION]:` check looks. */
export interface DatasetScope {
  dataset: Identifier;
  /** Partition (dataset filter) name, e.g. `daily`; its WHERE clause is in `partitionFilter`. */
  partition?: string;
  /** The partition's `where:` SQL, variables resolved. */
  partitionFilter?: string;
}

/** The optional scope of checks that may also stand under the data-source-level `checks:` header. */
export type OptionalDatasetScope = Partial<DatasetScope>;

/** Thresholds on a numeric value: `fail` is the line's pass zone inverted, or the `fail: when …` zone. */
export interface Thresholds {
  fail?: Zone;
  /** The `warn: when …` zone. */
  warn?: Zone;
}

export interface MetricCheck extends CheckCommon, DatasetScope, Thresholds {
  kind: 'metric';
  metric: MetricRef;
  /** Check `filter:` SQL, variables resolved. */
  filter?: string;
  /** Missing/validity configuration, merged with `configurations for`. Absent when none applies. */
  missingValid?: MissingValidConfig;
}

/** `duplicate_count(a[, b…])` / `duplicate_percent(…)`: distinct non-NULL value combinations occurring twice or more. */
export interface DuplicateCheck extends CheckCommon, DatasetScope, Thresholds {
  kind: 'duplicate';
  metric: 'duplicate_count' | 'duplicate_percent';
  columns: Identifier[];
  filter?: string;
}

export type SchemaChange = 'column add' | 'column delete' | 'column type change' | 'column index change';

/** The validations of one `warn:` or `fail:` block of a schema check. */
export interface SchemaValidations {
  requiredColumnMissing?: string[];
  /** Patterns: `*` and `%` match any run of characters. */
  forbiddenColumnPresent?: string[];
  wrongColumnType?: Record<string, string>;
  /** 0-based positions. */
  wrongColumnIndex?: Record<string, number>;
  /**
   * The exact column set: each listed column with its type (`null` when written without one: any type), and
   * `with optional columns` that may be absent. Any other column is a mismatch.
   */
  mismatchingColumns?: { columns: Record<string, string | null>; optional: string[] };
  /** `any`, or the kinds of change that count. */
  schemaChanges?: 'any' | SchemaChange[];
}

export interface SchemaCheck extends CheckCommon, DatasetScope {
  kind: 'schema';
  warn?: SchemaValidations;
  fail?: SchemaValidations;
}

/** `freshness(column[, NOW_VARIABLE])`: how long ago the newest value was, in milliseconds. */
export interface FreshnessCheck extends CheckCommon, DatasetScope, Thresholds {
  kind: 'freshness';
  column: Identifier;
  /** The variable holding "now" (default `NOW`, itself defaulting to the scan start). */
  nowVariable?: string;
  /**
   * The value of `nowVariable` (or of `NOW` when no variable is named) from env > -v > `variables:`, when set;
   * undefined otherwise (the engine then uses the scan start, or reports the named variable as missing).
   */
  now?: string;
  filter?: string;
}

/** `values in (a, b) must [not] exist in other (x, y)`: the number of offending rows. */
export interface ReferenceCheck extends CheckCommon, DatasetScope {
  kind: 'reference';
  columns: Identifier[];
  otherDataset: Identifier;
  otherColumns: Identifier[];
  mustExist: boolean;
}

/**
 * `failed rows` with exactly one of `fail condition` (needs a dataset) or `fail query`; its value is the failed-row
 * count. Without `fail`/`warn` zones it fails when the count is above 0. No dataset under the `checks:` header.
 */
export interface FailedRowsCheck extends CheckCommon, OptionalDatasetScope, Thresholds {
  kind: 'failed-rows';
  failCondition?: string;
  failQuery?: string;
}

/**
 * A metric the user defines with `<name> expression:` or `<name> query:` (or `sql_file`, read into `query`).
 * Exactly one of `expression` and `query` is set; `expression` only with a dataset.
 */
export interface UserMetricCheck extends CheckCommon, OptionalDatasetScope, Thresholds {
  kind: 'user-metric';
  metricName: string;
  /** The optional argument, e.g. the column of `ones(size)`; it only labels the result. */
  column?: Identifier;
  /** SQL aggregate expression, inlined into the dataset's aggregate query. */
  expression?: string;
  /** A query whose first column of its first row is the value (from `query:` or `sql_file:`). */
  query?: string;
  /** A query returning failed rows, for samples only. */
  failedRowsQuery?: string;
  /** Never set by the parser: a `filter:` key is an error on user-defined metrics (put it into the SQL). */
  filter?: string;
}

/** `row_count same as OTHER [PARTITION]`: value = row_count − the other's row_count; pass iff 0. */
export interface RowCountComparisonCheck extends CheckCommon, DatasetScope {
  kind: 'row-count-comparison';
  otherDataset: Identifier;
  otherPartition?: string;
  otherPartitionFilter?: string;
}

/** Every kind of check. */
export type Check =
  | MetricCheck
  | DuplicateCheck
  | SchemaCheck
  | FreshnessCheck
  | ReferenceCheck
  | FailedRowsCheck
  | UserMetricCheck
  | RowCountComparisonCheck;

/** One entry of a `for each dataset` `datasets:` list: a name, or an `include`/`exclude` SQL LIKE pattern. */
export interface DatasetSelector {
  kind: 'name' | 'include' | 'exclude';
  pattern: string;
}

/**
 * A `for each dataset ALIAS:` section. Its checks can only be parsed once the matching tables are known, so the
 * parser keeps it as a template; `expandForEachDataset` instantiates it for each table.
 */
export interface ForEachDatasetTemplate {
  alias: string;
  selectors: DatasetSelector[];
  location: SourceLocation;
  /** Opaque to everything but the parser. */
  source: unknown;
}

/** A `filter DATASET [NAME]:` declaration. */
export interface PartitionFilter {
  dataset: Identifier;
  partition: string;
  where: string;
  location: SourceLocation;
}

export type Severity = 'error' | 'warning';

/** A problem found in a check file, always with its place. */
export interface SodaclDiagnostic {
  severity: Severity;
  message: string;
  location: SourceLocation;
}

/** The result of parsing one or more check files. Errors never throw; they are collected here. */
export interface ParsedChecks {
  checks: Check[];
  /** `for each dataset` sections, to expand once the data source's tables are known. */
  forEach: ForEachDatasetTemplate[];
  /** Variables declared in `variables:` sections (after resolution). */
  variables: Record<string, string>;
  diagnostics: SodaclDiagnostic[];
}
