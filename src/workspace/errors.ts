/** Workspace errors the CLI and the app show as they are: a clear sentence, and a code to act on. */
export type WorkspaceErrorCode = 'not-found' | 'invalid-id' | 'corrupt';

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}
