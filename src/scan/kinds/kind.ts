/** The contract every check kind fulfils: what it needs computed, and how it judges the values. */
import type { Dialect } from '../../connectors/dialect.js';
import type { Zone } from '../../sodacl/model.js';
import type { Computation, ComputedValues, PartitionRef, SchemaColumn } from '../computation.js';
import type { MetricValue, Outcome } from '../result.js';

export interface PlanContext {
  dialect: Dialect;
  /** The data source's schema, which qualifies table names. */
  schema?: string;
  dataSource: string;
  scanStart: Date;
  /** Scan variables (environment first), e.g. NOW for freshness. */
  variables: Readonly<Record<string, string | undefined>>;
  /** The dataset's schema as the previous scan saw it, for `when schema changes`. */
  previousSchema?: (dataset: string) => SchemaColumn[] | undefined;
}

/** A metric a check measured, for the results' `metrics[]`. */
export interface MetricReport {
  metricName: string;
  dataset?: string;
  partition?: string;
  column?: string;
  /** What makes this metric differ from the plain one (filter, configuration, arguments), if anything. */
  variant?: string;
  /** A number, NULL, a timestamp (freshness's newest value, ISO 8601) or a dataset's columns (schema). */
  value: MetricValue | string | SchemaColumn[];
}

export interface Evaluation {
  /** null: not evaluated; `outcomeReasons` says why. */
  outcome: Outcome | null;
  value: MetricValue;
  outcomeReasons: string[];
  /**
   * How the scan logs `outcomeReasons`: errors by default (the check could not be judged, exit code 3);
   * 'warning' when not judging is expected, e.g. a schema-change check without a previous schema yet.
   */
  reasonLevel?: 'warning';
  /** A machine-readable code for the outcome reasons, as Soda Cloud's `outcomeReasons[].code` (e.g. notEnoughHistory). */
  reasonCode?: string;
  metrics: MetricReport[];
  /** Kind-specific details for people and for Soda Cloud's `diagnostics`. */
  diagnostics?: Record<string, unknown>;
  fail?: Zone;
  warn?: Zone;
  /** The column the check is about, if one. */
  column?: string;
  /** How many rows failed, where the check counts rows: what a failed-row sample is checked against. */
  failedRowCount?: number;
}

/**
 * Where a check's failed rows come from: exactly the rows its count counted, so a sample and its count always
 * agree (Soda's invalid_count sample uses another condition than its count: sodacl.md §6.2).
 */
export type SampleSource =
  /** Rows of the partition matching a condition (the partition filter is added by the sampler). */
  | { type: 'condition'; partition: PartitionRef; condition: string }
  /** Rows a query returns (duplicates, reference, fail query…); the sampler wraps it with the column list and LIMIT. */
  | { type: 'query'; dataset?: string; partition?: string; table?: string; sql: string };

export interface PlannedCheck {
  computations: Computation[];
  evaluate(values: ComputedValues): Evaluation;
  /** Set for checks that can show failed rows; sampled only when samples are on and the check did not pass. */
  samples?: SampleSource;
}

/** A check that cannot run: no queries, and an evaluation that says why. */
export function unplannable(message: string): PlannedCheck {
  return {
    computations: [],
    evaluate: () => ({ outcome: null, value: null, outcomeReasons: [message], metrics: [] }),
  };
}
