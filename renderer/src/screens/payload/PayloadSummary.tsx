/** The facts a reviewer signs off: which scan, how many bytes, their SHA-256, and under which policy. */
import type { PayloadPreviewView } from '../../../../src/api/desktop/contract.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { DESTINATION_NAMES, formatBytes, plural } from '../../format.js';

export function PayloadSummary({ preview }: { preview: PayloadPreviewView }) {
  return (
    <dl className="facts" data-testid="payload-summary">
      <div>
        <dt>Scan</dt>
        <dd>
          <Ellipsis text={`${preview.scanId} — ${preview.dataSource}, ${preview.definitionName}`} />
        </dd>
      </div>
      <div>
        <dt>Size</dt>
        <dd>{formatBytes(preview.size)}</dd>
      </div>
      <div>
        <dt>SHA-256</dt>
        <dd>
          <span className="hash" data-testid="payload-sha256">
            {preview.sha256}
          </span>{' '}
          <CopyButton text={preview.sha256} />
        </dd>
      </div>
      <div>
        <dt>Laid out for</dt>
        <dd data-testid="payload-destination">
          {preview.destination ? DESTINATION_NAMES[preview.destination] : 'no configured destination'}
          <span className="muted">
            {' '}
            —{' '}
            {preview.sampleLayout === 'files'
              ? preview.sampleFiles.length > 0
                ? `sample rows go as ${plural(preview.sampleFiles.length, 'separate file')}, listed below the document`
                : 'sample rows would go as separate files; this payload has none'
              : 'sample rows, when the level lets them out, travel inside the document'}
          </span>
        </dd>
      </div>
      <div>
        <dt>Privacy policy</dt>
        <dd>
          level <strong>{preview.policy.level}</strong>
          {preview.policy.hashIdentifiers ? ', names hashed' : ''}
          {preview.policy.excludeColumns.length
            ? `, excluding ${preview.policy.excludeColumns.join(', ')}`
            : ''}{' '}
          <span className="muted">(from {preview.policySource})</span>
        </dd>
      </div>
    </dl>
  );
}
