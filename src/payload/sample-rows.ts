/**
 * Sample rows in the payload (level `full` only), in one of two layouts:
 *   inline  (webhook, file export) the rows travel inside the Failed Rows block, `file.rows` (one array per row,
 *           as Soda's JSON Lines) over `file.sampleColumns`: one self-contained body.
 *   files   (Soda Cloud) as Soda does it: each sample is a JSON Lines file of its own, sent with
 *           `POST /api/scan/upload` (src/payload/sample-files.ts), and the block's `file.reference` names it.
 * Either way only the columns the policy allows are carried.
 */
import type { FailedRowsSample } from '../scan/result.js';

type Json = Record<string, unknown>;

export type SampleLayout = 'inline' | 'files';

/** Values as Soda's sampler writes them: primitives as they are, NaN and infinities as text. */
function rowValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value === undefined ? null : value;
}

export interface SampleColumns {
  /** Whether a column's values may be sent. */
  allowed(column: string): boolean;
}

/** A sample cut down to the columns that may be sent. */
export interface ProjectedSample {
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

/** The sample's allowed columns and their values; undefined when no column may be sent. */
export function projectSample(sample: FailedRowsSample, columns: SampleColumns): ProjectedSample | undefined {
  const indexes = sample.columns.flatMap((column, i) => (columns.allowed(column.name) ? [i] : []));
  if (indexes.length === 0) return undefined;
  return {
    columns: indexes.map((i) => sample.columns[i] ?? { name: '', type: '' }),
    rows: sample.rows.map((row) => indexes.map((i) => rowValue(row[i]))),
  };
}

/** The index of a check's Failed Rows block (a `file` block), or -1. */
export function failedRowsBlockIndex(diagnostics: Json): number {
  if (!Array.isArray(diagnostics.blocks)) return -1;
  return diagnostics.blocks.findIndex((block) => {
    const b = block as Json;
    return b.type === 'file' && b.title === 'Failed Rows' && typeof b.file === 'object' && b.file !== null;
  });
}

/** The diagnostics with the Failed Rows block's `file` changed by `change`. */
export function withFailedRowsFile(diagnostics: Json, change: (file: Json) => Json): Json {
  const at = failedRowsBlockIndex(diagnostics);
  if (at < 0) return diagnostics;
  const blocks = (diagnostics.blocks as Json[]).map((block, i) =>
    i === at ? { ...block, file: change(block.file as Json) } : block,
  );
  return { ...diagnostics, blocks };
}

/** Inline layout: the rows added to the Failed Rows block. */
export function withSampleRows(diagnostics: Json, projected: ProjectedSample): Json {
  return withFailedRowsFile(diagnostics, (file) => ({
    ...file,
    sampleColumns: projected.columns.map((column) => column.name),
    rows: projected.rows,
    reference: {
      type: 'noFile',
      message: 'Sample rows are carried in this document (file.rows)',
      link: { href: null, text: null },
      fileId: '',
    },
  }));
}
