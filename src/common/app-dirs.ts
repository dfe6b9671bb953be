/** Where Gatehouse keeps its files: `GATEHOUSE_HOME` if set, else the OS's conventional folders. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

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

/**
 * The default workspace: the folder of the user's own data (scan history). `GATEHOUSE_HOME` is the workspace root
 * itself; otherwise the OS's app-data folder, which unlike the cache is not for deleting at will.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_HOME) return env.GATEHOUSE_HOME;
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Gatehouse');
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gatehouse');
    default:
      // The XDG spec says a relative (or empty) XDG_DATA_HOME is to be ignored.
      return join(
        env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)
          ? env.XDG_DATA_HOME
          : join(homedir(), '.local', 'share'),
        'gatehouse',
      );
  }
}
