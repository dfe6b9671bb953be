import type { SourceLocation } from '../sodacl/model.js';

/** A configuration problem, with the place in the file when there is one. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${location.filePath}:${location.line}:${location.col}: ${message}` : message);
    this.name = 'ConfigError';
  }
}
