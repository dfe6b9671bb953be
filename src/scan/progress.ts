/** Progress events a scan emits, for progress bars (CLI) and live views (app). */
export type ScanProgress =
  | { type: 'planned'; queries: number; checks: number }
  | { type: 'query-started'; name: string }
  | { type: 'query-finished'; name: string; durationMs: number; error?: string }
  | { type: 'evaluated'; checks: number };

export type ProgressListener = (event: ScanProgress) => void;
