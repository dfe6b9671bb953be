/** One saved scan, by id or `latest` (the newest scan whose file is intact). */
import { readFile } from 'node:fs/promises';
import type { ScanResult } from '../scan/result.js';
import { WorkspaceError, workspaceNotAFolder } from './errors.js';
import { savedScanHeaders } from './headers.js';
import { scanFilePath } from './location.js';
import { decodeScanFile } from './scan-file.js';
import { isScanId } from './scan-id.js';

export interface SavedScan {
  id: string;
  result: ScanResult;
  /** Newer files that `latest` skipped because they are corrupt. */
  warnings: string[];
}

export async function readScan(workspace: string, idOrLatest: string): Promise<SavedScan> {
  const warnings: string[] = [];
  let id = idOrLatest;
  if (idOrLatest === 'latest') {
    const newest = await savedScanHeaders(workspace, warnings).next();
    if (newest.done) {
      // Damaged files were skipped: "no saved scans yet" would send the user looking in the wrong place.
      const skipped = warnings.length > 0 ? ` that can be read (${warnings.join('; ')})` : ' yet';
      throw new WorkspaceError('not-found', `There are no saved scans in ${workspace}${skipped}.`);
    }
    id = newest.value.id;
  } else if (!isScanId(idOrLatest)) {
    // Also what keeps `../` and absolute paths out of the file name.
    throw new WorkspaceError(
      'invalid-id',
      `"${idOrLatest}" is not a scan id (like 2026-11-29T23-59-01.123Z-1a2b3c4d) or "latest".`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(scanFilePath(workspace, id));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WorkspaceError('not-found', `There is no saved scan ${id} in ${workspace}.`);
    }
    throw workspaceNotAFolder(workspace, error) ?? error;
  }
  try {
    return { id, result: decodeScanFile(bytes).result, warnings };
  } catch (error) {
    if (error instanceof WorkspaceError) {
      throw new WorkspaceError(error.code, `The saved scan ${id} cannot be read: ${error.message}.`);
    }
    throw error;
  }
}
