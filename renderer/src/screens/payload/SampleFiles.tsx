/**
 * The sample files that go with the document (Soda Cloud at level full), listed under it: each one's File-Path,
 * rows, size and SHA-256 — the hash the document names it by — with its raw bytes on request. Small files came
 * with the preview; a larger one is fetched when asked for.
 */
import { useState } from 'react';
import type { PayloadPreviewView, SampleFileView } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { formatBytes, plural } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { ClassBadge } from './ClassBadge.js';
import { RawBytes } from './RawBytes.js';

function SampleFile({ preview, file }: { preview: PayloadPreviewView; file: SampleFileView }) {
  const [open, setOpen] = useState(false);
  const fetched = useAction(() =>
    gatehouse().previewSampleFile({
      scan: preview.scanId,
      sha256: file.sha256,
      ...(preview.destination ? { destination: preview.destination } : {}),
    }),
  );
  const text = file.text ?? fetched.result?.text;
  const toggle = () => {
    if (!open && text === undefined) void fetched.run();
    setOpen(!open);
  };
  return (
    <li className="sample-file" data-sample-file={file.index} data-testid="sample-file">
      <dl className="facts">
        <div>
          <dt>File {file.index}</dt>
          <dd>
            <Ellipsis text={file.path} className="mono" /> <ClassBadge fieldClass="sample" />
          </dd>
        </div>
        <div>
          <dt>SHA-256</dt>
          <dd>
            <span className="hash" data-testid="sample-file-sha256">
              {file.sha256}
            </span>{' '}
            <CopyButton text={file.sha256} />
          </dd>
        </div>
        <div>
          <dt>Content</dt>
          <dd>
            {plural(file.rows, 'row')}, {formatBytes(file.size)}; named in the document at{' '}
            <code>{file.pointer}</code>
          </dd>
        </div>
      </dl>
      <button type="button" aria-expanded={open} onClick={toggle}>
        {open ? 'Hide its bytes' : `Show the bytes of file ${file.index}`}
      </button>
      {open && fetched.running ? <p role="status">Reading the file…</p> : null}
      <ErrorNote error={fetched.error} title="The file could not be read" />
      {open && text !== undefined ? (
        <RawBytes text={text} label={`Bytes of sample file ${file.index}`} />
      ) : null}
    </li>
  );
}

export function SampleFiles({ preview }: { preview: PayloadPreviewView }) {
  const files = preview.sampleFiles;
  if (files.length === 0) return null;
  const rows = files.reduce((sum, file) => sum + file.rows, 0);
  return (
    <section className="card" aria-labelledby="sample-files-title" data-testid="sample-files">
      <h2 id="sample-files-title">Sample files ({files.length})</h2>
      <p>
        For Soda Cloud the failed-row samples leave as {plural(files.length, 'separate file')} (
        {plural(rows, 'row')} of class <strong>sample rows</strong>), each sent with{' '}
        <code>POST /api/scan/upload</code> before the document. The document names each file by its SHA-256,
        so approving the document approves these exact bytes too.
      </p>
      <ul className="plain-list">
        {files.map((file) => (
          <SampleFile key={file.sha256 + file.index} preview={preview} file={file} />
        ))}
      </ul>
    </section>
  );
}
