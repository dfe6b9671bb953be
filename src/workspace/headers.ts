/**
 * The saved scans' headers, newest first, read lazily in growing batches: a listing of the last 10 scans opens
 * about 10 files however long the history is. Unreadable files become warnings, never exceptions.
 */
import { readdir } from 'node:fs/promises';
import { scanFilePath, scansDir } from './location.js';
import type { ScanFileHeader } from './scan-file.js';
import { readScanHeader } from './scan-file.js';
import { isScanId } from './scan-id.js';

export interface SavedScanHeader {
  id: string;
  header: ScanFileHeader;
}

/** Ids of the saved scans, newest first (ids sort by time). Temp files and foreign files are not scans. */
export async function savedScanIds(workspace: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(scansDir(workspace));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.json') && isScanId(name.slice(0, -5)))
    .map((name) => name.slice(0, -5))
    .sort()
    .reverse();
}

export async function* savedScanHeaders(
  workspace: string,
  warnings: string[],
): AsyncGenerator<SavedScanHeader, void, undefined> {
  const ids = await savedScanIds(workspace);
  let batchSize = 8;
  for (let start = 0; start < ids.length; start += batchSize, batchSize = Math.min(batchSize * 2, 64)) {
    const batch = ids.slice(start, start + batchSize);
    const read = await Promise.all(
      batch.map((id) =>
        readScanHeader(scanFilePath(workspace, id)).then(
          (header) => ({ id, header }),
          (error: Error) => {
            warnings.push(`Skipped scans/${id}.json: ${error.message}`);
            return undefined;
          },
        ),
      ),
    );
    for (const entry of read) if (entry) yield entry;
  }
}
