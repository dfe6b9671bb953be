/**
 * The safety net for a request the API's zod schema refused (an empty `-d ""`, `--workspace ""`, …): one line
 * naming the option, never zod's JSON dump of issues. Duck-typed, so `--help` need not load zod.
 */

/** The API's request fields, as the command line spells them. */
const OPTION_OF: Record<string, string> = {
  dataSource: '-d/--data-source',
  configPath: '-c/--configuration',
  checkPaths: 'the check files or folders',
  scanName: '-s/--scan-definition',
  workspace: '--workspace',
  sha256: '--sha256',
  approver: '--approver',
  exportDir: '--to',
  file: '--file',
  to: '--export',
  diffAgainst: '--diff-against',
  scan: 'the scan id',
  id: 'the scan id',
};

interface Issue {
  code?: string;
  path?: PropertyKey[];
  origin?: string;
  message?: string;
}

function isZodError(error: unknown): error is { issues: Issue[] } {
  return (
    error instanceof Error &&
    /^\$?ZodError$/.test(error.name) &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

/** One line for a refused request, or undefined when the error is something else. */
export function invalidRequestMessage(error: unknown): string | undefined {
  if (!isZodError(error)) return undefined;
  const issue = error.issues[0];
  const field = String(issue?.path?.[0] ?? '');
  const option = OPTION_OF[field] ?? (field || 'the input');
  if (issue?.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array')) {
    return `${option} must not be empty.`;
  }
  const detail = issue?.message && issue.message !== 'Invalid input' ? `: ${issue.message}` : '';
  return `${option} is not valid${detail}.`;
}
