/**
 * 5 duplicate checks against hand-written SQL computing the same counts: one SELECT holding a grouped subquery
 * per metric, one query per metric in turn, and one query per metric two at a time on two connections.
 */
import { join } from 'node:path';
import { packageRoot } from '../../src/common/package-root.js';
import { BENCH_SCHEMA } from './dataset.js';
import {
  type Comparison,
  checkOk,
  compare,
  gatehouseScan,
  interleaved,
  psql,
  readResults,
  sameValues,
} from './harness.js';
import type { ProcessRun } from './timing.js';

const COLUMN_SETS = [['customer_id'], ['email'], ['customer_id', 'country'], ['status', 'quantity'], ['id']];

/** Distinct non-NULL value combinations occurring more than once. */
const duplicateCount = (columns: string[]) =>
  `SELECT COUNT(*) FROM (SELECT 1 FROM ${BENCH_SCHEMA}.orders WHERE ${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')} GROUP BY ${columns.join(', ')} HAVING COUNT(*) > 1) AS d`;

const ONE_SELECT = `SELECT ${COLUMN_SETS.map((columns) => `(${duplicateCount(columns)})`).join(',\n  ')}`;

async function inTurn(sqls: string[]): Promise<ProcessRun> {
  let ms = 0;
  for (const sql of sqls) ms += checkOk(await psql(sql), 'psql').ms;
  return { ms, stdout: '', stderr: '', code: 0 };
}

/** Two connections, each taking the next query when it is free. */
async function twoAtATime(sqls: string[]): Promise<ProcessRun> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < sqls.length) checkOk(await psql(sqls[next++] as string), 'psql');
  };
  await Promise.all([worker(), worker()]);
  return { ms: performance.now() - started, stdout: '', stderr: '', code: 0 };
}

export async function duplicatesBenchmark(folder: string, config: string): Promise<Comparison> {
  const checks = join(packageRoot(), 'test', 'bench', 'checks-duplicates.yml');
  const resultsFile = join(folder, 'duplicates.json');
  const perMetric = COLUMN_SETS.map(duplicateCount);
  const medians = await interleaved({
    gatehouse: gatehouseScan(config, checks, resultsFile),
    'one SELECT, subqueries': () => psql(ONE_SELECT),
    'one query each, in turn': () => inTurn(perMetric),
    'one query each, 2 at once': () => twoAtATime(perMetric),
  });
  const document = await readResults(resultsFile);
  const reference = checkOk(await psql(ONE_SELECT), 'psql')
    .stdout.trim()
    .split('\t')
    .map(Number);
  const mismatch = sameValues(
    document.checks.map((check) => check.diagnostics.value),
    reference,
  );
  if (mismatch || document.hasErrors) {
    throw new Error(
      `Gatehouse and the hand-written SQL disagree on duplicates: ${mismatch ?? 'scan had errors'}`,
    );
  }
  return compare('5,000,000 rows, 5 duplicate checks', medians, document.queries.length);
}
