/**
 * The planner: computations → as few table passes as PostgreSQL runs fastest.
 * - Per partition, one query holds every plain aggregate (PostgreSQL parallelises it across cores).
 * - Ordered-set aggregates (percentiles) cannot be parallelised and make any query holding them
 *   single-threaded: on PostgreSQL they get a query of their own, run at the same time on another pooled
 *   connection (the dialect's `percentilesApart`); on Snowflake they stay in the one pass (one scan, fewer credits).
 * - Per partition, one query holds every duplicate metric as a grouped scalar subquery: measured 1.45× faster
 *   than a single GROUPING SETS pass and 1.7× faster than one query per metric.
 * - One schema query per dataset; queries of their own (reference, fail query, user query) run as they are.
 */
import type { Dialect } from '../connectors/dialect.js';
import type { Computation, Computed, PartitionRef, SchemaColumn } from './computation.js';

/** Enough for any real check file, well under PostgreSQL's 1,664-column target list limit. */
const MAX_EXPRESSIONS_PER_QUERY = 500;

export interface PlannedQuery {
  name: string;
  dataset?: string;
  partition?: string;
  sql: string;
  /** The computations this query answers, and how to read each from its rows. */
  read(rows: unknown[][]): Map<string, Computed>;
  keys: string[];
  /** A rough relative cost: the executor starts the costliest queries first so the pool finishes together. */
  cost: number;
  /**
   * For a query of several independent columns (one per check metric): how the executor finds which columns
   * broke it, so that one misspelt column leaves only its own checks unevaluated (Soda loses the whole pass).
   */
  isolate?: {
    /**
     * A query that compiles the table and the partition filter without reading a row: when it fails, every column
     * shares its error (a missing table, no privilege, a broken filter) and no column is probed.
     */
    frame: string;
    /** A query that compiles one column without reading a row: SQL errors show, data is not read. */
    probe(key: string): string;
    /** The query again, with only these columns. */
    rerun(keys: string[]): PlannedQuery;
  };
}

