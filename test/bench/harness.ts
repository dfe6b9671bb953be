/** The benchmark's shared machinery: psql and gatehouse as processes, interleaved rounds, value comparison. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../src/common/package-root.js';
import { BENCH_SCHEMA, connection } from './dataset.js';
import { median, type ProcessRun, timeProcess } from './timing.js';

export const ROUNDS = Number(process.env.GATEHOUSE_BENCH_ROUNDS ?? 5);
export const log = (line: string) => process.stdout.write(`${line}\n`);
export const cli = join(packageRoot(), 'dist', 'cli', 'gatehouse.js');

/** psql's arguments for the benchmark database. */
export const psqlTarget = [
  '-h',
  connection.host,
  '-p',
  String(connection.port),
  '-U',
  connection.user,
  '-d',
  connection.database,
];

export function psql(sql: string): Promise<ProcessRun> {
  return timeProcess('psql', [
    '-X',
    '-q',
    '-A',
    '-t',
    '-F',
    '\t',
    '-v',
    'ON_ERROR_STOP=1',
    ...psqlTarget,
    '-c',
    sql,
  ]);
}

/** Every benchmark check passes, so anything but exit code 0 is a broken run. */
export function checkOk(run: ProcessRun, what: string): ProcessRun {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stderr || run.stdout}`);
  return run;
}

export async function writeBenchConfig(folder: string): Promise<string> {
  const path = join(folder, 'configuration.yml');
  await writeFile(
    path,
    `data_source bench:\n  type: postgres\n  host: ${connection.host}\n  port: ${connection.port}\n  username: ${connection.user}\n  database: ${connection.database}\n  schema: ${BENCH_SCHEMA}\n  sslmode: disable\n`,
  );
  return path;
}

export interface ResultsDocument {
  checks: Array<{ name: string; diagnostics: { value: number | null } }>;
  queries: Array<{ name: string; sql: string }>;
  hasErrors: boolean;
}

/** A `gatehouse scan` of a check file as its own process, writing its results document when given a file. */
export function gatehouseScan(
  config: string,
  checks: string,
  resultsFile?: string,
): () => Promise<ProcessRun> {
  const results = resultsFile ? ['--scan-results-file', resultsFile] : [];
  return () =>
    timeProcess(process.execPath, [
      cli,
      'scan',
      '--no-history',
      '-d',
      'bench',
      '-c',
      config,
      ...results,
      checks,
    ]);
}

export async function readResults(resultsFile: string): Promise<ResultsDocument> {
  return JSON.parse(await readFile(resultsFile, 'utf8')) as ResultsDocument;
}

/** Runs every variant once to warm caches, then ROUNDS interleaved rounds; returns median milliseconds. */
export async function interleaved(
  variants: Record<string, () => Promise<ProcessRun>>,
): Promise<Record<string, number>> {
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const run = async (name: string) => checkOk(await (variants[name] as () => Promise<ProcessRun>)(), name);
  for (const name of names) await run(name);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no variant always runs right after another's cache effects.
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      times[name]?.push((await run(name)).ms);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name] ?? [])]));
}

export function sameValues(actual: Array<number | null>, expected: number[]): string | undefined {
  for (const [index, value] of expected.entries()) {
    const got = actual[index];
    if (got === null || got === undefined || Math.abs(got - value) > 1e-9 * Math.max(1, Math.abs(value))) {
      return `check ${index + 1}: gatehouse ${got}, hand-written SQL ${value}`;
    }
  }
  return actual.length === expected.length ? undefined : `${actual.length} values vs ${expected.length}`;
}

export interface Comparison {
  title: string;
  ratio: number;
  fastest: string;
  queries: number;
}

/** Prints the medians and returns gatehouse's ratio to the fastest other variant. */
export function compare(title: string, medians: Record<string, number>, queries: number): Comparison {
  const others = Object.keys(medians).filter((name) => name !== 'gatehouse');
  const fastest = others.reduce((best, name) =>
    (medians[name] ?? Infinity) < (medians[best] ?? Infinity) ? name : best,
  );
  log(`\n${title} (median wall time of whole processes):`);
  for (const [name, ms] of Object.entries(medians)) log(`  ${name.padEnd(26)} ${(ms / 1000).toFixed(3)} s`);
  log(`  gatehouse queries: ${queries}`);
  return { title, ratio: (medians.gatehouse ?? 0) / (medians[fastest] ?? 1), fastest, queries };
}
