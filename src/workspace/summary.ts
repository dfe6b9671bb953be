/** What a listing shows of a saved scan, kept in the file's first line so listing never parses whole results. */
import * as z from 'zod/mini';
import type { ScanResult } from '../scan/result.js';

export const scanSummarySchema = z.object({
  id: z.string(),
  scanId: z.string(),
  /** The scan's start, as in the result (`2026-11-29T23:59:01+00:00`). */
  time: z.string(),
  definitionName: z.string(),
  dataSource: z.string(),
  counts: z.object({
    pass: z.number(),
    warn: z.number(),
    fail: z.number(),
    notEvaluated: z.number(),
  }),
  hasErrors: z.boolean(),
});

export type ScanSummary = z.infer<typeof scanSummarySchema>;

export function summarize(id: string, result: ScanResult): ScanSummary {
  const counts = { pass: 0, warn: 0, fail: 0, notEvaluated: 0 };
  for (const check of result.checks) counts[check.outcome ?? 'notEvaluated']++;
  return {
    id,
    scanId: result.scanId,
    time: result.scanStartTimestamp,
    definitionName: result.definitionName,
    dataSource: result.dataSource,
    counts,
    hasErrors: result.hasErrors,
  };
}

/** Datasets whose columns the scan recorded (a `schema` metric), so `previousSchema` opens only those files. */
export function schemaDatasetsOf(result: ScanResult): string[] {
  const datasets = result.metrics
    .filter(
      (metric) =>
        metric.metricName === 'schema' && metric.dataset !== undefined && Array.isArray(metric.value),
    )
    .map((metric) => metric.dataset as string);
  return [...new Set(datasets)];
}
