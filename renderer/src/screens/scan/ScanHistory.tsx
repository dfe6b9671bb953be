/** Earlier scans from the workspace history; choosing one shows its results. */
import type { ScanSummary } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { formatTime } from '../../format.js';
import { arrowKeyNavigation } from '../../hooks/arrowKeys.js';
import { useLoad } from '../../hooks/useLoad.js';

function countsText(scan: ScanSummary): string {
  const { pass, warn, fail, notEvaluated } = scan.counts;
  return `${pass} pass, ${warn} warn, ${fail} fail${notEvaluated ? `, ${notEvaluated} not evaluated` : ''}`;
}

export function ScanHistory({
  reloadKey,
  current,
  onOpen,
}: {
  reloadKey: unknown;
  current?: string;
  onOpen: (id: string) => void;
}) {
  const listing = useLoad(() => gatehouse().listScans({ limit: 20 }), [reloadKey]);
  return (
    <details className="card">
      <summary>Earlier scans</summary>
      <ErrorNote error={listing.error} title="The scan history could not be read" />
      {listing.data?.scans.length === 0 ? <p className="muted">No scans yet.</p> : null}
      <ul className="plain-list" onKeyDown={arrowKeyNavigation()}>
        {listing.data?.scans.map((scan) => (
          <li key={scan.id}>
            <button
              type="button"
              className="link"
              data-nav-item
              aria-current={scan.id === current ? 'true' : undefined}
              onClick={() => onOpen(scan.id)}
            >
              {formatTime(scan.time)} — {scan.dataSource} ({scan.definitionName})
            </button>{' '}
            <span className="muted">{countsText(scan)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
