/** Check file paths and folders → the files' text, folders searched recursively for .yml/.yaml. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckFileInput } from '../sodacl/parse.js';

export class CheckFilesError extends Error {
  override name = 'CheckFilesError';
}

async function yamlFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith('.'))
      .map(async (entry) => {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) return yamlFilesIn(path);
        return /\.ya?ml$/i.test(entry.name) ? [path] : [];
      }),
  );
  return nested.flat().sort();
}

export async function readCheckFiles(paths: string[]): Promise<CheckFileInput[]> {
  if (paths.length === 0)
    throw new CheckFilesError('No check files given. Pass one or more check files or folders.');
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new CheckFilesError(`Check file or folder ${path} does not exist.`);
    if (info.isDirectory()) {
      const found = await yamlFilesIn(path);
      if (found.length === 0) throw new CheckFilesError(`Folder ${path} holds no .yml or .yaml check files.`);
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  const unique = [...new Set(files)];
  return Promise.all(unique.map(async (filePath) => ({ filePath, text: await readFile(filePath, 'utf8') })));
}
