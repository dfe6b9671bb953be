/**
 * What a check asks the database for. Checks name their computations by key; equal keys are computed once.
 * The planner groups computations into as few queries as run fastest; the executor fills in their values.
 */
import type { Identifier } from '../sodacl/model.js';

/** A dataset partition: the table and the optional partition filter that becomes a query's WHERE. */
export interface PartitionRef {
  /** The dataset as written (for names and reports). */
  dataset: string;
  /** The quoted, schema-qualified table. */
  table: string;
  partition?: string;
  filter?: string;
}

export type Computation =
  /** One select-list expression of the partition's single aggregate pass. */
  | { type: 'aggregate'; key: string; partition: PartitionRef; sql: string; orderedSet: boolean }
  /** A scalar subquery of the partition's duplicates query (one grouped subquery per duplicate metric). */
  | { type: 'grouped'; key: string; partition: PartitionRef; sql: string }
  /** A query of its own; its value is the first column of the first row. */
  | { type: 'scalar-query'; key: string; name: string; dataset?: string; partition?: string; sql: string }
  /** The dataset's columns and types, from the information schema. */
  | { type: 'schema'; key: string; dataset: Identifier; datasetName: string };

/** A computed value: whatever the database returned, or why it could not be computed. */
export type Computed = { value: unknown } | { error: string };

export type ComputedValues = ReadonlyMap<string, Computed>;

export interface SchemaColumn {
  name: string;
  type: string;
}
