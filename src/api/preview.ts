/**
 * The payload preview shared by the CLI and the desktop app: a saved scan + the privacy policy of a
 * configuration file → the exact bytes that would leave, their SHA-256, what was held back and why, the
 * personal-looking columns, what each destination adds, and optionally the difference from an earlier payload.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import { DESTINATION_KINDS, type DestinationKind } from '../cloud/destination-ref.js';
import { loadConfiguration, NO_DATA_SOURCE } from '../config/load.js';
import type { Configuration } from '../config/model.js';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../config/privacy.js';
import type { BuiltDocument } from '../payload/build.js';
import { COUNT_METRICS } from '../payload/classes.js';
import { DESTINATION_WRAPPINGS, type DestinationWrapping } from '../payload/destination.js';
import { diffPayloads, type PayloadDiff } from '../payload/diff.js';
import { isDryRun } from '../payload/dry-run.js';
import { type PersonalColumn, personalColumns } from '../payload/personal.js';
import {
  isColumnExcluded,
  LEVEL_CLASSES,
  sampleColumnAllowed,
  scopeFor,
  valuesWithheld,
} from '../payload/policy.js';
import { buildPayload, needsSalt } from '../payload/prepare.js';
import type { PreparedPayload } from '../payload/prepared.js';
import { workspaceSalt } from '../payload/salt.js';
import type { SampleLayout } from '../payload/sample-rows.js';
import type { ScanResult } from '../scan/result.js';
import { workspaceDir } from '../workspace/location.js';
import { readScan } from '../workspace/read.js';
import { defaultDestinationKind } from './destinations.js';

const nonEmpty = z.string().check(z.minLength(1));

/** A `--diff-against` file that cannot be compared with: the user's to fix, shown as one line. */
export class DiffBaseError extends Error {
  override name = 'DiffBaseError';
}

const DIFF_BASE_HINT =
  'Give a file of earlier payload bytes, as `gatehouse preview --format raw > previous.json` writes.';

/** The earlier payload's bytes, checked to be a JSON object before they are compared field by field. */
async function readDiffBase(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : 'cannot be read';
    throw new DiffBaseError(`The file to compare with, ${path}, ${why}. ${DIFF_BASE_HINT}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new DiffBaseError(`The file to compare with, ${path}, is not JSON. ${DIFF_BASE_HINT}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DiffBaseError(
      `The file to compare with, ${path}, is not a payload (a JSON object). ${DIFF_BASE_HINT}`,
    );
  }
  return bytes;
}

export const previewRequestSchema = z.object({
  workspace: z.optional(nonEmpty),
  /** A scan id, or `latest`. */
  scan: z._default(nonEmpty, 'latest'),
  /** configuration.yml whose `privacy:` block applies; the default policy (standard) without one. */
  configPath: z.optional(nonEmpty),
  /** A file holding earlier payload bytes to compare with. */
  diffAgainst: z.optional(nonEmpty),
  /** Compare with the last payload uploaded for the same scan definition and data source. */
  diffLastUpload: z.optional(z.boolean()),
  /**
   * The destination the payload is laid out for: Soda Cloud takes sample rows as separate files, a webhook and a
   * file export inside the one body. Default: the one `approve` would choose from the configuration.
   */
  destination: z.optional(z.enum(DESTINATION_KINDS)),
});

export type PreviewRequest = z.input<typeof previewRequestSchema>;

export interface PersonalFlag extends PersonalColumn {
  /** How the payload names the column: not at all, by a keyed hash, or by its name. */
  status: 'excluded' | 'hashed' | 'named';
  /** Its values travel in sample rows. */
  inSamples: boolean;
  /**
   * The data-derived metrics of the column the payload sends (`max`, `min`, …), sorted: a `max(email)` is one
   * person's email address, though no sample row is sent.
   */
  valuesIn: string[];
}

export interface PayloadPreview extends BuiltDocument {
  workspace: string;
  scanId: string;
  /** Newer scans that `latest` skipped, and similar remarks. */
  warnings: string[];
  policy: PrivacyConfig;
  /** Where the policy comes from: the configuration file, or `default`. */
  policySource: string;
  prepared: PreparedPayload;
  personal: PersonalFlag[];
  destinations: DestinationWrapping[];
  /** The destination the bytes are laid out for; undefined when none is configured or asked for. */
  destination?: DestinationKind;
  /** Where sample rows are, when the level lets them out: in the document, or in `prepared.sampleFiles`. */
  sampleLayout: SampleLayout;
  diff?: { against: string; diff: PayloadDiff };
  /** Why no diff was made when one was asked for. */
  diffNote?: string;
  dryRun: boolean;
}

