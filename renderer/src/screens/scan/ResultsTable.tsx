// biome-ignore-all lint/a11y/useSemanticElements: virtualised rows are absolutely placed divs; ARIA roles give them their table semantics.
// biome-ignore-all lint/a11y/useFocusableInteractive: each row gets its tabIndex from VirtualRows' props (a roving tabindex).
/** Every check's outcome, value and thresholds, virtualised; Enter or a click opens the check's details. */
import type { CheckResultView } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { VirtualRows } from '../../components/VirtualRows.js';
import { formatNumber, OUTCOME_LABELS, OUTCOME_TONES, outcomeKey } from '../../format.js';
import { datasetOf } from './filters.js';

export function ResultsTable({
  checks,
  rows,
  selected,
  onSelect,
}: {
  checks: CheckResultView[];
  /** Indexes into `checks` that pass the filters, in order. */
  rows: number[];
  selected: number | undefined;
  onSelect: (checkIndex: number) => void;
}) {
  return (
    <VirtualRows
      count={rows.length}
      label="Check results"
      role="table"
      gridClass="results-grid"
      selected={selected === undefined ? undefined : rows.indexOf(selected)}
      header={
        <>
          <span>Outcome</span>
          <span>Check</span>
          <span>Dataset</span>
          <span>Value</span>
          <span>Thresholds</span>
          <span>Details</span>
        </>
      }
      onActivate={(row) => {
        const index = rows[row];
        if (index !== undefined) onSelect(index);
      }}
      renderRow={(row, props) => {
        const index = rows[row] as number;
        const check = checks[index] as CheckResultView;
        const key = outcomeKey(check.outcome);
        const thresholds = check.thresholdText;
        return (
          <div key={index} {...props} role="row" aria-rowindex={row + 1} data-outcome={key}>
            <span role="cell">
              <Badge tone={OUTCOME_TONES[key]}>{OUTCOME_LABELS[key]}</Badge>
            </span>
            <span role="cell">
              <Ellipsis text={check.displayName} />
            </span>
            <span role="cell">
              <Ellipsis text={datasetOf(check)} />
            </span>
            <span role="cell">
              <Ellipsis text={formatNumber(check.value)} className="num" />
            </span>
            <span role="cell">
              <Ellipsis text={thresholds || check.outcomeReasons.join('; ')} />
            </span>
            <span role="cell" className="muted">
              {index === selected ? 'showing' : 'details ▸'}
            </span>
          </div>
        );
      }}
    />
  );
}
