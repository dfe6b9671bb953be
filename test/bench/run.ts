/**
 * `npm run bench`: Gatehouse against the fastest hand-written SQL on a 5,000,000-row table, and the CLI's start-up,
 * each as a ratio to a baseline measured in the same run. Machines are shared and noisy, so runs are interleaved
 * and summarised by their median. `--strict` exits 1 when a target is missed; `--only NAME[,NAME]` runs a subset
 * (aggregates, duplicates, mixed, startup, payload, history; payload and history need no database).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregatesBenchmark } from './aggregates.js';
import { ensureDataset } from './dataset.js';
import { duplicatesBenchmark } from './duplicates.js';
import { log, writeBenchConfig } from './harness.js';
import { historyBenchmark } from './history.js';
import { mixedBenchmark } from './mixed.js';
import { payloadBenchmark } from './payload.js';
import { startupBenchmark } from './startup.js';

interface Target {
  name: string;
  value: number;
  limit?: number;
  unit: '×' | ' ms';
}

const strict = process.argv.includes('--strict');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : undefined;
const wanted = (name: string) => !only || only.has(name);

const folder = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
try {
  const needsDatabase = ['aggregates', 'duplicates', 'mixed', 'startup'].some(wanted);
  if (needsDatabase) await ensureDataset(log);
  const config = needsDatabase ? await writeBenchConfig(folder) : '';
  const targets: Target[] = [];
  if (wanted('aggregates')) {
    const result = await aggregatesBenchmark(folder, config);
    targets.push({
      name: `25 aggregates ÷ fastest hand-written SQL (${result.fastest})`,
      value: result.ratio,
      limit: 1.1,
      unit: '×',
    });
  }
  if (wanted('duplicates')) {
    const result = await duplicatesBenchmark(folder, config);
    targets.push({
      name: `5 duplicates ÷ fastest hand-written SQL (${result.fastest})`,
      value: result.ratio,
      limit: 1.1,
      unit: '×',
    });
  }
  if (wanted('mixed')) {
    const result = await mixedBenchmark(folder, config);
    targets.push({
      name: `mixed 40 checks ÷ the same SQL through psql (${result.queries} queries)`,
      value: result.ratio,
      unit: '×',
    });
  }
  if (wanted('startup')) {
    const startup = await startupBenchmark(folder, config);
    targets.push({ name: 'gatehouse --version', value: startup.version, limit: 150, unit: ' ms' });
    targets.push({ name: 'one-check scan of a tiny table', value: startup.scan, limit: 300, unit: ' ms' });
  }
  if (wanted('payload')) {
    const payload = payloadBenchmark(log);
    targets.push({
      name: `payload build + canonicalise + hash, ${payload.checks} checks`,
      value: payload.build,
      limit: 250,
      unit: ' ms',
    });
    targets.push({ name: 'payload preview tree render data', value: payload.tree, limit: 100, unit: ' ms' });
    targets.push({
      name: 'payload build ÷ Soda document + JSON.stringify',
      value: payload.build / payload.baseline,
      unit: '×',
    });
  }
  if (wanted('history')) {
    const history = await historyBenchmark(folder, log);
    targets.push({
      name: `check history over ${history.scans} scans of ${history.checks} checks ÷ reading the scans whole`,
      value: history.history / history.baseline,
      limit: 0.2,
      unit: '×',
    });
  }
  log('\nTargets:');
  let missed = 0;
  for (const target of targets) {
    const met = target.limit === undefined || target.value <= target.limit;
    if (!met) missed++;
    const shown = target.unit === '×' ? target.value.toFixed(3) : target.value.toFixed(0);
    const limit = target.limit === undefined ? '(reported)' : `(target ≤ ${target.limit}${target.unit})`;
    log(
      `  ${target.limit === undefined ? 'info  ' : met ? 'met   ' : 'MISSED'} ${target.name}: ${shown}${target.unit} ${limit}`,
    );
  }
  if (strict && missed > 0) process.exitCode = 1;
} finally {
  await rm(folder, { recursive: true, force: true });
}
