/** `gatehouse scans` and `gatehouse scans show`: the workspace's scan history, as tables or JSON. */
import { listScanHistory, showScan } from '../../api/scans.js';
import { WorkspaceError } from '../../workspace/errors.js';
import { renderResults } from '../results-table.js';
import { renderScanList } from '../scans-table.js';

export interface ScansListOptions {
  workspace?: string;
  dataSource?: string;
  limit?: number;
  json?: boolean;
}

export interface ScansShowOptions {
  workspace?: string;
  json?: boolean;
}

function warn(warnings: string[]): void {
  for (const warning of warnings) process.stderr.write(`Warning: ${warning}\n`);
}

/** Workspace errors are the user's to fix (exit 3, one clear line); anything else is rethrown. */
function reportError(error: unknown, id: string): number {
  if (!(error instanceof WorkspaceError)) throw error;
  const hint =
    error.code === 'not-found' && id !== 'latest' ? ' `gatehouse scans` lists the saved scans.' : '';
  process.stderr.write(`gatehouse: ${error.message}${hint}\n`);
  return 3;
}

export async function runScansListCommand(options: ScansListOptions): Promise<number> {
  const listing = await listScanHistory({
    workspace: options.workspace,
    dataSource: options.dataSource,
    limit: options.limit,
  });
  warn(listing.warnings);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(listing.scans, null, 2)}\n`);
    return 0;
  }
  if (listing.scans.length === 0) {
    const of = options.dataSource ? ` of data source ${options.dataSource}` : '';
    process.stdout.write(
      `No saved scans${of} in ${listing.workspace} yet: \`gatehouse scan\` saves each scan.\n`,
    );
    return 0;
  }
  process.stdout.write(renderScanList(listing.scans, process.stdout));
  const more = listing.more ? ` Showing the newest ${listing.scans.length}; --limit N shows more.` : '';
  process.stdout.write(`\nWorkspace: ${listing.workspace}.${more}\n`);
  return 0;
}

export async function runScansShowCommand(id: string, options: ScansShowOptions): Promise<number> {
  try {
    const saved = await showScan({ workspace: options.workspace, id });
    warn(saved.warnings);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(saved.result, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`Scan ${saved.id}, started ${saved.result.scanStartTimestamp}\n`);
    process.stdout.write(renderResults(saved.result, process.stdout));
    return 0;
  } catch (error) {
    return reportError(error, id);
  }
}
