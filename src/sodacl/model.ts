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

interface CheckCommon {
  /** Where the check's line starts in its file. */
  location: SourceLocation;
  /** The check line exactly as written (before `${VAR}` resolution), e.g. `row_count between 1 and 10`. */
  source: string;
  /** The section header as written, e.g. `checks for customers [daily]`. */
  header: string;
  dataset: Identifier;
  /** Partition (dataset filter) name, e.g. `daily`; its WHERE clause is in `partitionFilter`. */
  partition?: string;
  /** The partition's `where:` SQL, variables resolved. */
  partitionFilter?: string;
  /** `name:` key, variables resolved. */
  name?: string;
  /** The check's configuration map as written (for the Cloud `definition` text and identities). */
  configuration: Record<string, unknown>;
  /** `identity:` key (a user-fixed Cloud identity), as written. */
  identity?: string;
  /** `samples limit:` key: at most this many failed rows are sampled (0 = none). */
  samplesLimit?: number;
  /** `attributes:` map, as written (validated against Soda Cloud later, not here). */
  attributes?: Record<string, unknown>;
}

export interface MetricCheck extends CheckCommon {
  kind: 'metric';
  metric: MetricRef;
  /** The fail zone: the inverse of the line's pass zone, or the `fail: when …` zone. */
  fail?: Zone;
  /** The `warn: when …` zone. */
  warn?: Zone;
  /** Check `filter:` SQL, variables resolved. */
  filter?: string;
  /** Missing/validity configuration, merged with `configurations for`. Absent when none applies. */
  missingValid?: MissingValidConfig;
}

/** Every kind of check. Later kinds (schema, freshness, reference, failed rows…) join this union. */
export type Check = MetricCheck;

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
  /** Variables declared in `variables:` sections (after resolution). */
  variables: Record<string, string>;
  diagnostics: SodaclDiagnostic[];
}
