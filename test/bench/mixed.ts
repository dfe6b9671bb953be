/**
 * A mixed 40-check scan (aggregates, a partition, duplicates, schema, reference, failed rows, user metrics):
 * its query count, and its wall time against exactly the SQL it sent, run through psql — in one session, and
 * split over two sessions as Gatehouse's pool does.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../src/common/package-root.js';
import { BENCH_SCHEMA } from './dataset.js';
import {
  type Comparison,
  checkOk,
  compare,
  gatehouseScan,
  interleaved,
  psqlTarget,
  readResults,
} from './harness.js';
import { type ProcessRun, timeProcess, timeTogether } from './timing.js';

function psqlFile(file: string): Promise<ProcessRun> {
  return timeProcess('psql', [
    '-X',
    '-q',
    '-o',
    '/dev/null',
    '-v',
    'ON_ERROR_STOP=1',
    ...psqlTarget,
    '-f',
    file,
  ]);
}

export async function mixedBenchmark(folder: string, config: string): Promise<Comparison> {
  const checks = join(packageRoot(), 'test', 'bench', 'checks-mixed.yml');
  const resultsFile = join(folder, 'mixed.json');
  checkOk(await gatehouseScan(config, checks, resultsFile)(), 'gatehouse');
  const document = await readResults(resultsFile);
  if (document.hasErrors || document.checks.length !== 40) {
    throw new Error(`The mixed scan must run 40 checks without errors (ran ${document.checks.length})`);
  }
  // The same statements, with the same search_path the data source sets.
  const statements = document.queries.map((query) => `${query.sql};`);
  const header = `SET search_path TO ${BENCH_SCHEMA};\n`;
  const all = join(folder, 'mixed-all.sql');
  const halves = [join(folder, 'mixed-a.sql'), join(folder, 'mixed-b.sql')] as const;
  await writeFile(all, header + statements.join('\n'));
  await writeFile(halves[0], header + statements.filter((_, i) => i % 2 === 0).join('\n'));
  await writeFile(halves[1], header + statements.filter((_, i) => i % 2 === 1).join('\n'));
  const medians = await interleaved({
    gatehouse: gatehouseScan(config, checks, resultsFile),
    'same SQL, one session': () => psqlFile(all),
    'same SQL, two sessions': async () => {
      const both = await timeTogether([() => psqlFile(halves[0]), () => psqlFile(halves[1])]);
      for (const run of both) checkOk(run, 'psql');
      return { ms: both.ms, stdout: '', stderr: '', code: 0 };
    },
  });
  return compare('5,000,000 rows, a mixed scan of 40 checks', medians, document.queries.length);
}
