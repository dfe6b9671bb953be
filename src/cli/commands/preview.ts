/**
 * `gatehouse preview [SCAN|latest]`: exactly what would leave the machine for a saved scan. `--format raw`
 * writes the payload bytes to stdout and nothing else (their SHA-256 goes to stderr), so
 * `gatehouse preview --format raw | sha256sum` prints the hash an approval binds. For Soda Cloud at level full the
 * sample files go too: the tree lists them byte for byte, and `--format raw --sample-file N` writes one.
 */
import { DiffBaseError, type PayloadPreview, previewPayload } from '../../api/preview.js';
import type { DestinationKind } from '../../cloud/destination-ref.js';
import { ConfigError } from '../../config/errors.js';
import { classifyDocument } from '../../payload/classes.js';
import { enterDryRun } from '../../payload/dry-run.js';
import { previewTree } from '../../payload/preview-tree.js';
import { WorkspaceError } from '../../workspace/errors.js';
import { colours } from '../format.js';
import { renderDiff, renderSampleFiles, renderSummary, renderTree } from '../preview-format.js';

export interface PreviewCommandOptions {
  configuration?: string;
  workspace?: string;
  format?: 'tree' | 'json' | 'raw';
  diff?: boolean;
  diffAgainst?: string;
  dryRun?: boolean;
  destination?: DestinationKind;
  /** With raw: the n-th sample file (1-based) instead of the document. */
  sampleFile?: number;
}

function jsonView(preview: PayloadPreview) {
  const document = JSON.parse(new TextDecoder().decode(preview.prepared.bytes)) as unknown;
  const classes = Object.fromEntries(
    classifyDocument(document as Record<string, unknown>).map((l) => [l.pointer, l.fieldClass]),
  );
  return {
    scanId: preview.scanId,
    sha256: preview.prepared.sha256,
    size: preview.prepared.bytes.length,
    policySha256: preview.prepared.policySha256,
    policy: preview.policy,
    withheld: preview.withheld,
    leftOut: preview.leftOut,
    personal: preview.personal,
    destinations: preview.destinations,
    ...(preview.destination ? { destination: preview.destination } : {}),
    sampleLayout: preview.sampleLayout,
    sampleFiles: preview.prepared.sampleFiles.map((file) => ({
      path: file.path,
      size: file.bytes.length,
      sha256: file.sha256,
      rows: file.rows,
      fileIdAt: file.pointer,
      text: new TextDecoder().decode(file.bytes),
    })),
    ...(preview.diff ? { diff: preview.diff } : {}),
    ...(preview.diffNote ? { diffNote: preview.diffNote } : {}),
    dryRun: preview.dryRun,
    classes,
    document,
  };
}

export async function runPreviewCommand(
  scan: string | undefined,
  options: PreviewCommandOptions,
): Promise<number> {
  if (options.dryRun) enterDryRun();
  let preview: PayloadPreview;
  try {
    // The outbox (and the secret store that unlocks it) loads only when a diff against the last upload is asked for.
    const lastUpload = options.diff ? (await import('../../api/outbox.js')).lastUploadLookup() : undefined;
    preview = await previewPayload(
      {
        scan: scan ?? 'latest',
        workspace: options.workspace,
        configPath: options.configuration,
        diffAgainst: options.diffAgainst,
        diffLastUpload: options.diff,
        destination: options.destination,
      },
      process.env,
      lastUpload ? { lastUpload } : {},
    );
  } catch (error) {
    if (error instanceof WorkspaceError || error instanceof ConfigError || error instanceof DiffBaseError) {
      process.stderr.write(`gatehouse: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
  for (const warning of preview.warnings) process.stderr.write(`Warning: ${warning}\n`);
  const format = options.format ?? 'tree';
  if (options.sampleFile !== undefined) return rawSampleFile(preview, options.sampleFile, format);
  if (format === 'raw') {
    // stdout carries the bytes and nothing else; everything for people goes to stderr.
    process.stdout.write(preview.prepared.bytes);
    process.stderr.write(`SHA-256: ${preview.prepared.sha256}\n`);
    if (preview.diffNote) process.stderr.write(`${preview.diffNote}\n`);
    if (preview.diff) {
      const { counts } = preview.diff.diff;
      process.stderr.write(
        `Compared with ${preview.diff.against}: ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed\n`,
      );
    }
    return 0;
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(jsonView(preview), null, 2)}\n`);
    return 0;
  }
  const paint = colours(process.stdout);
  const tree = previewTree(preview.prepared.bytes, preview.withheld);
  process.stdout.write(renderSummary(preview, tree, paint));
  if (preview.diffNote) process.stdout.write(`\n${preview.diffNote}\n`);
  if (preview.diff) process.stdout.write(`\n${renderDiff(preview.diff.diff, preview.diff.against, paint)}`);
  process.stdout.write(`\n${paint('bold', 'The document, field by field')}\n${renderTree(tree, paint)}`);
  if (preview.prepared.sampleFiles.length > 0) process.stdout.write(`\n${renderSampleFiles(preview, paint)}`);
  return 0;
}

/** `--format raw --sample-file N`: exactly that file's bytes on stdout, its SHA-256 on stderr. */
function rawSampleFile(preview: PayloadPreview, n: number, format: string): number {
  const files = preview.prepared.sampleFiles;
  const file = Number.isInteger(n) ? files[n - 1] : undefined;
  if (format !== 'raw' || !file) {
    process.stderr.write(
      format !== 'raw'
        ? 'gatehouse: --sample-file goes with --format raw\n'
        : `gatehouse: there is no sample file ${n}: this payload has ${files.length} (${preview.sampleLayout === 'files' ? 'level full, Soda Cloud layout' : 'samples travel inside the document for this destination'})\n`,
    );
    return 3;
  }
  process.stdout.write(file.bytes);
  process.stderr.write(`File-Path: ${file.path}\nSHA-256: ${file.sha256}\n`);
  return 0;
}
