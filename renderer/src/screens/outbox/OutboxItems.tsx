/** One group of outbox items (queued, sent or failed), each with what a reviewer needs to know about it. */
import type { OutboxEntry } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { DESTINATION_NAMES, formatBytes, formatTime, plural } from '../../format.js';
import { ApprovedSampleFiles } from './ApprovedSampleFiles.js';
import { receiptText } from './UploadOutcomes.js';

export function OutboxItems({
  title,
  items,
  empty,
  onRetry,
  busy,
}: {
  title: string;
  items: OutboxEntry[];
  empty: string;
  onRetry?: (entry: OutboxEntry) => void;
  busy?: boolean;
}) {
  const id = `outbox-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <section className="card" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>
        {title} <Badge tone="neutral">{items.length}</Badge>
      </h2>
      {items.length === 0 ? <p className="muted">{empty}</p> : null}
      <ul className="plain-list">
        {items.map((entry) => (
          <li key={entry.id} className="outbox-item" data-status={entry.status} data-item={entry.id}>
            <div>
              <Ellipsis
                text={`${entry.definitionName} — ${entry.dataSource}, scan ${entry.scanId}`}
                className="step-name"
              />
              <div className="muted">
                to {DESTINATION_NAMES[entry.destination.kind]}{' '}
                <Ellipsis text={entry.destination.address} className="mono" /> · {formatBytes(entry.size)} ·
                approved by {entry.approver} {formatTime(entry.approvedAt)}
              </div>
              <div className="muted">
                SHA-256 <span className="hash">{entry.sha256}</span>
              </div>
              <ApprovedSampleFiles files={entry.sampleFiles} />
              {entry.status === 'sent' ? (
                <div>
                  <Badge tone="pass">sent</Badge> {formatTime(entry.updatedAt)}
                  {entry.receipt ? ` — receipt: ${receiptText(entry.receipt)}` : ''}
                </div>
              ) : null}
              {entry.status === 'failed' ? (
                <div className="note note-error">
                  <strong>Failed after {plural(entry.attempts, 'attempt')}:</strong>{' '}
                  <span className="pre-line">{entry.lastError ?? 'no reason recorded'}</span>
                  {entry.nextAttemptAt ? <div>Next retry from {formatTime(entry.nextAttemptAt)}.</div> : null}
                </div>
              ) : null}
              {entry.status === 'sending' ? (
                <div>
                  <Badge tone="running">sending</Badge> interrupted sends are retried with the same
                  idempotency key
                </div>
              ) : null}
            </div>
            {onRetry ? (
              <button type="button" onClick={() => onRetry(entry)} disabled={busy}>
                Retry now
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
