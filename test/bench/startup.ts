/** Start-up: `gatehouse --version` and a one-check scan of a tiny table, against `node -e 0` in the same run. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_SCHEMA, connection } from './dataset.js';
import { checkOk, cli, gatehouseScan, log } from './harness.js';
import { median, timeProcess } from './timing.js';

const STARTUP_RUNS = 11;

export async function startupBenchmark(folder: string, config: string) {
  const client = new pg.Client(connection);
  await client.connect();
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${BENCH_SCHEMA}.tiny AS SELECT g AS id FROM generate_series(1, 10) g`,
  );
  await client.end();
  const checks = join(folder, 'tiny.yml');
  await writeFile(checks, 'checks for tiny:\n  - row_count > 0\n');
  const runs = { node: [] as number[], version: [] as number[], scan: [] as number[] };
  for (let i = 0; i < STARTUP_RUNS; i++) {
    runs.node.push((await timeProcess(process.execPath, ['-e', '0'])).ms);
    runs.version.push(checkOk(await timeProcess(process.execPath, [cli, '--version']), 'version').ms);
    runs.scan.push(checkOk(await gatehouseScan(config, checks)(), 'scan').ms);
  }
  const node = median(runs.node);
  const version = median(runs.version);
  const scan = median(runs.scan);
  log(`\nStart-up (median of ${STARTUP_RUNS}):`);
  log(`  node -e 0 (baseline)    ${node.toFixed(0)} ms`);
  log(`  gatehouse --version     ${version.toFixed(0)} ms  (${(version / node).toFixed(2)}× node)`);
  log(`  one-check scan, tiny    ${scan.toFixed(0)} ms  (${(scan / node).toFixed(2)}× node)`);
  return { node, version, scan };
}
