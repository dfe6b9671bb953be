/**
 * `--scan-results-file`: checked before the scan runs, so a mistyped folder is said at once rather than after a
 * long scan, and written after it with a clear line if writing still fails (a full disk, say).
 */
import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const HINT = 'Pass a file path in an existing folder with --scan-results-file.';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
};

/** Why the scan-results document could not be written to `path`, or undefined when it can be tried. */
export async function resultsFileProblem(path: string): Promise<string | undefined> {
  if (path === '') return '--scan-results-file must not be empty.';
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) return `Cannot write the scan-results file ${path}: it is a folder. ${HINT}`;
  const folder = dirname(resolve(path));
  const parent = await stat(folder).catch(() => undefined);
  if (!parent)
    return `Cannot write the scan-results file ${path}: the folder ${folder} does not exist. ${HINT}`;
  if (!parent.isDirectory()) {
    return `Cannot write the scan-results file ${path}: ${folder} is not a folder. ${HINT}`;
  }
  return undefined;
}

/** Writes the document; a failure is returned as one line to show, never thrown past the scan's results. */
export async function writeResultsFile(path: string, document: unknown): Promise<string | undefined> {
  try {
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
    return undefined;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code ? (REASONS[code] ?? message) : message;
    return `Could not write the scan-results file ${path}: ${why}. The results above are complete; only the file is missing.`;
  }
}
