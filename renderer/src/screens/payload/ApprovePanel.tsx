/**
 * Approve exactly the previewed bytes (bound by their SHA-256; sample files included, the document names them by
 * theirs) for the destination the preview laid them out for, then send now or leave them queued in the outbox. The outcome of a send is shown here with its receipt or its reason.
 */
import { useState } from 'react';
import type {
  ApproveResult,
  DestinationSettings,
  PayloadPreviewView,
  UploadResult,
} from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { DESTINATION_NAMES, plural } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useNavigation } from '../../navigation.js';
import { UploadOutcomes } from '../outbox/UploadOutcomes.js';
import { destinationAddress } from './DestinationChoice.js';

/**
 * `stale`: the screen asks for another destination than these bytes were laid out for and the new preview is on
 * its way; approving now would approve bytes for a destination they were not built for.
 */
export function ApprovePanel({
  preview,
  stale,
  destinations,
}: {
  preview: PayloadPreviewView;
  stale: boolean;
  destinations: DestinationSettings | undefined;
}) {
  const { navigate } = useNavigation();
  // Approval is for the destination the preview laid the bytes out for, never another.
  const destination = preview.destination;
  const address = destination ? destinationAddress(destination, destinations) : undefined;
  const files = preview.sampleFiles.length;
  const [done, setDone] = useState<{ approved: ApproveResult; upload?: UploadResult }>();
  const approve = useAction(async (sendNow: boolean) => {
    setDone(undefined);
    const approved = await gatehouse().approve({
      scan: preview.scanId,
      sha256: preview.sha256,
      ...(destination ? { destination } : {}),
    });
    const upload = sendNow
      ? await gatehouse().upload({ destination: approved.entry.destination.kind })
      : undefined;
    setDone({ approved, upload });
    return approved;
  });
  const blocked = approve.running || !destination || stale;

  return (
    <section className="card" aria-labelledby="approve-title">
      <h2 id="approve-title">Approve</h2>
      <p data-testid="approval-covers">
        Approving records the SHA-256 above
        {files > 0
          ? `: it covers the document and the ${plural(files, 'sample file')} listed above (the document names each by its SHA-256), so only these exact bytes can then be sent.`
          : ': only these exact bytes can then be sent.'}{' '}
        A change of policy, of the scan or of the destination needs a new preview and a new approval.
      </p>
      {!destination ? (
        <p className="note note-warn">
          No destination is configured.{' '}
          <button type="button" className="link" onClick={() => navigate('settings')}>
            Set one in Settings
          </button>
        </p>
      ) : null}
      {destination ? (
        <p>
          For <strong>{DESTINATION_NAMES[destination]}</strong>
          {address ? <span className="muted"> — {address}</span> : null}
          {stale ? (
            <span className="muted"> (the preview for the destination you chose is being built)</span>
          ) : null}
        </p>
      ) : null}
      {preview.dryRun ? (
        <p className="note note-info">Dry run (GATEHOUSE_DRY_RUN): nothing will be sent.</p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={blocked} onClick={() => void approve.run(true)}>
          Approve and send now
        </button>
        <button type="button" disabled={blocked} onClick={() => void approve.run(false)}>
          Approve and queue
        </button>
      </div>
      <ErrorNote error={approve.error} title="Not approved" />
      {done ? (
        <div className="note note-info" role="status" data-testid="approve-result">
          <p>
            <Badge tone="pass">Approved</Badge> {done.approved.created ? 'Queued' : 'Already in the outbox'}{' '}
            as item <code>{done.approved.entry.id}</code> for{' '}
            {DESTINATION_NAMES[done.approved.entry.destination.kind]} (
            {done.approved.entry.destination.address})
            {done.approved.entry.sampleFiles?.length
              ? `, with ${plural(done.approved.entry.sampleFiles.length, 'sample file')}`
              : ''}
            .
          </p>
          {done.approved.warnings.map((warning) => (
            <p key={warning}>{warning}</p>
          ))}
          {done.upload ? (
            <UploadOutcomes result={done.upload} />
          ) : (
            <p>
              It waits in the outbox until you send it.{' '}
              <button type="button" className="link" onClick={() => navigate('outbox')}>
                Open the outbox
              </button>
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
