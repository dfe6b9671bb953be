/**
 * The app's own configuration file, `<workspace>/configuration.yml`: the same Soda-compatible format the CLI
 * reads (so `gatehouse scan -c` works on it), edited through the yaml package's Document API so that the user's
 * comments and layout survive every edit. Writes are atomic (a reader sees the old file or the new one) and
 * serialised per file. A safety net refuses any edit that would leave a secret in clear in the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Document, isMap, isScalar, type LineCounter, type Pair, type YAMLMap } from 'yaml';
import { writeFileAtomic } from '../common/atomic-write.js';
import { DATA_SOURCE_HEADER, NOT_A_MAP, parseConfigYaml } from '../config/document.js';
import { ConfigError } from '../config/errors.js';
import { planSecretRemoval } from '../config/remove-secrets.js';
import type { SourceLocation } from '../sodacl/model.js';
import { ensureScansDir } from '../workspace/location.js';

export function workspaceConfigPath(workspace: string): string {
  return join(workspace, 'configuration.yml');
}

export interface ConfigDocument {
  path: string;
  /** The text as read ('' for a file that does not exist yet). */
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  exists: boolean;
}

async function readText(path: string): Promise<{ text: string; exists: boolean }> {
  try {
    return { text: await readFile(path, 'utf8'), exists: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', exists: false };
    throw new ConfigError(`Cannot read configuration file ${path}: ${(error as Error).message}`);
  }
}

export function parseConfigText(path: string, text: string): Omit<ConfigDocument, 'exists'> {
  const { doc, lineCounter } = parseConfigYaml(path, text);
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ConfigError(NOT_A_MAP, {
      filePath: path,
      line: 1,
      col: 1,
    });
  }
  return { path, text, doc, lineCounter };
}

export async function readConfigDocument(path: string): Promise<ConfigDocument> {
  const { text, exists } = await readText(path);
  return { ...parseConfigText(path, text), exists };
}

/** The top-level map, created when the file is empty. */
export function rootMap(doc: Document): YAMLMap {
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as YAMLMap;
  return doc.contents as YAMLMap;
}

/** Each `data_source NAME:` entry of the file, in file order. */
export function dataSourcePairs(doc: Document): Array<{ name: string; pair: Pair }> {
  if (!isMap(doc.contents)) return [];
  const found: Array<{ name: string; pair: Pair }> = [];
  for (const pair of doc.contents.items) {
    const header = isScalar(pair.key) ? String(pair.key.value) : '';
    const name = DATA_SOURCE_HEADER.exec(header)?.[1];
    if (name) found.push({ name, pair });
  }
  return found;
}

export function findDataSource(doc: Document, name: string): Pair | undefined {
  return dataSourcePairs(doc).find((entry) => entry.name === name)?.pair;
}

/** Where a node starts, for messages. */
export function locationOf(
  config: Omit<ConfigDocument, 'exists'>,
  offset: number | undefined,
): SourceLocation {
  return { filePath: config.path, ...config.lineCounter.linePos(offset ?? 0) };
}

const queues = new Map<string, Promise<unknown>>();

/** Runs edits of one file one after another within this process. */
function serialised<T>(path: string, body: () => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.then(body, body);
  queues.set(
    path,
    next.catch(() => {}),
  );
  return next;
}

/**
 * Reads the file, lets `edit` change its Document, and writes the result atomically — unless the edit would
 * leave more secrets in clear than the file held before, or the file changed on disk meanwhile (another editor,
 * the CLI): then nothing is written. The workspace folder is created (0700) when missing.
 */
export function editConfigFile<T>(
  path: string,
  workspace: string,
  edit: (doc: Document.Parsed, config: ConfigDocument) => T | Promise<T>,
): Promise<T> {
  return serialised(path, async () => {
    const config = await readConfigDocument(path);
    const result = await edit(config.doc, config);
    const text = config.doc.toString({ lineWidth: 0 });
    const before = planSecretRemoval(path, config.text).secrets.length;
    const after = planSecretRemoval(path, text).secrets.length;
    if (after > before) {
      throw new ConfigError(
        `Refusing to write a secret in clear into ${path}: secrets belong in the secret store.`,
      );
    }
    const now = await readText(path);
    if (now.text !== config.text) {
      throw new ConfigError(
        `${path} changed on disk while it was being edited; nothing was written. Try again.`,
      );
    }
    await ensureScansDir(workspace);
    const mode = config.exists ? (await stat(path)).mode & 0o777 : 0o600;
    await writeFileAtomic(path, text, mode);
    return result;
  });
}
