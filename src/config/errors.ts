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
