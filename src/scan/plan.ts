/**
 * The planner: checks → as few table passes as PostgreSQL runs fastest. Per partition, one query holds every
 * plain aggregate (PostgreSQL parallelises it across cores); ordered-set aggregates (percentiles), which
 * PostgreSQL cannot parallelise and which make the whole query single-threaded, get a query of their own that
 * runs at the same time on another pooled connection.
 */
import type { Dialect } from '../connectors/dialect.js';
import type { Check } from '../sodacl/model.js';
import { type CheckMetric, checkMetric, type MetricSpec, type PartitionRef } from './metric-spec.js';

/** Enough for any real check file, well under PostgreSQL's 1,664-column target list limit. */
const MAX_EXPRESSIONS_PER_QUERY = 500;

export interface PlannedQuery {
  name: string;
  partition: PartitionRef;
  sql: string;
  /** The metric each select-list column computes, in order. */
  specs: MetricSpec[];
}

export interface ScanPlan {
  queries: PlannedQuery[];
  /** For each check (by index in the input), what it reads from the results. */
  checkMetrics: CheckMetric[];
}

function partitionKey(partition: PartitionRef): string {
  return `${partition.table}\u0000${partition.partition ?? ''}`;
}

function queryName(dataSource: string, partition: PartitionRef, kind: string, index: number): string {
  const label = partition.partition ? `${partition.dataset}[${partition.partition}]` : partition.dataset;
  return `${dataSource}.${label}.${kind}[${index}]`;
}

function aggregateQuery(partition: PartitionRef, specs: MetricSpec[]): string {
  const where = partition.filter ? `\nWHERE ${partition.filter}` : '';
  return `SELECT\n  ${specs.map((spec) => spec.sql).join(',\n  ')}\nFROM ${partition.table}${where}`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function planScan(
  checks: Check[],
  dialect: Dialect,
  schema: string | undefined,
  dataSource: string,
): ScanPlan {
  const checkMetrics = checks.map((check) => checkMetric(check, dialect, schema));
  const partitions = new Map<string, { partition: PartitionRef; specs: Map<string, MetricSpec> }>();
  const add = (spec: MetricSpec) => {
    const key = partitionKey(spec.partition);
    let entry = partitions.get(key);
    if (!entry) {
      entry = { partition: spec.partition, specs: new Map() };
      partitions.set(key, entry);
    }
    if (!entry.specs.has(spec.key)) entry.specs.set(spec.key, spec);
  };
  for (const metric of checkMetrics) {
    if (metric.kind === 'aggregate') add(metric.spec);
    if (metric.kind === 'percent') {
      add(metric.count);
      add(metric.rowCount);
    }
  }
  const queries: PlannedQuery[] = [];
  for (const { partition, specs } of partitions.values()) {
    const all = [...specs.values()];
    const groups: Array<[string, MetricSpec[]]> = [
      ['aggregation', all.filter((spec) => !spec.orderedSet)],
      ['percentiles', all.filter((spec) => spec.orderedSet)],
    ];
    for (const [kind, group] of groups) {
      chunks(group, MAX_EXPRESSIONS_PER_QUERY).forEach((chunk, index) => {
        queries.push({
          name: queryName(dataSource, partition, kind, index),
          partition,
          sql: aggregateQuery(partition, chunk),
          specs: chunk,
        });
      });
    }
  }
  return { queries, checkMetrics };
}
