/**
 * One check's values across the saved scans of a data source, oldest first, for the app's small chart. A check
 * is followed by its key — the user's `identity:` if set, else Soda's v3 identity (check line, section,
 * configuration, data source and file name; not its line number or name) — so moving it keeps its history.
 */
import type { CheckResult } from '../scan/result.js';
import { WorkspaceError } from '../workspace/errors.js';
import { listScans } from '../workspace/list.js';
import { readScan } from '../workspace/read.js';
import type { CheckHistory, CheckHistoryPoint } from './desktop/contract.js';

/** The key `checkHistory` follows a check by; undefined for results saved before identities were recorded. */
export function checkKey(check: Pick<CheckResult, 'identities'>): string | undefined {
  return check.identities?.v4 ?? check.identities?.v3;
}

export const DEFAULT_HISTORY_POINTS = 100;

export async function checkHistory(
  workspace: string,
  request: { dataSource: string; identity: string; limit?: number },
): Promise<CheckHistory> {
  const limit = request.limit ?? DEFAULT_HISTORY_POINTS;
  const listing = await listScans(workspace, { dataSource: request.dataSource });
  const warnings = [...listing.warnings];
  const points: CheckHistoryPoint[] = [];
  // Newest first, so the limit keeps the most recent points.
  for (const summary of listing.scans) {
    if (points.length === limit) break;
    let result: Awaited<ReturnType<typeof readScan>>['result'];
    try {
      result = (await readScan(workspace, summary.id)).result;
    } catch (error) {
      if (!(error instanceof WorkspaceError)) throw error;
      warnings.push(error.message);
      continue;
    }
    const check = result.checks.find((candidate) => checkKey(candidate) === request.identity);
    if (!check) continue;
    points.push({
      scanId: summary.id,
      time: result.scanStartTimestamp,
      value: check.value,
      outcome: check.outcome,
    });
  }
  return { dataSource: request.dataSource, identity: request.identity, points: points.reverse(), warnings };
}
