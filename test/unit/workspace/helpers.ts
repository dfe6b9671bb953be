/** Scan results and workspaces for the workspace tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult, MetricRecord, Outcome, ScanResult } from '../../../src/scan/result.js';
import type { Check } from '../../../src/sodacl/model.js';

export function fakeResult(
  options: {
    dataSource?: string;
    definitionName?: string;
    outcomes?: (Outcome | null)[];
    metrics?: MetricRecord[];
    hasErrors?: boolean;
  } = {},
): ScanResult {
  const checks: CheckResult[] = (options.outcomes ?? []).map((outcome, i) => ({
    check: { dataset: { name: 'orders', quoted: false } } as unknown as Check,
    displayName: `check ${i}`,
    outcome,
    value: i,
    metrics: [],
    outcomeReasons: [],
  }));
  return {
    scanId: crypto.randomUUID(),
    definitionName: options.definitionName ?? 'nightly',
    dataSource: options.dataSource ?? 'warehouse',
    dataTimestamp: '2026-11-29T23:59:01+00:00',
    scanStartTimestamp: '2026-11-29T23:59:01+00:00',
    scanEndTimestamp: '2026-11-29T23:59:02+00:00',
    checks,
    metrics: options.metrics ?? [],
    queries: [],
    logs: [],
    hasErrors: options.hasErrors ?? false,
    hasWarnings: checks.some((c) => c.outcome === 'warn'),
    hasFailures: checks.some((c) => c.outcome === 'fail'),
  };
}

export function schemaMetric(dataset: string, columns: [string, string][]): MetricRecord {
  return {
    identity: `metric-${dataset}-schema`,
    metricName: 'schema',
    dataset,
    value: columns.map(([columnName, sourceDataType]) => ({ columnName, sourceDataType })),
  };
}

/** A workspace path in a fresh temp folder; the workspace itself is not created (saving must create it). */
export async function tempWorkspace(): Promise<{ workspace: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-ws-'));
  return { workspace: join(root, 'workspace'), cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Dates one second apart, oldest first, so saved ids sort in a known order. */
export function seconds(count: number, start = Date.UTC(2026, 10, 29, 12, 0, 0)): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(start + i * 1000));
}
