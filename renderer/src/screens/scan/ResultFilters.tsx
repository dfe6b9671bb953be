/** Filters above the results table; the counts say how many each outcome has. */
import type { CheckResultView } from '../../../../src/api/desktop/contract.js';
import { SelectField, TextField } from '../../components/Fields.js';
import { OUTCOME_LABELS, type OutcomeKey, outcomeKey } from '../../format.js';
import { datasetOf, type ResultFilter } from './filters.js';

export function ResultFilters({
  checks,
  filter,
  onChange,
  shown,
}: {
  checks: CheckResultView[];
  filter: ResultFilter;
  onChange: (filter: ResultFilter) => void;
  shown: number;
}) {
  const counts: Record<OutcomeKey, number> = { pass: 0, warn: 0, fail: 0, 'not-evaluated': 0 };
  for (const check of checks) counts[outcomeKey(check.outcome)]++;
  const datasets = [...new Set(checks.map(datasetOf).filter(Boolean))].sort();
  const outcomes = (Object.keys(OUTCOME_LABELS) as OutcomeKey[]).map((key) => ({
    value: key,
    label: `${OUTCOME_LABELS[key]} (${counts[key]})`,
  }));
  return (
    <div className="filters">
      <SelectField<OutcomeKey | 'all'>
        label="Outcome"
        value={filter.outcome}
        options={[{ value: 'all', label: `All (${checks.length})` }, ...outcomes]}
        onChange={(outcome) => onChange({ ...filter, outcome })}
      />
      <SelectField
        label="Dataset"
        value={filter.dataset}
        options={[{ value: '', label: 'All datasets' }, ...datasets.map((d) => ({ value: d, label: d }))]}
        onChange={(dataset) => onChange({ ...filter, dataset })}
      />
      <TextField
        label="Find a check"
        value={filter.text}
        onChange={(text) => onChange({ ...filter, text })}
      />
      <span className="muted" role="status">
        {shown} of {checks.length} checks shown
      </span>
    </div>
  );
}
