/** The hash-chained ledger of deliveries, and its verification. */
import type { LedgerEntry, LedgerVerification } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { DESTINATION_NAMES, formatTime } from '../../format.js';
import { ApprovedSampleFiles } from './ApprovedSampleFiles.js';
import { receiptText } from './UploadOutcomes.js';

export function LedgerTable({
  path,
  entries,
  verification,
  onVerify,
}: {
  path: string;
  entries: LedgerEntry[];
  verification?: LedgerVerification;
  onVerify: () => void;
}) {
  return (
    <section className="card" aria-labelledby="ledger-title">
      <h2 id="ledger-title">
        Ledger <Badge tone="neutral">{entries.length}</Badge>
      </h2>
      <p className="muted">
        <Ellipsis text={path} className="mono" />
      </p>
      <div className="actions">
        <button type="button" onClick={onVerify}>
          Verify the chain
        </button>
        {verification ? <VerificationText verification={verification} /> : null}
      </div>
      {entries.length === 0 ? (
        <p className="muted">Nothing has been sent yet.</p>
      ) : (
        <table data-testid="ledger">
          <thead>
            <tr>
              <th scope="col" className="narrow">
                #
              </th>
              <th scope="col">Time</th>
              <th scope="col">Destination</th>
              <th scope="col">SHA-256 sent</th>
              <th scope="col">Receipt</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.seq}</td>
                <td>{formatTime(entry.time)}</td>
                <td>
                  <Ellipsis
                    text={`${DESTINATION_NAMES[entry.destination.kind]}: ${entry.destination.address}`}
                  />
                </td>
                <td>
                  <Ellipsis text={entry.sha256} className="mono" />
                  <ApprovedSampleFiles files={entry.sampleFiles} />
                </td>
                <td>
                  <Ellipsis text={receiptText(entry.receipt)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VerificationText({ verification }: { verification: LedgerVerification }) {
  return (
    <span role="status" data-testid="ledger-verification">
      {verification.ok ? (
        <>
          <Badge tone="pass">chain intact</Badge> {verification.entries} entries; head hash{' '}
          <span className="hash">{verification.headHash}</span> — write it down elsewhere to anchor the
          ledger.
        </>
      ) : (
        <>
          <Badge tone="fail">chain broken</Badge> at line {verification.badLine}: {verification.problem}
        </>
      )}
    </span>
  );
}
