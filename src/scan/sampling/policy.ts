/**
 * Failed-row sampling policy. Samples are OFF by default, and then no sample query runs at all (Soda runs them
 * and only withholds the upload: sodacl.md §6.7). When on, each sample is limited in SQL, to the allowed columns.
 */

export const DEFAULT_SAMPLES_LIMIT = 100;

export interface SamplingPolicy {
  enabled: boolean;
  /** The data source's `sampler.samples_limit`, else 100; a check's `samples limit` wins. */
  defaultLimit: number;
  /** Soda's `sampler.exclude_columns`: table pattern → column patterns (`*` any run; case-insensitive, whole name). */
  excludeColumns: Record<string, string[]>;
}

export const SAMPLES_OFF: SamplingPolicy = {
  enabled: false,
  defaultLimit: DEFAULT_SAMPLES_LIMIT,
  excludeColumns: {},
};

function patternMatches(pattern: string, name: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

/** The column patterns excluded for a dataset, from every table pattern that matches it. */
export function excludedColumnPatterns(policy: SamplingPolicy, dataset: string): string[] {
  return Object.entries(policy.excludeColumns)
    .filter(([table]) => patternMatches(table, dataset))
    .flatMap(([, columns]) => columns);
}

export function isExcluded(patterns: string[], column: string): boolean {
  return patterns.some((pattern) => patternMatches(pattern, column));
}
