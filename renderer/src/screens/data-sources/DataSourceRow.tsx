/** One data source in the list: its name, type, where its secrets stand, and what can be done with it. */
import { useState } from 'react';
import type { DataSourceView } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { SecretStateBadge } from './SecretInput.js';

const TYPE_LABELS: Record<string, string> = { postgres: 'PostgreSQL', snowflake: 'Snowflake' };

export function DataSourceRow({
  view,
  onEdit,
  onTest,
  onRemove,
}: {
  view: DataSourceView;
  onEdit: () => void;
  onTest: () => void;
  onRemove: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="data-source" data-data-source={view.name}>
      <div>
        <Ellipsis text={view.name} className="step-name" />
        {view.problem ? (
          <div>
            <Badge tone="fail">not usable</Badge> <span className="pre-line">{view.problem}</span>
          </div>
        ) : null}
      </div>
      <span>{TYPE_LABELS[view.type] ?? view.type}</span>
      <div className="secret-states">
        {view.secrets.length === 0 ? <span className="muted">no secrets needed</span> : null}
        {view.secrets.map((secret) => (
          <SecretStateBadge key={secret.field} field={secret.field} state={secret.state} />
        ))}
      </div>
      {/* The confirmation takes a line of its own under the row, the name in full (wrapped anywhere if need be). */}
      <div className={confirming ? 'actions confirm-remove' : 'actions'}>
        {confirming ? (
          <>
            <span className="wrap-anywhere">Remove {view.name} and its stored secrets?</span>
            <button type="button" className="danger" onClick={onRemove}>
              Remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={onTest} disabled={view.definition === undefined}>
              Test connection
            </button>
            <button type="button" onClick={onEdit} disabled={view.definition === undefined}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Remove…
            </button>
          </>
        )}
      </div>
    </li>
  );
}
