/**
 * Sample rows in the payload (level `full` only). Soda uploads them as separate files and references a file id
 * it only learns after the upload, which would change the document after approval; Gatehouse instead carries
 * them inside the Failed Rows block, `file.rows` (one array per row, as Soda's JSON Lines) over
 * `file.sampleColumns`, so they are part of the previewed, hashed bytes like everything else.
 */
import type { FailedRowsSample } from '../scan/result.js';

type Json = Record<string, unknown>;

/** Values as Soda's sampler writes them: primitives as they are, NaN and infinities as text. */
function rowValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value === undefined ? null : value;
}

export interface SampleColumns {
  /** Whether a column's values may be sent. */
  allowed(column: string): boolean;
}

/**
 * The diagnostics with rows added to their Failed Rows block, or unchanged when the check has no sample or no
 * column may be sent (then `noColumns` is true).
 */
export function withSampleRows(
  diagnostics: Json,
  sample: FailedRowsSample | undefined,
  columns: SampleColumns,
): { diagnostics: Json; noColumns: boolean } {
  if (!sample || !Array.isArray(diagnostics.blocks)) return { diagnostics, noColumns: false };
  const indexes = sample.columns.flatMap((column, i) => (columns.allowed(column.name) ? [i] : []));
  if (indexes.length === 0) return { diagnostics, noColumns: true };
  const blocks = diagnostics.blocks.map((block) => {
    const b = block as Json;
    if (b.type !== 'file' || b.title !== 'Failed Rows' || typeof b.file !== 'object' || b.file === null)
      return b;
    return {
      ...b,
      file: {
        ...(b.file as Json),
        sampleColumns: indexes.map((i) => sample.columns[i]?.name ?? ''),
        rows: sample.rows.map((row) => indexes.map((i) => rowValue(row[i]))),
        reference: {
          type: 'noFile',
          message: 'Sample rows are carried in this document (file.rows)',
          link: { href: null, text: null },
          fileId: '',
        },
      },
    };
  });
  return { diagnostics: { ...diagnostics, blocks }, noColumns: false };
}
