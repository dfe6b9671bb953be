/** `gatehouse scan`: run check files against a data source; Soda's flags and exit codes. */
import { writeFile } from 'node:fs/promises';
import { type ScanHooks, type ScanRequest, scan } from '../../api/scan.js';
import { buildScanResultsDocument } from '../../payload/soda-document.js';
import { exitCodeOf, type ScanResult } from '../../scan/result.js';
import { progressDisplay } from '../progress-display.js';
import { renderResults } from '../results-table.js';

export interface ScanCommandOptions {
  dataSource: string;
  configuration: string;
  variable?: Record<string, string>;
  scanDefinition?: string;
  scanResultsFile?: string;
  verbose?: boolean;
  samples?: boolean;
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
    ...(options.scanDefinition ? { scanName: options.scanDefinition } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
  };
  const controller = new AbortController();
  const onInterrupt = () => {
    process.stderr.write('\nCancelling: stopping the running queries…\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  const progress = progressDisplay();
  const started = performance.now();
  let result: ScanResult;
  try {
    result = await scan(request, { ...hooks, signal: controller.signal, onProgress: progress.listener });
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
  }
  if (options.verbose) {
    for (const query of result.queries) process.stdout.write(`\n-- ${query.name}\n${query.sql};\n`);
  }
  process.stdout.write(renderResults(result, process.stdout, performance.now() - started));
  if (options.scanResultsFile) {
    const document = buildScanResultsDocument(result);
    await writeFile(options.scanResultsFile, `${JSON.stringify(document, null, 2)}\n`);
    process.stderr.write(`Scan results written to ${options.scanResultsFile}\n`);
  }
  return exitCodeOf(result);
}
