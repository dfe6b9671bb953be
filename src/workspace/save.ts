/** Save a ScanResult into the workspace's history: `scans/<id>.json`, written atomically, private to the user. */
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import type { ScanResult } from '../scan/result.js';
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
  return id;
}
