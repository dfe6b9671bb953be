/** One check in full: value, thresholds, why it has no outcome, its diagnostics, and its history chart. */
import type { CheckResultView } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { formatNumber, OUTCOME_LABELS, OUTCOME_TONES, outcomeKey } from '../../format.js';
import { useLoad } from '../../hooks/useLoad.js';
import { datasetOf } from './filters.js';
import { HistoryChart } from './HistoryChart.js';

export function CheckDetails({ check, dataSource }: { check: CheckResultView; dataSource: string }) {
  const identity = check.historyKey;
  const history = useLoad(
    async () => (identity ? gatehouse().checkHistory({ dataSource, identity, limit: 50 }) : undefined),
    [dataSource, identity],
  );
  const key = outcomeKey(check.outcome);
  return (
    <section className="card" aria-labelledby="check-details-title" data-testid="check-details">
      <h2 id="check-details-title" className="ellipsis" title={check.displayName}>
        {check.displayName}
      </h2>
      <dl className="facts">
        <div>
          <dt>Outcome</dt>
          <dd>
            <Badge tone={OUTCOME_TONES[key]}>{OUTCOME_LABELS[key]}</Badge>
          </dd>
        </div>
        <div>
          <dt>Value</dt>
          <dd className="num">{formatNumber(check.value)}</dd>
        </div>
        {check.thresholdText ? (
          <div>
            <dt>Thresholds</dt>
            <dd>{check.thresholdText}</dd>
          </div>
        ) : null}
        {datasetOf(check) ? (
          <div>
            <dt>Dataset</dt>
            <dd>
              {datasetOf(check)}
              {check.column ? `, column ${check.column}` : ''}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Defined at</dt>
          <dd className="mono">
            {check.check.location.filePath}:{check.check.location.line}
          </dd>
        </div>
        {check.outcomeReasons.length > 0 ? (
          <div>
            <dt>Remarks</dt>
            <dd>{check.outcomeReasons.join(' ')}</dd>
          </div>
        ) : null}
      </dl>
      {check.diagnostics && Object.keys(check.diagnostics).length > 0 ? (
        <details>
          <summary>Diagnostics</summary>
          <pre>{JSON.stringify(check.diagnostics, null, 2)}</pre>
        </details>
      ) : null}
      <h3>History</h3>
      <ErrorNote error={history.error} title="The history could not be read" />
      {history.data ? <HistoryChart points={history.data.points} /> : null}
      {!identity ? <p className="muted">This check has no identity, so it has no history.</p> : null}
    </section>
  );
}
