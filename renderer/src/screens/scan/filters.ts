/** The results table's filters: outcome, dataset, and text in the check's name. */
import type { CheckResultView } from '../../../../src/api/desktop/contract.js';
import { type OutcomeKey, outcomeKey } from '../../format.js';

export interface ResultFilter {
  outcome: OutcomeKey | 'all';
  dataset: string;
  text: string;
}

export const NO_FILTER: ResultFilter = { outcome: 'all', dataset: '', text: '' };

export const datasetOf = (check: CheckResultView): string => check.check.dataset?.name ?? '';

export function applyFilter(checks: CheckResultView[], filter: ResultFilter): number[] {
  const text = filter.text.trim().toLowerCase();
  const indexes: number[] = [];
  checks.forEach((check, index) => {
    if (filter.outcome !== 'all' && outcomeKey(check.outcome) !== filter.outcome) return;
    if (filter.dataset && datasetOf(check) !== filter.dataset) return;
    if (
      text &&
      !check.displayName.toLowerCase().includes(text) &&
      !(check.column ?? '').toLowerCase().includes(text)
    )
      return;
    indexes.push(index);
  });
  return indexes;
}
