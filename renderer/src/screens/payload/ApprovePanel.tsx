/**
 * Approve exactly the previewed bytes (bound by their SHA-256) for a destination, then send now or leave them
 * queued in the outbox. The outcome of a send is shown here with its receipt or its reason.
 */
import { useState } from 'react';
import type {
  ApproveResult,
  DestinationKind,
  PayloadPreviewView,
  UploadResult,
} from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useAction } from '../../hooks/useAction.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useNavigation } from '../../navigation.js';
import { UploadOutcomes } from '../outbox/UploadOutcomes.js';
import { useShown } from '../Screens.js';

const NAMES: Record<DestinationKind, string> = {
  soda_cloud: 'Soda Cloud',
  webhook: 'Webhook',
  file: 'File export',
};

export function ApprovePanel({ preview }: { preview: PayloadPreviewView }) {
  const { navigate } = useNavigation();
  // Read again each time the screen is shown: a destination may have been set in Settings meanwhile.
  const settings = useLoad(() => gatehouse().getSettings(), [useShown()]);
  const destinations = settings.data?.destinations;
  const configured = (['soda_cloud', 'webhook', 'file'] as const).filter((kind) =>
    kind === 'soda_cloud'
      ? destinations?.sodaCloud
      : kind === 'webhook'
        ? destinations?.webhook
        : destinations?.file,
  );
  const [chosen, setChosen] = useState<DestinationKind>();
  const destination = chosen ?? destinations?.defaultKind ?? configured[0];
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

  return (
    <section className="card" aria-labelledby="approve-title">
      <h2 id="approve-title">Approve</h2>
      <p>
        Approving records the SHA-256 above: only these exact bytes can then be sent. A change of policy or of
        the scan needs a new preview and a new approval.
      </p>
      {configured.length === 0 && settings.data ? (
        <p className="note note-warn">
          No destination is configured.{' '}
          <button type="button" className="link" onClick={() => navigate('settings')}>
            Set one in Settings
          </button>
        </p>
      ) : null}
      {configured.length > 0 ? (
        <fieldset>
          <legend>Destination</legend>
          {configured.map((kind) => (
            <label key={kind} className="radio">
              <input
                type="radio"
                name="destination"
                value={kind}
                checked={destination === kind}
                onChange={() => setChosen(kind)}
              />{' '}
              {NAMES[kind]}
              {kind === 'webhook' && destinations?.webhook ? (
                <span className="muted"> — {destinations.webhook.url}</span>
              ) : null}
              {kind === 'file' && destinations?.file ? (
                <span className="muted"> — {destinations.file.path}</span>
              ) : null}
              {kind === 'soda_cloud' && destinations?.sodaCloud ? (
                <span className="muted"> — {destinations.sodaCloud.host ?? 'cloud.soda.io'}</span>
              ) : null}
            </label>
          ))}
        </fieldset>
      ) : null}
      {preview.dryRun ? (
        <p className="note note-info">Dry run (GATEHOUSE_DRY_RUN): nothing will be sent.</p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={approve.running || configured.length === 0}
          onClick={() => void approve.run(true)}
        >
          Approve and send now
        </button>
        <button
          type="button"
          disabled={approve.running || configured.length === 0}
          onClick={() => void approve.run(false)}
        >
          Approve and queue
        </button>
      </div>
      <ErrorNote error={approve.error} title="Not approved" />
      {done ? (
        <div className="note note-info" role="status" data-testid="approve-result">
          <p>
            <Badge tone="pass">Approved</Badge> {done.approved.created ? 'Queued' : 'Already in the outbox'}{' '}
            as item <code>{done.approved.entry.id}</code> for {NAMES[done.approved.entry.destination.kind]} (
            {done.approved.entry.destination.address}).
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
