/**
 * Collecting failed-row samples after evaluation, for checks that did not pass. The LIMIT is pushed into SQL
 * (never fetch all rows to keep a few), only allowed columns are selected, and each sample is checked against
 * the count its check measured.
 */
import type { Connector, QueryColumn } from '../../connectors/connector.js';
import type { Check } from '../../sodacl/model.js';
import type { Evaluation, SampleSource } from '../kinds/kind.js';
import type { ScanLog } from '../logs.js';
import type { FailedRowsSample, QueryRecord } from '../result.js';
import { excludedColumnPatterns, isExcluded, type SamplingPolicy } from './policy.js';
import { jsonSafe } from './values.js';

export interface SampleTask {
  check: Check;
  displayName: string;
  source: SampleSource;
  evaluation: Evaluation;
}

function baseQuery(source: SampleSource): string {
  // On lines of their own, without a trailing `;`, a user query's closing `-- comment` cannot swallow the wrapper.
  if (source.type === 'query') return `\n${source.sql.trim().replace(/;+$/, '')}\n`;
  const { partition, condition } = source;
  const where = partition.filter ? `(${partition.filter}) AND (${condition})` : condition;
  return `SELECT * FROM ${partition.table}\nWHERE ${where}`;
}

function datasetOf(task: SampleTask): string | undefined {
  return task.source.type === 'condition' ? task.source.partition.dataset : task.source.dataset;
}

/** The columns a sample may carry: the check's `samples columns`, minus the data source's exclusions. */
function allowedColumns(task: SampleTask, policy: SamplingPolicy, available: QueryColumn[]): QueryColumn[] {
  const excluded = excludedColumnPatterns(policy, datasetOf(task) ?? '');
  const wanted = task.check.samplesColumns?.map((id) => id.name.toLowerCase());
  return available.filter(
    (column) => !isExcluded(excluded, column.name) && (!wanted || wanted.includes(column.name.toLowerCase())),
  );
}

export function shouldSample(task: Pick<SampleTask, 'evaluation'>, policy: SamplingPolicy): boolean {
  const { outcome, failedRowCount } = task.evaluation;
  // Only checks that did not pass: a passing check needs no diagnosis, and fewer samples expose less data.
  return policy.enabled && (outcome === 'fail' || outcome === 'warn') && failedRowCount !== 0;
}

export async function collectSample(
  connector: Connector,
  task: SampleTask,
  policy: SamplingPolicy,
  name: string,
  log: ScanLog,
  signal?: AbortSignal,
): Promise<{ sample?: FailedRowsSample; queries: QueryRecord[] }> {
  const limit = task.check.samplesLimit ?? policy.defaultLimit;
  if (limit <= 0) return { queries: [] };
  const base = baseQuery(task.source);
  const queries: QueryRecord[] = [];
  const run = async (sql: string, label: string) => {
    const record: QueryRecord = { name: label, dataset: datasetOf(task), sql };
    queries.push(record);
    const started = performance.now();
    try {
      return await connector.query(sql, { signal });
    } catch (error) {
      record.error = (error as Error).message;
      log.error(
        `Failed-row sample of "${task.displayName}" could not be read: ${record.error}`,
        task.check.location,
      );
      return undefined;
    } finally {
      record.durationMs = performance.now() - started;
    }
  };
  const restricted =
    task.check.samplesColumns !== undefined ||
    excludedColumnPatterns(policy, datasetOf(task) ?? '').length > 0;
  let select = '*';
  if (restricted) {
    // Learn the columns without reading a row, then select only the allowed ones.
    const probe = await run(`SELECT * FROM (${base}) AS failed_rows LIMIT 0`, `${name}.columns`);
    if (!probe) return { queries };
    const allowed = allowedColumns(task, policy, probe.columns);
    if (allowed.length === 0) {
      log.info(
        `No failed-row sample for "${task.displayName}": every column is excluded from samples.`,
        task.check.location,
      );
      return { queries };
    }
    select = allowed
      .map((column) => connector.dialect.identifier({ name: column.name, quoted: true }))
      .join(', ');
  }
  const sql = `SELECT ${select} FROM (${base}) AS failed_rows\nLIMIT ${limit}`;
  const result = await run(sql, name);
  if (!result) return { queries };
  const total = task.evaluation.failedRowCount;
  if (total !== undefined && result.rows.length > Math.min(limit, total)) {
    log.warning(
      `The failed-row sample of "${task.displayName}" has ${result.rows.length} rows but the check counted ${total}: the data changed during the scan.`,
      task.check.location,
    );
  }
  return {
    queries,
    sample: {
      columns: result.columns,
      rows: result.rows.map((row) => row.map(jsonSafe)),
      totalRowCount: total ?? result.rows.length,
      storedRowCount: result.rows.length,
      limit,
    },
  };
}
