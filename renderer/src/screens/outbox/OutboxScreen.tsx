/**
 * Outbox and ledger: approved payloads waiting (queued), delivered (with receipts) and failed (with the reason
 * and a retry); send now, or hold network sends while offline; the ledger with its chain verification.
 */
import { useState } from 'react';
import type { OutboxEntry } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { CheckboxField } from '../../components/Fields.js';
import { Loading } from '../../components/Loading.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useAction } from '../../hooks/useAction.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useShown } from '../Screens.js';
import { LedgerTable } from './LedgerTable.js';
import { OutboxItems } from './OutboxItems.js';
import { UploadOutcomes } from './UploadOutcomes.js';

export function OutboxScreen() {
  const shown = useShown();
  const [offline, setOffline] = useState(false);
  const [reloads, setReloads] = useState(0);
  const outbox = useLoad(() => gatehouse().listOutbox(), [shown, reloads]);
  const ledger = useLoad(() => gatehouse().showLedger(), [shown, reloads]);
  const send = useAction(async (only?: OutboxEntry) => {
    const result = await gatehouse().upload({
      ...(only ? { destination: only.destination.kind } : {}),
      offline,
    });
    setReloads((count) => count + 1);
    return result;
  });
  const verify = useAction(() => gatehouse().verifyLedger());

  const items = outbox.data?.items ?? [];
  const queued = items.filter((item) => item.status === 'queued' || item.status === 'sending');
  const sent = items.filter((item) => item.status === 'sent');
  const failed = items.filter((item) => item.status === 'failed');

  return (
    <>
      <ScreenHeader title="Outbox and ledger">
        <CheckboxField
          label="Work offline"
          hint="Network destinations wait; file exports still happen."
          checked={offline}
          onChange={setOffline}
        />
        <button
          type="button"
          className="primary"
          onClick={() => void send.run()}
          disabled={send.running || queued.length + failed.length === 0}
        >
          {send.running ? 'Sending…' : 'Send now'}
        </button>
      </ScreenHeader>
      {(outbox.loading && !outbox.data) || (ledger.loading && !ledger.data) ? (
        <Loading text="Reading the outbox and the ledger…" />
      ) : null}
      <ErrorNote error={outbox.error} title="The outbox could not be read" />
      <ErrorNote error={send.error} title="Not sent" />
      {send.result ? (
        <div className="card" role="status">
          <h2>Last send</h2>
          <UploadOutcomes result={send.result} />
        </div>
      ) : null}
      {outbox.data?.warnings.map((warning) => (
        <p key={warning} className="note note-warn">
          {warning}
        </p>
      ))}
      {outbox.data?.refused.map((entry) => (
        <p key={entry.path} className="note note-error">
          {entry.problem}
        </p>
      ))}
      <OutboxItems
        title="Queued"
        items={queued}
        empty="Nothing is waiting. A payload approved with “Approve and queue” on Outgoing payload, or held while working offline, waits here until Send now."
      />
      <OutboxItems
        title="Failed"
        items={failed}
        empty="No failed sends."
        onRetry={(entry) => void send.run(entry)}
        busy={send.running}
      />
      <OutboxItems title="Sent" items={sent} empty="Nothing sent yet." />
      <ErrorNote error={ledger.error} title="The ledger could not be read" />
      <ErrorNote error={verify.error} title="The ledger could not be verified" />
      {ledger.data ? (
        <LedgerTable
          path={ledger.data.path}
          entries={ledger.data.entries}
          verification={verify.result}
          onVerify={() => void verify.run()}
        />
      ) : null}
    </>
  );
}
