/** Workspace errors the CLI and the app show as they are: a clear sentence, and a code to act on. */
export type WorkspaceErrorCode = 'not-found' | 'invalid-id' | 'corrupt' | 'not-a-folder';

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/**
 * The workspace path (or its scans/ folder) names a file, not a folder: Node says ENOTDIR or EEXIST; say what it
 * means and how to choose another workspace.
 */
export function workspaceNotAFolder(workspace: string, error: unknown): WorkspaceError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ENOTDIR' && code !== 'EEXIST') return undefined;
  return new WorkspaceError(
    'not-a-folder',
    `The workspace ${workspace} is not a folder (a file is in the way). Pass --workspace with a folder, or set GATEHOUSE_HOME to one.`,
  );
}