function partitionLabel(partition: PartitionRef): string {
  return partition.partition ? `${partition.dataset}[${partition.partition}]` : partition.dataset;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Relative costs, from the benchmark's 5M-row table: a grouped (duplicate) subquery or a percentile sorts or
 * hashes the table; an aggregate expression is cheap next to the pass that reads the rows; a partition with a
 * filter usually reads fewer rows.
 */
const COST = { pass: 1, aggregate: 0.1, grouped: 2, orderedSet: 1.5, ownQuery: 1.5, schema: 0.01 };
const filtered = (partition: PartitionRef, cost: number) => (partition.filter ? cost / 2 : cost);

/** A one-row query whose columns answer the computations in order. */
function columnsQuery(
  name: string,
  partition: PartitionRef,
  sql: string,
  keys: string[],
  cost: number,
): PlannedQuery {
  return {
    name,
    cost: filtered(partition, cost),
    dataset: partition.dataset,
    partition: partition.partition,
    sql,
    keys,
    read: (rows) => new Map(keys.map((key, column) => [key, { value: rows[0]?.[column] ?? null }])),
  };
}

/**
 * A columns query built from `members` by `build`, which can be rebuilt from any subset of them, and probed one
 * column at a time with `probe` (see PlannedQuery.isolate).
 */
function isolatableQuery<C extends { key: string }>(
  name: string,
  partition: PartitionRef,
  members: C[],
  build: (members: C[]) => string,
  costOf: (members: C[]) => number,
  probe: (member: C) => string,
  frame: string,
): PlannedQuery {
  const query = columnsQuery(
    name,
    partition,
    build(members),
    members.map((c) => c.key),
    costOf(members),
  );
  const byKey = new Map(members.map((c) => [c.key, c]));
  const pick = (keys: string[]) => keys.flatMap((key) => byKey.get(key) ?? []);
  query.isolate = {
    frame,
    probe: (key) => probe(byKey.get(key) as C),
    rerun: (keys) => {
      const subset = pick(keys);
      return columnsQuery(
        `${name}.rerun`,
        partition,
        build(subset),
        subset.map((c) => c.key),
        costOf(subset),
      );
    },
  };
  return query;
}

/** `WHERE` that reads no row (1 = 0) of the partition: the database still compiles the expressions and the filter. */
function noRowsWhere(partition: PartitionRef): string {
  return `\nWHERE ${partition.filter ? `(${partition.filter}) AND ` : ''}1 = 0`;
}

/** The isolate `frame`: compiles the partition's table and filter alone, reading no row. */
function frameProbe(partition: PartitionRef): string {
  return `SELECT COUNT(*)\nFROM ${partition.table}${noRowsWhere(partition)}`;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

const partitionKey = (partition: PartitionRef) => `${partition.table}\u0000${partition.partition ?? ''}`;

export function planQueries(
  computations: Computation[],
  dialect: Dialect,
  schema: string | undefined,
  dataSource: string,
): PlannedQuery[] {
  const unique = [...new Map(computations.map((c) => [c.key, c])).values()];
  const queries: PlannedQuery[] = [];

  type Aggregate = Extract<Computation, { type: 'aggregate' }>;
  type Grouped = Extract<Computation, { type: 'grouped' }>;
  const aggregates = unique.filter((c): c is Aggregate => c.type === 'aggregate');
  for (const group of groupBy(aggregates, (c) => partitionKey(c.partition)).values()) {
    const partition = (group[0] as Aggregate).partition;
    const where = partition.filter ? `\nWHERE ${partition.filter}` : '';
    // Percentiles apart where the database runs them single-threaded (PostgreSQL); else one pass (Snowflake).
    const passes: Array<[string, Aggregate[]]> = dialect.percentilesApart
      ? [
          ['aggregation', group.filter((c) => !c.orderedSet)],
          ['percentiles', group.filter((c) => c.orderedSet)],
        ]
      : [['aggregation', group]];
    const noRows = noRowsWhere(partition);
    for (const [kind, members] of passes) {
      for (const [index, chunk] of chunks(members, MAX_EXPRESSIONS_PER_QUERY).entries()) {
        const name = `${dataSource}.${partitionLabel(partition)}.${kind}[${index}]`;
        const select = (list: Aggregate[]) => `SELECT\n  ${list.map((c) => c.sql).join(',\n  ')}`;
        const cost = (list: Aggregate[]) =>
          (kind === 'percentiles' ? 0 : COST.pass) +
          list.reduce((sum, c) => sum + (c.orderedSet ? COST.orderedSet : COST.aggregate), 0);
        queries.push(
          isolatableQuery(
            name,
            partition,
            chunk,
            (list) => `${select(list)}\nFROM ${partition.table}${where}`,
            cost,
            (c) => `${select([c])}\nFROM ${partition.table}${noRows}`,
            frameProbe(partition),
          ),
        );
      }
    }
  }

  const grouped = unique.filter((c): c is Grouped => c.type === 'grouped');
  for (const group of groupBy(grouped, (c) => partitionKey(c.partition)).values()) {
    const partition = (group[0] as Grouped).partition;
    for (const [index, chunk] of chunks(group, MAX_EXPRESSIONS_PER_QUERY).entries()) {
      const name = `${dataSource}.${partitionLabel(partition)}.duplicates[${index}]`;
      queries.push(
        isolatableQuery(
          name,
          partition,
          chunk,
          (list) => `SELECT\n  ${list.map((c) => `(${c.sql})`).join(',\n  ')}`,
          (list) => COST.grouped * list.length,
          (c) => `SELECT * FROM (SELECT (${c.sql}) AS probe) AS probe\nWHERE 1 = 0`,
          frameProbe(partition),
        ),
      );
    }
  }

  for (const computation of unique) {
    if (computation.type === 'schema') {
      queries.push({
        name: `${dataSource}.${computation.datasetName}.schema`,
        dataset: computation.datasetName,
        sql: dialect.schemaQuery(computation.dataset, schema),
        cost: COST.schema,
        keys: [computation.key],
        read: (rows) => {
          const columns: SchemaColumn[] = rows.map(([name, type]) => ({
            name: String(name),
            type: String(type),
          }));
          return new Map([[computation.key, { value: columns }]]);
        },
      });
    }
    if (computation.type === 'scalar-query') {
      queries.push({
        name: computation.name,
        dataset: computation.dataset,
        partition: computation.partition,
        sql: computation.sql,
        cost: COST.ownQuery,
        keys: [computation.key],
        read: (rows) => new Map([[computation.key, { value: rows[0]?.[0] ?? null }]]),
      });
    }
  }
  // Costliest first (a stable sort keeps the plan's order among equals): longest-first scheduling on the pool.
  return queries.sort((a, b) => b.cost - a.cost);
}
