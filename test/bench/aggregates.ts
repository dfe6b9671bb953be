/** 25 aggregate checks (one a percentile) against the fastest hand-written SQL shape. */
import { join } from 'node:path';
import { packageRoot } from '../../src/common/package-root.js';
import { AGGREGATES_ONLY, checkValuesFromRow, ONE_SELECT, PERCENTILE_ONLY } from './hand-written.js';
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
import { timeTogether } from './timing.js';

export async function aggregatesBenchmark(folder: string, config: string): Promise<Comparison> {
  const checks = join(packageRoot(), 'test', 'bench', 'checks-25.yml');
  const resultsFile = join(folder, 'aggregates.json');
  const medians = await interleaved({
    gatehouse: gatehouseScan(config, checks, resultsFile),
    'one SELECT': () => psql(ONE_SELECT),
    'percentile after': async () => {
      const first = checkOk(await psql(AGGREGATES_ONLY), 'psql');
      const second = checkOk(await psql(PERCENTILE_ONLY), 'psql');
      return { ...second, ms: first.ms + second.ms };
    },
    'percentile alongside': async () => {
      const both = await timeTogether([() => psql(AGGREGATES_ONLY), () => psql(PERCENTILE_ONLY)]);
      for (const run of both) checkOk(run, 'psql');
      return { ms: both.ms, stdout: '', stderr: '', code: 0 };
    },
  });
  const document = await readResults(resultsFile);
  const reference = checkOk(await psql(ONE_SELECT), 'psql')
    .stdout.trim()
    .split('\t')
    .map(Number);
  const mismatch = sameValues(
    document.checks.map((check) => check.diagnostics.value),
    checkValuesFromRow(reference),
  );
  if (mismatch || document.hasErrors) {
    throw new Error(`Gatehouse and the hand-written SQL disagree: ${mismatch ?? 'scan had errors'}`);
  }
  return compare(
    '5,000,000 rows, 25 aggregate checks including a percentile',
    medians,
    document.queries.length,
  );
}
