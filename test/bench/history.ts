/**
 * A check's history in the app: its values in the newest 50 saved scans of 5,000 checks each, read from the
 * scans' check-values companions, against the baseline of reading the same 50 scan files whole.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkHistory } from '../../src/api/check-history.js';
import { checkKey } from '../../src/workspace/check-values.js';
import { readScan } from '../../src/workspace/read.js';
import { saveScan } from '../../src/workspace/save.js';
import { syntheticResult } from './payload.js';
import { median } from './timing.js';

const SCANS = 50;
const ROUNDS = 5;

export interface HistoryBenchmark {
  scans: number;
  checks: number;
  history: number;
  baseline: number;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function historyBenchmark(
  folder: string,
  log: (line: string) => void,
): Promise<HistoryBenchmark> {
  const workspace = join(folder, 'history-workspace');
  await mkdir(workspace, { recursive: true });
  const result = syntheticResult();
  const ids: string[] = [];
  for (let i = 0; i < SCANS; i++)
    ids.push(await saveScan(workspace, result, new Date(Date.now() - i * 60_000)));
  const identity = checkKey(result.checks[result.checks.length - 1] ?? { identities: undefined });
  if (!identity) throw new Error('the synthetic scan has no check identities');
  const request = { dataSource: result.dataSource, identity, limit: SCANS };
  const history: number[] = [];
  const baseline: number[] = [];
  let points = 0;
  // Interleaved rounds, so a noisy neighbour hurts both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(
      await time(async () => {
        for (const id of ids)
          (await readScan(workspace, id)).result.checks.find((c) => checkKey(c) === identity);
      }),
    );
    history.push(await time(async () => (points = (await checkHistory(workspace, request)).points.length)));
  }
  if (points !== SCANS) throw new Error(`the history found ${points} points, not ${SCANS}`);
  const summary = {
    scans: SCANS,
    checks: result.checks.length,
    history: median(history),
    baseline: median(baseline),
  };
  log(
    `check history: ${summary.scans} scans of ${summary.checks} checks; ${summary.history.toFixed(1)} ms, ` +
      `baseline (reading the scan files whole) ${summary.baseline.toFixed(1)} ms; median of ${ROUNDS}`,
  );
  return summary;
}
