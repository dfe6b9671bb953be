/** `gatehouse scan`: run check files against a data source; Soda's flags and exit codes. */
import { type ScanHooks, type ScanRequest, scan } from '../../api/scan.js';
import type { HistoryOutcome } from '../../api/scans.js';
import { buildScanResultsDocument } from '../../payload/soda-document.js';
import { exitCodeOf, type ScanResult } from '../../scan/result.js';
import type { SecretBackendKind } from '../../secrets/store.js';
import { progressDisplay } from '../progress-display.js';
import { resultsFileProblem, writeResultsFile } from '../results-file.js';
import { renderResults } from '../results-table.js';

export interface ScanCommandOptions {
  dataSource: string;
  configuration: string;
  variable?: Record<string, string>;
  scanDefinition?: string;
  scanResultsFile?: string;
  verbose?: boolean;
  /** The workspace whose scan history keeps the result; `history: false` (`--no-history`) saves nothing. */
  workspace?: string;
  history?: boolean;
  samples?: boolean;
  secretBackend?: SecretBackendKind;
}

export async function runScanCommand(
  checkPaths: string[],
  options: ScanCommandOptions,
  hooks: ScanHooks = {},
): Promise<number> {
  const request: ScanRequest = {
    configPath: options.configuration,
    dataSource: options.dataSource,
    checkPaths,
    variables: options.variable ?? {},
    // An empty value (`--workspace "$UNSET"`) goes to the API, which refuses it, rather than meaning the default.
    ...(options.scanDefinition !== undefined ? { scanName: options.scanDefinition } : {}),
    ...(options.workspace !== undefined ? { workspace: options.workspace } : {}),
    ...(options.history === false ? { history: false } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.secretBackend ? { secretBackend: options.secretBackend } : {}),
  };
  // A results file that cannot be written is said before the scan, not after it ran for nothing.
  const fileProblem =
    options.scanResultsFile !== undefined ? await resultsFileProblem(options.scanResultsFile) : undefined;
  if (fileProblem) {
    process.stderr.write(`gatehouse: ${fileProblem}\n`);
    return 3;
  }
  const controller = new AbortController();
  const onInterrupt = () => {
    process.stderr.write('\nCancelling: stopping the running queries…\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  const progress = progressDisplay();
  const started = performance.now();
  let result: ScanResult;
  // Told during the scan, printed after the table so it never breaks into the progress display.
  const history: { outcome?: HistoryOutcome } = {};
  const plaintext: string[] = [];
  try {
    result = await scan(request, {
      ...hooks,
      signal: controller.signal,
      onProgress: progress.listener,
      onHistory: (outcome) => (history.outcome = outcome),
      onPlaintextSecret: (warning) => plaintext.push(warning),
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
  }
  if (options.verbose) {
    for (const query of result.queries) process.stdout.write(`\n-- ${query.name}\n${query.sql};\n`);
  }
  process.stdout.write(renderResults(result, process.stdout, performance.now() - started));
  let writeProblem: string | undefined;
  if (options.scanResultsFile) {
    writeProblem = await writeResultsFile(options.scanResultsFile, buildScanResultsDocument(result));
    process.stderr.write(
      writeProblem ? `gatehouse: ${writeProblem}\n` : `Scan results written to ${options.scanResultsFile}\n`,
    );
  }
  if (history.outcome) process.stderr.write(historyLine(history.outcome));
  // Last, so it is what the user sees when the scan ends.
  for (const warning of plaintext) process.stderr.write(`\n!!! WARNING: ${warning}\n`);
  // A results file asked for and not written is an error (3): a pipeline reading it must not go on.
  return writeProblem ? 3 : exitCodeOf(result);
}

function historyLine(outcome: HistoryOutcome): string {
  return outcome.saved
    ? `Saved to the scan history as ${outcome.id} (in ${outcome.workspace})\n`
    : `Warning: the scan was not saved to the scan history in ${outcome.workspace}: ${outcome.error}\n`;
}
