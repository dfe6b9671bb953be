/**
 * The scan history operations shared by the CLI and the desktop app: where the workspace is, list, show, and
 * recording a finished scan (which never turns a scan into a failure: a save error is a warning).
 */
import * as z from 'zod/mini';
import type { SchemaColumn } from '../scan/computation.js';
import type { ScanResult } from '../scan/result.js';
import type { ParsedChecks } from '../sodacl/model.js';
import { listScans, type ScanListing } from '../workspace/list.js';
import { workspaceDir } from '../workspace/location.js';
import { previousSchemas } from '../workspace/previous-schema.js';
import { readScan, type SavedScan } from '../workspace/read.js';
import { saveScan } from '../workspace/save.js';

const nonEmpty = z.string().check(z.minLength(1));

const workspaceField = { workspace: z.optional(nonEmpty) };

/** `--workspace DIR`, else `GATEHOUSE_HOME`, else the OS's app-data folder; always an absolute path. */
export function resolveWorkspace(workspace?: string, env: NodeJS.ProcessEnv = process.env): string {
  return workspaceDir(z.optional(nonEmpty).parse(workspace), env);
}

export const listScansRequestSchema = z.object({
  ...workspaceField,
  dataSource: z.optional(nonEmpty),
  limit: z.optional(z.int().check(z.minimum(1, 'the limit must be at least 1'))),
});

export type ListScansRequest = z.input<typeof listScansRequestSchema>;

export interface ScanHistoryListing extends ScanListing {
  workspace: string;
}

export async function listScanHistory(
  rawRequest: ListScansRequest = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScanHistoryListing> {
  const request = listScansRequestSchema.parse(rawRequest);
  const workspace = workspaceDir(request.workspace, env);
  const listing = await listScans(workspace, { dataSource: request.dataSource, limit: request.limit });
  return { workspace, ...listing };
}

export const showScanRequestSchema = z.object({
  ...workspaceField,
  /** A scan id, or `latest`. */
  id: nonEmpty,
});

export type ShowScanRequest = z.input<typeof showScanRequestSchema>;

/** Throws WorkspaceError (`not-found`, `invalid-id`, `corrupt`) with a sentence fit to show. */
export async function showScan(
  rawRequest: ShowScanRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SavedScan & { workspace: string }> {
  const request = showScanRequestSchema.parse(rawRequest);
  const workspace = workspaceDir(request.workspace, env);
  return { workspace, ...(await readScan(workspace, request.id)) };
}

export type HistoryOutcome = { workspace: string } & (
  | { saved: true; id: string }
  | { saved: false; error: string }
);

/** Saves the result; on failure adds a warning to its logs instead (the scan and its exit code stand). */
export async function recordScan(workspace: string, result: ScanResult): Promise<HistoryOutcome> {
  try {
    return { workspace, saved: true, id: await saveScan(workspace, result) };
  } catch (error) {
    const message = (error as Error).message;
    result.logs.push({
      level: 'warning',
      message: `The scan was not saved to the history in ${workspace}: ${message}`,
      timestamp: new Date().toISOString(),
    });
    return { workspace, saved: false, error: message };
  }
}

/**
 * The previous schemas for `runScan`, read only when a check may compare schemas (a schema check, or a
 * `for each dataset` section that may hold one). An unreadable history is a warning, never a failed scan.
 */
export async function previousSchemaLookup(
  workspace: string,
  dataSource: string,
  parsed: Pick<ParsedChecks, 'checks' | 'forEach'>,
  warn: (message: string) => void,
): Promise<((dataset: string) => SchemaColumn[] | undefined) | undefined> {
  if (!parsed.checks.some((check) => check.kind === 'schema') && parsed.forEach.length === 0)
    return undefined;
  try {
    const { schemas, warnings } = await previousSchemas(workspace, dataSource);
    for (const warning of warnings) warn(`Scan history: ${warning}`);
    return (dataset) => schemas.get(dataset);
  } catch (error) {
    warn(
      `The scan history in ${workspace} could not be read for schema changes: ${(error as Error).message}`,
    );
    return undefined;
  }
}
