/**
 * Payload benchmark: a synthetic 5,000-check ScanResult (50 datasets × 100 checks: counts, statistics, a text max,
 * freshness, samples on every tenth check). Targets: build + canonicalise + hash ≤ 250 ms; the preview tree's
 * render data ≤ 100 ms. Baseline in the same run: the plain Soda document and `JSON.stringify` of it, the least
 * any serialiser must do.
 */
import { DEFAULT_PRIVACY } from '../../src/config/privacy.js';
import { buildPayload, preparePayload } from '../../src/payload/prepare.js';
import { previewTree } from '../../src/payload/preview-tree.js';
import { buildScanResultsDocument } from '../../src/payload/soda-document.js';
import { checkIdentities } from '../../src/scan/identity.js';
import type { CheckResult, MetricRecord, ScanResult } from '../../src/scan/result.js';
import { parseChecks } from '../../src/sodacl/parse.js';
import { median } from './timing.js';

const DATASETS = 50;
const PER_DATASET = 100;
const ROUNDS = Number(process.env.GATEHOUSE_BENCH_ROUNDS ?? 15);

const LINES = [
  (i: number) => `row_count > ${i}`,
  (i: number) => `missing_count(col_${i}) = 0`,
  (i: number) => `max(col_${i}) < 1000`,
  (i: number) => `avg(col_${i}) between 0 and 100`,
  (i: number) => `freshness(ts_${i}) < 1d`,
];

export function syntheticResult(): ScanResult {
  const text = Array.from({ length: DATASETS }, (_, d) =>
    [
      `checks for table_${d}:`,
      ...Array.from({ length: PER_DATASET }, (_, i) => `  - ${LINES[i % 5]?.(i)}`),
    ].join('\n'),
  ).join('\n');
  const parsed = parseChecks([{ filePath: 'checks.yml', text }], { env: {} });
  const metrics: MetricRecord[] = [];
  const checks: CheckResult[] = parsed.checks.map((check, n) => {
    const dataset = check.dataset?.name ?? 'table';
    const kind = n % 5;
    const column = kind === 0 ? undefined : `col_${n % PER_DATASET}`;
    const identity = `metric-bench-pg-${dataset}-${column ?? 'all'}-${kind}`;
    const value = kind === 2 ? `text-${n}` : kind === 3 ? n / 7 : n;
    metrics.push({
      identity,
      metricName: ['row_count', 'missing_count', 'max', 'avg', 'max'][kind] ?? 'x',
      dataset,
      column,
      value,
    });
    return {
      check,
      // As runScan records them: a scan computes its checks' identities once.
      identities: checkIdentities(check, 'pg'),
      displayName: check.source,
      outcome: n % 3 === 0 ? 'fail' : 'pass',
      value: typeof value === 'number' ? value : null,
      metrics: [identity],
      outcomeReasons: kind === 2 ? [`max(${column}) is not a number: "${value}"`] : [],
      ...(column ? { column } : {}),
      fail: { gt: 1000, lt: 0, union: true },
      ...(kind === 4
        ? {
            diagnostics: {
              value: 4200,
              measure: 'time',
              maxColumnTimestamp: '2020-06-24 00:04:10',
              maxColumnTimestampUtc: '2020-06-24 00:04:10+00:00',
              nowVariableName: 'NOW',
              nowTimestamp: '2020-06-24 12:00:00',
              nowTimestampUtc: '2020-06-24 12:00:00+00:00',
              freshness: '11:55:50',
            },
          }
        : {}),
      ...(n % 10 === 1
        ? {
            samples: {
              columns: [
                { name: 'id', type: 'int4' },
                { name: column ?? 'c', type: 'text' },
              ],
              rows: [
                [1, 'a'],
                [2, null],
              ],
              totalRowCount: 2,
              storedRowCount: 2,
              limit: 100,
            },
          }
        : {}),
    };
  });
  return {
    scanId: 'bench',
    definitionName: 'bench',
    dataSource: 'pg',
    dataTimestamp: '2026-11-29T14:08:20+00:00',
    scanStartTimestamp: '2026-11-29T14:08:20+00:00',
    scanEndTimestamp: '2026-11-29T14:08:21+00:00',
    checks,
    metrics,
    queries: Array.from({ length: DATASETS }, (_, d) => ({
      name: `pg.table_${d}.aggregation[0]`,
      dataset: `table_${d}`,
      sql: `SELECT ${Array.from({ length: 80 }, (_, i) => `MAX(col_${i})`).join(', ')} FROM table_${d}`,
      durationMs: 12.5,
    })),
    logs: Array.from({ length: 200 }, (_, i) => ({
      level: i % 4 === 0 ? 'warning' : 'info',
      message: `Log line ${i}`,
      timestamp: '2026-11-29T14:08:21.000Z',
    })),
    hasErrors: false,
    hasWarnings: false,
    hasFailures: true,
  };
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export interface PayloadBenchmark {
  checks: number;
  bytes: number;
  build: number;
  tree: number;
  baseline: number;
}

export function payloadBenchmark(log: (line: string) => void): PayloadBenchmark {
  const result = syntheticResult();
  // Warm-up: the first runs pay for JIT compilation, not for the work measured.
  for (let i = 0; i < 3; i++) preparePayload(result);
  const build: number[] = [];
  const baseline: number[] = [];
  const tree: number[] = [];
  // For information: the share of the tree that is JSON.parse of the bytes, which the tree cannot do without.
  const parse: number[] = [];
  const { prepared, withheld } = buildPayload(result, DEFAULT_PRIVACY);
  // Interleaved rounds, so a noisy neighbour hurts both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(time(() => JSON.stringify(buildScanResultsDocument(result))));
    build.push(time(() => preparePayload(result)));
    tree.push(time(() => previewTree(prepared.bytes, withheld)));
    parse.push(time(() => JSON.parse(Buffer.from(prepared.bytes).toString('utf8'))));
  }
  const summary = {
    checks: result.checks.length,
    bytes: prepared.bytes.length,
    build: median(build),
    tree: median(tree),
    baseline: median(baseline),
  };
  log(
    `payload: ${summary.checks} checks, ${(summary.bytes / 1e6).toFixed(2)} MB; build + canonicalise + hash ${summary.build.toFixed(1)} ms, ` +
      `preview tree ${summary.tree.toFixed(1)} ms (JSON.parse of the bytes alone ${median(parse).toFixed(1)} ms); baseline (Soda document + JSON.stringify) ${summary.baseline.toFixed(1)} ms ` +
      `(${(summary.build / summary.baseline).toFixed(2)}×); median of ${ROUNDS}`,
  );
  // For information: level full laid out for Soda Cloud, every tenth check's sample as a file of its own.
  const full = { ...DEFAULT_PRIVACY, level: 'full' as const };
  const files: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) preparePayload(result, full, { samples: 'files' });
  for (let round = 0; round < Math.max(3, Math.floor(ROUNDS / 3)); round++) {
    files.push(time(() => (count = preparePayload(result, full, { samples: 'files' }).sampleFiles.length)));
  }
  log(`payload at level full for Soda Cloud: ${count} sample files, build ${median(files).toFixed(1)} ms`);
  return summary;
}
