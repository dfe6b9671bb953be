/**
 * One check's values across the newest saved scans of a data source, oldest first, for the app's small chart. A
 * check is followed by its key — the user's `identity:` if set, else Soda's v3 identity (check line, section,
 * configuration, data source and file name; not its line number or name) — so moving it keeps its history. Each
 * scan is read from its small check-values companion; a scan without one is read whole once and given one.
 */
import {
  type CheckValue,
  checkValuesOf,
  readCheckValues,
  writeCheckValues,
} from '../workspace/check-values.js';
import { WorkspaceError } from '../workspace/errors.js';
import { listScans } from '../workspace/list.js';
import { readScan } from '../workspace/read.js';
import type { CheckHistory, CheckHistoryPoint } from './desktop/contract.js';

export const DEFAULT_HISTORY_SCANS = 100;

async function valuesOf(workspace: string, id: string): Promise<Map<string, CheckValue>> {
  const stored = await readCheckValues(workspace, id);
  if (stored) return stored;
  const values = checkValuesOf((await readScan(workspace, id)).result);
  // Only a cache: a read-only workspace still shows the history, read the slow way each time.
  await writeCheckValues(workspace, id, values).catch(() => {});
  return values;
}

export async function checkHistory(
  workspace: string,
  request: { dataSource: string; identity: string; limit?: number },
): Promise<CheckHistory> {
  const listing = await listScans(workspace, {
    dataSource: request.dataSource,
    limit: request.limit ?? DEFAULT_HISTORY_SCANS,
  });
  const warnings = [...listing.warnings];
  const points: CheckHistoryPoint[] = [];
  for (const summary of listing.scans) {
    let values: Map<string, CheckValue>;
    try {
      values = await valuesOf(workspace, summary.id);
    } catch (error) {
      if (!(error instanceof WorkspaceError)) throw error;
      warnings.push(error.message);
      continue;
    }
    const check = values.get(request.identity);
    if (check) points.push({ scanId: summary.id, time: summary.time, ...check });
  }
  return { dataSource: request.dataSource, identity: request.identity, points: points.reverse(), warnings };
}
