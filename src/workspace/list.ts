/** The workspace's scan history, newest first, from the files' headers only. */
import { savedScanHeaders } from './headers.js';
import type { ScanSummary } from './summary.js';

export interface ListScansOptions {
  dataSource?: string;
  /** At most this many scans (the newest). */
  limit?: number;
}

export interface ScanListing {
  scans: ScanSummary[];
  /** True when the limit stopped the listing before the oldest scan. */
  more: boolean;
  /** Files that were skipped, and why (corrupt, truncated, unreadable). */
  warnings: string[];
}

export async function listScans(workspace: string, options: ListScansOptions = {}): Promise<ScanListing> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const warnings: string[] = [];
  const scans: ScanSummary[] = [];
  if (limit <= 0) return { scans, more: false, warnings };
  for await (const { id, header } of savedScanHeaders(workspace, warnings)) {
    if (options.dataSource !== undefined && header.summary.dataSource !== options.dataSource) continue;
    if (scans.length === limit) return { scans, more: true, warnings };
    // The file name is the id: a copied or renamed file is listed (and shown) under the name it has.
    scans.push({ ...header.summary, id });
  }
  return { scans, more: false, warnings };
}
