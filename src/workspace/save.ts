/**
 * Save a ScanResult into the workspace's history: `scans/<id>.json`, written atomically, private to the user, and
 * its check-values companion for check histories.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import type { ScanResult } from '../scan/result.js';
import { checkValuesOf, writeCheckValues } from './check-values.js';
import { ensureScansDir } from './location.js';
import { encodeScanFile } from './scan-file.js';
import { newScanId } from './scan-id.js';

export async function saveScan(
  workspace: string,
  result: ScanResult,
  now: Date = new Date(),
): Promise<string> {
  const dir = await ensureScansDir(workspace);
  const id = newScanId(now);
  await writeFileAtomic(join(dir, `${id}.json`), encodeScanFile(id, result));
  // The scan is saved; a companion that could not be written is rebuilt from it when a history needs it.
  await writeCheckValues(workspace, id, checkValuesOf(result)).catch(() => {});
  return id;
}
