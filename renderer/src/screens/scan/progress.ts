/** A scan's live progress, folded from its `scan-progress` events. */
import type { ScanProgress } from '../../../../src/api/desktop/contract.js';

export interface ProgressState {
  queries?: number;
  checks?: number;
  finished: number;
  failedQueries: number;
  running: string[];
  evaluated?: number;
}

export const NO_PROGRESS: ProgressState = { finished: 0, failedQueries: 0, running: [] };

export function foldProgress(state: ProgressState, event: ScanProgress): ProgressState {
  switch (event.type) {
    case 'planned':
      return { ...state, queries: event.queries, checks: event.checks };
    case 'query-started':
      return { ...state, running: [...state.running, event.name] };
    case 'query-finished':
      return {
        ...state,
        finished: state.finished + 1,
        failedQueries: state.failedQueries + (event.error ? 1 : 0),
        running: state.running.filter((name) => name !== event.name),
      };
    case 'evaluated':
      return { ...state, evaluated: event.checks, running: [] };
  }
}
