/**
 * The preview's sample files as the payload screen gets them: the facts of each file always, its bytes as text
 * only while they stay small (a level-`full` payload can carry hundreds of files; the rest come one at a time on
 * request).
 */
import type { SampleFile } from '../../payload/sample-files.js';
import type { SampleFileBytes, SampleFileView } from './contract.js';
import { DesktopApiError } from './errors.js';

/** A file up to this size crosses with the preview as text... */
export const SAMPLE_FILE_INLINE_BYTES = 64 * 1024;
/** ...as long as all the files carried inline stay under this. */
export const SAMPLE_FILES_INLINE_TOTAL = 1024 * 1024;

const text = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');

export function sampleFileViews(files: readonly SampleFile[]): SampleFileView[] {
  let inline = 0;
  return files.map((file, i) => {
    const small =
      file.bytes.length <= SAMPLE_FILE_INLINE_BYTES &&
      inline + file.bytes.length <= SAMPLE_FILES_INLINE_TOTAL;
    if (small) inline += file.bytes.length;
    return {
      index: i + 1,
      path: file.path,
      size: file.bytes.length,
      sha256: file.sha256,
      rows: file.rows,
      pointer: file.pointer,
      ...(small ? { text: text(file.bytes) } : {}),
    };
  });
}

export function sampleFileBytes(files: readonly SampleFile[], sha256: string): SampleFileBytes {
  const file = files.find((candidate) => candidate.sha256 === sha256);
  if (!file) {
    throw new DesktopApiError(
      'not-found',
      `This payload has no sample file with SHA-256 ${sha256}: the scan, the privacy policy or the destination changed since the preview.`,
      'Refresh the preview.',
    );
  }
  return { path: file.path, size: file.bytes.length, sha256: file.sha256, text: text(file.bytes) };
}
