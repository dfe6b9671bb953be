/**
 * What the app remembers between starts that is not in the workspace itself: which workspace folder to open.
 * `<userData>/settings.json`, written atomically; a missing or unreadable file means the default workspace (the
 * CLI's), so the app and `gatehouse` share one scan history unless the user chooses otherwise.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { writeFileAtomic } from '../src/common/atomic-write.js';

const settingsSchema = z.object({ workspace: z.optional(z.string().check(z.minLength(1))) });

export function settingsPath(userData: string): string {
  return join(userData, 'settings.json');
}

export async function readWorkspaceChoice(userData: string, fallback: string): Promise<string> {
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(await readFile(settingsPath(userData), 'utf8')));
    return (parsed.success && parsed.data.workspace) || fallback;
  } catch {
    return fallback;
  }
}

export async function writeWorkspaceChoice(userData: string, workspace: string): Promise<void> {
  await mkdir(userData, { recursive: true, mode: 0o700 });
  await writeFileAtomic(settingsPath(userData), `${JSON.stringify({ workspace }, null, 2)}\n`);
}
