/** What a send did with each item: sent with its receipt, held (offline), failed with the reason. */
import type { Receipt, UploadResult } from '../../../../src/api/desktop/contract.js';
import { Badge, type Tone } from '../../components/Badge.js';

const RESULTS: Record<string, { label: string; tone: Tone }> = {
  sent: { label: 'sent', tone: 'pass' },
  recovered: { label: 'already sent (recovered)', tone: 'pass' },
  failed: { label: 'failed', tone: 'fail' },
  held: { label: 'held (offline)', tone: 'neutral' },
  refused: { label: 'refused', tone: 'fail' },
  skipped: { label: 'skipped', tone: 'warn' },
};

export function receiptText(receipt: Receipt | undefined): string {
  if (!receipt) return '';
  const parts = [];
  if (receipt.status !== undefined) parts.push(`HTTP ${receipt.status}`);
  if (receipt.id) parts.push(receipt.id);
  if (receipt.responseSha256) parts.push(`answer SHA-256 ${receipt.responseSha256.slice(0, 16)}…`);
  return parts.join(', ');
}

export function UploadOutcomes({ result }: { result: UploadResult }) {
  if (result.outcomes.length === 0) return <p>Nothing was waiting to be sent.</p>;
  return (
    <ul className="plain-list" data-testid="upload-outcomes">
      {result.dryRun ? <li>Dry run: nothing was sent.</li> : null}
      {result.outcomes.map((outcome) => {
        const shown = RESULTS[outcome.result] ?? { label: outcome.result, tone: 'neutral' as const };
        return (
          <li key={outcome.id} data-outcome={outcome.result}>
            <Badge tone={shown.tone}>{shown.label}</Badge> <code>{outcome.id}</code>
            {outcome.receipt ? ` — ${receiptText(outcome.receipt)}` : ''}
            {outcome.detail ? <span className="pre-line"> — {outcome.detail}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
