/**
 * `npm run bench`: Gatehouse against the fastest hand-written SQL on a 5,000,000-row table, and the CLI's
 * start-up, each as a ratio to a baseline measured in the same run. Machines are shared and noisy, so runs are
 * interleaved and summarised by their median. `--strict` exits 1 when a target is missed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../../src/common/package-root.js';
import { BENCH_SCHEMA, connection, ensureDataset } from './dataset.js';
import { AGGREGATES_ONLY, checkValuesFromRow, ONE_SELECT, PERCENTILE_ONLY } from './hand-written.js';
import { median, type ProcessRun, timeProcess, timeTogether } from './timing.js';

const ROUNDS = Number(process.env.GATEHOUSE_BENCH_ROUNDS ?? 5);
const STARTUP_RUNS = 11;
const strict = process.argv.includes('--strict');
const log = (line: string) => process.stdout.write(`${line}\n`);
const cli = join(packageRoot(), 'dist', 'cli', 'gatehouse.js');

const psqlArgs = (sql: string) => [
  '-X',
  '-q',
  '-A',
  '-t',
  '-F',
  '\t',
  '-v',
  'ON_ERROR_STOP=1',
  '-h',
  connection.host,
  '-p',
  String(connection.port),
  '-U',
  connection.user,
  '-d',
  connection.database,
  '-c',
  sql,
];
const psql = (sql: string) => timeProcess('psql', psqlArgs(sql));

function checkOk(run: ProcessRun, what: string): ProcessRun {
  // Every benchmark check passes, so anything but exit code 0 is a broken run.
  if (run.code !== 0) {
    throw new Error(`${what} exited ${run.code}: ${run.stderr || run.stdout}`);
  }
  return run;
}

function sameValues(actual: Array<number | null>, expected: number[]): string | undefined {
  for (const [index, value] of expected.entries()) {
    const got = actual[index];
    if (got === null || got === undefined || Math.abs(got - value) > 1e-9 * Math.max(1, Math.abs(value))) {
      return `check ${index + 1}: gatehouse ${got}, hand-written SQL ${value}`;
    }
  }
  return actual.length === expected.length ? undefined : `${actual.length} values vs ${expected.length}`;
}

async function scanBenchmark(folder: string) {
  await ensureDataset(log);
  const config = join(folder, 'configuration.yml');
  await writeFile(
    config,
    `data_source bench:\n  type: postgres\n  host: ${connection.host}\n  port: ${connection.port}\n  username: ${connection.user}\n  database: ${connection.database}\n  schema: ${BENCH_SCHEMA}\n  sslmode: disable\n`,
  );
  const checks = join(packageRoot(), 'test', 'bench', 'checks-25.yml');
  const resultsFile = join(folder, 'results.json');
  const variants: Record<string, () => Promise<ProcessRun>> = {
    gatehouse: () =>
      timeProcess(process.execPath, [
        cli,
        'scan',
        '-d',
        'bench',
        '-c',
        config,
        '--scan-results-file',
        resultsFile,
        checks,
      ]),
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
  };
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  log(`Warming up, then ${ROUNDS} interleaved rounds…`);
  for (const name of names) checkOk(await (variants[name] as () => Promise<ProcessRun>)(), name);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no variant always runs right after another's cache effects.
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const run = checkOk(await (variants[name] as () => Promise<ProcessRun>)(), name);
      times[name]?.push(run.ms);
    }
  }

  const document = JSON.parse(await readFile(resultsFile, 'utf8')) as {
    checks: Array<{ diagnostics: { value: number | null } }>;
    queries: unknown[];
    hasErrors: boolean;
  };
  const reference = checkOk(await psql(ONE_SELECT), 'psql')
    .stdout.trim()
    .split('\t')
    .map(Number);
  const mismatch = sameValues(
    document.checks.map((check) => check.diagnostics.value),
    checkValuesFromRow(reference),
  );
  if (mismatch || document.hasErrors)
    throw new Error(`Gatehouse and the hand-written SQL disagree: ${mismatch ?? 'scan had errors'}`);

  const medians = Object.fromEntries(names.map((name) => [name, median(times[name] ?? [])]));
  const handWritten = names.filter((name) => name !== 'gatehouse');
  const fastest = handWritten.reduce((best, name) =>
    (medians[name] ?? Infinity) < (medians[best] ?? Infinity) ? name : best,
  );
  const ratio = (medians.gatehouse ?? 0) / (medians[fastest] ?? 1);
  log('\n5,000,000 rows, 25 aggregate checks including a percentile (median wall time of whole processes):');
  for (const name of names) log(`  ${name.padEnd(22)} ${((medians[name] ?? 0) / 1000).toFixed(3)} s`);
  log(`  gatehouse queries: ${document.queries.length}; values identical to the hand-written SQL`);
  return { ratio, fastest, queries: document.queries.length };
}

async function startupBenchmark(folder: string) {
  const client = new pg.Client(connection);
  await client.connect();
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${BENCH_SCHEMA}.tiny AS SELECT g AS id FROM generate_series(1, 10) g`,
  );
  await client.end();
  const config = join(folder, 'configuration.yml');
  const checks = join(folder, 'tiny.yml');
  await writeFile(checks, 'checks for tiny:\n  - row_count > 0\n');
  const runs: Record<string, number[]> = { 'node -e 0': [], 'gatehouse --version': [], 'one-check scan': [] };
  for (let i = 0; i < STARTUP_RUNS; i++) {
    runs['node -e 0']?.push((await timeProcess(process.execPath, ['-e', '0'])).ms);
    runs['gatehouse --version']?.push(
      checkOk(await timeProcess(process.execPath, [cli, '--version']), 'version').ms,
    );
    runs['one-check scan']?.push(
      checkOk(
        await timeProcess(process.execPath, [cli, 'scan', '-d', 'bench', '-c', config, checks]),
        'gatehouse',
      ).ms,
    );
  }
  const node = median(runs['node -e 0'] ?? []);
  const version = median(runs['gatehouse --version'] ?? []);
  const scan = median(runs['one-check scan'] ?? []);
  log(`\nStart-up (median of ${STARTUP_RUNS}):`);
  log(`  node -e 0 (baseline)    ${node.toFixed(0)} ms`);
  log(`  gatehouse --version     ${version.toFixed(0)} ms  (${(version / node).toFixed(2)}× node)`);
  log(`  one-check scan, tiny    ${scan.toFixed(0)} ms  (${(scan / node).toFixed(2)}× node)`);
  return { node, version, scan };
}

const folder = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
try {
  const scan = await scanBenchmark(folder);
  const startup = await startupBenchmark(folder);
  const targets = [
    { name: `scan ÷ fastest hand-written SQL (${scan.fastest})`, value: scan.ratio, limit: 1.1, unit: '×' },
    { name: 'gatehouse --version', value: startup.version, limit: 150, unit: ' ms' },
    { name: 'one-check scan of a tiny table', value: startup.scan, limit: 300, unit: ' ms' },
  ];
  log('\nTargets:');
  let missed = 0;
  for (const target of targets) {
    const met = target.value <= target.limit;
    if (!met) missed++;
    const shown = target.unit === '×' ? target.value.toFixed(3) : target.value.toFixed(0);
    log(
      `  ${met ? 'met   ' : 'MISSED'} ${target.name}: ${shown}${target.unit} (target ≤ ${target.limit}${target.unit})`,
    );
  }
  log(`ratio ${scan.ratio.toFixed(3)} · queries ${scan.queries}`);
  if (strict && missed > 0) process.exitCode = 1;
} finally {
  await rm(folder, { recursive: true, force: true });
}
