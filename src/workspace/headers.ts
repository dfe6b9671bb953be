/**
 * The saved scans' headers, newest first, read lazily: a listing of the last 10 scans opens about 10 files however
 * long the history is. Unreadable files become warnings, never exceptions.
 */
import { readdir } from 'node:fs/promises';
import { workspaceNotAFolder } from './errors.js';
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
    throw workspaceNotAFolder(workspace, error) ?? error;
  }
  return names
    .filter((name) => name.endsWith('.json') && isScanId(name.slice(0, -5)))
    .map((name) => name.slice(0, -5))
    .sort()
    .reverse();
}

const BATCH = 64;

export async function* savedScanHeaders(
  workspace: string,
  warnings: string[],
): AsyncGenerator<SavedScanHeader, void, undefined> {
  const ids = await savedScanIds(workspace);
  for (const [index, id] of ids.entries()) {
    // Header reads are synchronous (faster); a pause every batch keeps a long listing from blocking the app.
    if (index > 0 && index % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    let header: ScanFileHeader;
    try {
      header = readScanHeader(scanFilePath(workspace, id));
    } catch (error) {
      warnings.push(`Skipped scans/${id}.json: ${(error as Error).message}`);
      continue;
    }
    yield { id, header };
  }
}