/** The last payload sent for a scan definition and data source; the outbox provides it once it records sends. */
export type LastUploadLookup = (
  workspace: string,
  scan: { definitionName: string; dataSource: string },
) => Promise<{ bytes: Uint8Array; description: string } | undefined>;

export interface PreviewDependencies {
  lastUpload?: LastUploadLookup;
}

/** Soda Cloud takes sample rows as files of their own (as Soda does); the others, inside their one body. */
export function sampleLayoutFor(destination: DestinationKind | undefined): SampleLayout {
  return destination === 'soda_cloud' ? 'files' : 'inline';
}

/** The destination `approve` would choose by default, or undefined when none is configured. */
function configuredDestination(configuration: Configuration | undefined): DestinationKind | undefined {
  try {
    return defaultDestinationKind({ configuration });
  } catch {
    return undefined;
  }
}

function personalFlags(result: ScanResult, policy: PrivacyConfig): PersonalFlag[] {
  return personalColumns(result).map((column) => {
    const scope = scopeFor(policy, column.dataset);
    const excluded = isColumnExcluded(scope, column.column);
    const sampled =
      LEVEL_CLASSES[scope.level].has('sample') &&
      sampleColumnAllowed(scope, column.column) &&
      result.checks.some(
        (check) =>
          check.check.dataset?.name === column.dataset &&
          (check.samples?.columns.some((c) => c.name === column.column) ?? false),
      );
    const valuesSent =
      !excluded && LEVEL_CLASSES[scope.level].has('data') && !valuesWithheld(scope, column.column);
    const valuesIn = valuesSent
      ? result.metrics
          .filter(
            (metric) =>
              metric.dataset === column.dataset &&
              metric.column === column.column &&
              metric.value !== null &&
              !COUNT_METRICS.has(metric.metricName),
          )
          .map((metric) => metric.metricName)
      : [];
    return {
      ...column,
      status: excluded ? 'excluded' : scope.hashIdentifiers ? 'hashed' : 'named',
      inSamples: !excluded && sampled,
      valuesIn: [...new Set(valuesIn)].sort(),
    };
  });
}

export async function previewPayload(
  rawRequest: PreviewRequest,
  env: NodeJS.ProcessEnv = process.env,
  dependencies: PreviewDependencies = {},
): Promise<PayloadPreview> {
  const request = previewRequestSchema.parse(rawRequest);
  const workspace = workspaceDir(request.workspace, env);
  const configuration = request.configPath
    ? await loadConfiguration(request.configPath, { env, only: NO_DATA_SOURCE })
    : undefined;
  const policy = configuration?.privacy ?? DEFAULT_PRIVACY;
  const destination = request.destination ?? configuredDestination(configuration);
  const sampleLayout = sampleLayoutFor(destination);
  const saved = await readScan(workspace, request.scan);
  const salt = needsSalt(policy) ? await workspaceSalt(workspace) : undefined;
  const built = buildPayload(saved.result, policy, { samples: sampleLayout, ...(salt ? { salt } : {}) });

  let diff: PayloadPreview['diff'];
  let diffNote: string | undefined;
  if (request.diffAgainst) {
    const previous = await readDiffBase(request.diffAgainst);
    diff = { against: request.diffAgainst, diff: diffPayloads(previous, built.prepared.bytes) };
  } else if (request.diffLastUpload) {
    // An unreadable outbox (a locked keychain, say) costs the diff, never the preview.
    const last = await Promise.resolve(dependencies.lastUpload?.(workspace, saved.result)).catch(
      (error: Error) => error,
    );
    if (last instanceof Error) diffNote = `The last upload could not be read: ${last.message}`;
    else if (last) diff = { against: last.description, diff: diffPayloads(last.bytes, built.prepared.bytes) };
    else {
      diffNote = `No previous upload of scan definition "${saved.result.definitionName}" (data source ${saved.result.dataSource}) is known.`;
    }
  }

  return {
    ...built,
    workspace,
    scanId: saved.id,
    warnings: saved.warnings,
    policy,
    policySource: request.configPath ?? 'default',
    personal: personalFlags(saved.result, policy),
    destinations: DESTINATION_WRAPPINGS,
    ...(destination ? { destination } : {}),
    sampleLayout,
    ...(diff ? { diff } : {}),
    ...(diffNote ? { diffNote } : {}),
    dryRun: isDryRun(env),
  };
}
