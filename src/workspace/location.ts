/**
 * The workspace folder: `--workspace DIR`, else `GATEHOUSE_HOME`, else the OS's app-data folder. Scan results can
 * hold data-derived values (min, max, schemas), so the folders Gatehouse creates are private to the user (0700).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { dataDir } from '../common/app-dirs.js';
import { workspaceNotAFolder } from './errors.js';

const PRIVATE_DIR = 0o700;

export function workspaceDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit ?? dataDir(env));
}

/** The folder of saved scans; it may not exist yet. */
export function scansDir(workspace: string): string {
  return join(workspace, 'scans');
}

/** Creates the workspace and its scans folder (0700) if missing; an existing folder's mode is the user's choice. */
export async function ensureScansDir(workspace: string): Promise<string> {
  const dir = scansDir(workspace);
  // Node applies `mode` to every folder `recursive` creates, so a new workspace root is private too.
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR }).catch((error: unknown) => {
    throw workspaceNotAFolder(workspace, error) ?? error;
  });
  return dir;
}

/** The folder of the saved scans' check-values companions (see check-values.ts); it may not exist yet. */
export function checkValuesDir(workspace: string): string {
  return join(scansDir(workspace), 'check-values');
}

export async function ensureCheckValuesDir(workspace: string): Promise<string> {
  const dir = checkValuesDir(workspace);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  return dir;
}

export function scanFilePath(workspace: string, id: string): string {
  return join(scansDir(workspace), `${id}.json`);
}
