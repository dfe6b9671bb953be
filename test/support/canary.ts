/**
 * A canary secret and the search for it: every form in which it could leak (as is, hex, base64 at each byte
 * alignment, UTF-16, URL-encoded) in every file under some folders and in some texts. A test that finds nothing
 * must also prove it looked: `searchFolders` returns the files it read.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export function newCanary(): string {
  return `canary-${randomBytes(8).toString('hex')}`;
}

/** The byte strings to look for. Base64 of a substring depends on its alignment: the chars of all three. */
export function canaryForms(canary: string): Map<string, Buffer> {
  const raw = Buffer.from(canary, 'utf8');
  const forms = new Map<string, Buffer>([
    ['utf8', raw],
    ['hex', Buffer.from(raw.toString('hex'))],
    ['HEX', Buffer.from(raw.toString('hex').toUpperCase())],
    ['utf16le', Buffer.from(canary, 'utf16le')],
    ['url', Buffer.from(encodeURIComponent(canary))],
  ]);
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), raw]).toString('base64');
    // Only the characters made of the canary's bits alone.
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + raw.length) * 8) / 6));
    forms.set(`base64@${offset}`, Buffer.from(core));
    forms.set(`base64url@${offset}`, Buffer.from(core.replaceAll('+', '-').replaceAll('/', '_')));
  }
  return forms;
}

/** "where: form" for each hit. */
export function findCanary(forms: Map<string, Buffer>, where: string, content: Buffer | string): string[] {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return [...forms].filter(([, form]) => bytes.includes(form)).map(([name]) => `${where}: ${name}`);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Every file under the folders (dotfiles and temp files too), searched for every form. */
export async function searchFolders(
  forms: Map<string, Buffer>,
  folders: string[],
): Promise<{ files: string[]; hits: string[] }> {
  const files = (await Promise.all(folders.map(filesUnder))).flat();
  const hits: string[] = [];
  for (const file of files) hits.push(...findCanary(forms, file, await readFile(file)));
  return { files, hits };
}
