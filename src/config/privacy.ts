/**
 * The `privacy:` block of configuration.yml: what a payload may carry, whatever the destination. It stands at
 * the top level, not under `soda_cloud:`, because it governs every way out (Soda Cloud, a webhook, a file
 * export), and a file with no `soda_cloud:` block can still be previewed and exported.
 *
 *   privacy:
 *     level: standard              # strict | standard | full
 *     exclude_columns: [ssn]       # column patterns never mentioned, in every dataset
 *     withhold_values: false       # true, or column patterns: data-derived values withheld
 *     hash_identifiers: false      # dataset and column names replaced by a keyed hash (salt stays local)
 *     sample_columns: [id]         # the only columns a sample row may carry (level full)
 *     datasets:
 *       customers: {level: strict, exclude_columns: [email]}   # dataset patterns, `*` any run
 */
import * as z from 'zod/mini';

export const PRIVACY_LEVELS = ['strict', 'standard', 'full'] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

/** Rules as a dataset override gives them: anything left out comes from the top level. */
export interface PrivacyRules {
  level?: PrivacyLevel;
  excludeColumns?: string[];
  /** true: every data-derived value; a list: those of matching columns only. */
  withholdValues?: boolean | string[];
  hashIdentifiers?: boolean;
  sampleColumns?: string[];
}

export interface PrivacyConfig {
  level: PrivacyLevel;
  excludeColumns: string[];
  withholdValues: boolean | string[];
  hashIdentifiers: boolean;
  /** Undefined: every column not excluded may be sampled (at level full). */
  sampleColumns?: string[];
  /** Dataset pattern → overrides, in file order. */
  datasets: Record<string, PrivacyRules>;
}

export const DEFAULT_PRIVACY: PrivacyConfig = {
  level: 'standard',
  excludeColumns: [],
  withholdValues: false,
  hashIdentifiers: false,
  datasets: {},
};

const patterns = z.array(z.string().check(z.minLength(1, 'a pattern must not be empty')));
const rules = {
  level: z.optional(z.enum(PRIVACY_LEVELS)),
  exclude_columns: z.optional(patterns),
  withhold_values: z.optional(z.union([z.boolean(), patterns])),
  hash_identifiers: z.optional(z.boolean()),
  sample_columns: z.optional(patterns),
};

export const privacyBlock = z.strictObject({
  ...rules,
  datasets: z.optional(z.record(z.string().check(z.minLength(1)), z.strictObject(rules))),
});

type RawRules = z.output<z.ZodMiniObject<typeof rules>>;

function toRules(raw: RawRules): PrivacyRules {
  return {
    ...(raw.level !== undefined ? { level: raw.level } : {}),
    ...(raw.exclude_columns !== undefined ? { excludeColumns: raw.exclude_columns } : {}),
    ...(raw.withhold_values !== undefined ? { withholdValues: raw.withhold_values } : {}),
    ...(raw.hash_identifiers !== undefined ? { hashIdentifiers: raw.hash_identifiers } : {}),
    ...(raw.sample_columns !== undefined ? { sampleColumns: raw.sample_columns } : {}),
  };
}

export function toPrivacyConfig(raw: z.output<typeof privacyBlock>): PrivacyConfig {
  const datasets: Record<string, PrivacyRules> = {};
  for (const [pattern, override] of Object.entries(raw.datasets ?? {})) {
    // Dataset names are data: `__proto__` must stay a plain key.
    Object.defineProperty(datasets, pattern, { value: toRules(override), enumerable: true, writable: true });
  }
  return {
    level: raw.level ?? DEFAULT_PRIVACY.level,
    excludeColumns: raw.exclude_columns ?? [],
    withholdValues: raw.withhold_values ?? false,
    hashIdentifiers: raw.hash_identifiers ?? false,
    ...(raw.sample_columns !== undefined ? { sampleColumns: raw.sample_columns } : {}),
    datasets,
  };
}
