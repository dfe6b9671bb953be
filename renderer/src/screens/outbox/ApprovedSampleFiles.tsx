/**
 * The sample files approved with a document (Soda Cloud at level full), folded under its outbox item or ledger
 * line: each one's File-Path, size and SHA-256, so a reviewer can match them to the preview they approved.
 */
import type { OutboxEntry } from '../../../../src/api/desktop/contract.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { formatBytes, plural } from '../../format.js';

export function ApprovedSampleFiles({ files }: { files: OutboxEntry['sampleFiles'] }) {
  if (!files?.length) return null;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <details data-testid="approved-sample-files">
      <summary>
        with {plural(files.length, 'sample file')} ({formatBytes(total)})
      </summary>
      <ol className="plain-list">
        {files.map((file) => (
          <li key={file.sha256 + file.path}>
            <Ellipsis text={file.path} className="mono" /> · {formatBytes(file.size)} · SHA-256{' '}
            <span className="hash">{file.sha256}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
