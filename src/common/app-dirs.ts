/** Where Gatehouse keeps its files: `GATEHOUSE_HOME` if set, else the OS's conventional folders. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_HOME) return join(env.GATEHOUSE_HOME, 'cache');
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Caches', 'Gatehouse');
    case 'win32':
      return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Gatehouse', 'Cache');
    default:
      return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gatehouse');
  }
}
