import type { SourceLocation } from '../sodacl/model.js';

/** A configuration problem, with the place in the file when there is one. */
export class ConfigError extends Error {
  constructor(
    /** The problem, without its place. */
    readonly detail: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${location.filePath}:${location.line}:${location.col}: ${detail}` : detail);
    this.name = 'ConfigError';
  }
}

/**
 * A configuration file that could not be read, said in words: missing, a folder, not readable. `how` ends the
 * sentence with what to do in the caller's terms (`Pass the right path with -c.` on the command line).
 */
export function unreadableConfiguration(path: string, error: unknown, how = ''): ConfigError {
  const code = (error as NodeJS.ErrnoException).code;
  const tail = how ? ` ${how}` : '';
  if (code === 'ENOENT') return new ConfigError(`Configuration file ${path} does not exist.${tail}`);
  if (code === 'EISDIR') return new ConfigError(`${path} is a folder, not a configuration file.${tail}`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new ConfigError(`Configuration file ${path} cannot be read: permission denied.${tail}`);
  }
  return new ConfigError(`Cannot read configuration file ${path}: ${(error as Error).message}`);
}
