/**
 * The privacy policy as the payload builder applies it: which field classes each level lets out, and the rules
 * in force for one dataset (the top level, then every matching `datasets:` override in file order).
 *
 *   strict   identifiers, schema, counts and outcomes, scan metadata. No data-derived value, no SQL, no check
 *            definition (its text carries filters, valid values and thresholds), no log, no sample.
 *   standard strict + data-derived values, SQL text, check definitions, logs at warning and above. No samples.
 *   full     standard + sample rows (within the samples limit and `sample_columns`) + every log.
 */
import { sha256Hex } from '../common/sha256.js';
import { DEFAULT_PRIVACY, type PrivacyConfig, type PrivacyLevel } from '../config/privacy.js';
import type { LogLevel } from '../scan/result.js';
import { canonicalJson } from './canonical.js';
import type { FieldClass } from './classes.js';

export type { PrivacyConfig, PrivacyLevel } from '../config/privacy.js';
export { DEFAULT_PRIVACY } from '../config/privacy.js';

const STRICT: FieldClass[] = ['identifier', 'schema', 'outcome', 'metadata'];
const STANDARD: FieldClass[] = [...STRICT, 'data', 'sql', 'definition', 'log'];
const FULL: FieldClass[] = [...STANDARD, 'sample'];

export const LEVEL_CLASSES: Record<PrivacyLevel, ReadonlySet<FieldClass>> = {
  strict: new Set(STRICT),
  standard: new Set(STANDARD),
  full: new Set(FULL),
};

/** The log levels each privacy level lets out. */
export const LEVEL_LOGS: Record<PrivacyLevel, ReadonlySet<LogLevel>> = {
  strict: new Set(),
  standard: new Set(['warning', 'error']),
  full: new Set(['debug', 'info', 'warning', 'error']),
};

/** The rules in force for one dataset. */
export interface Scope {
  level: PrivacyLevel;
  excludeColumns: string[];
  withholdValues: boolean | string[];
  hashIdentifiers: boolean;
  sampleColumns?: string[];
}

/** Soda's simple patterns: `*` any run, case-insensitive, the whole name. */
export function patternRegex(pattern: string, flags = 'i'): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^(?:${body})$`, flags);
}

export function matchesAny(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => patternRegex(pattern).test(name));
}

function mergeWithhold(a: boolean | string[], b: boolean | string[] | undefined): boolean | string[] {
  if (b === undefined) return a;
  if (a === true || b === true) return true;
  if (b === false) return a;
  return a === false ? b : [...a, ...b];
}

/**
 * Overrides only add protection to what they inherit, except `level` and `sample_columns`, which the most
 * specific (last matching) override sets outright.
 */
export function scopeFor(policy: PrivacyConfig, dataset: string | undefined): Scope {
  const scope: Scope = {
    level: policy.level,
    excludeColumns: [...policy.excludeColumns],
    withholdValues: policy.withholdValues,
    hashIdentifiers: policy.hashIdentifiers,
    ...(policy.sampleColumns ? { sampleColumns: policy.sampleColumns } : {}),
  };
  if (dataset === undefined) return scope;
  for (const [pattern, rules] of Object.entries(policy.datasets)) {
    if (!patternRegex(pattern).test(dataset)) continue;
    if (rules.level) scope.level = rules.level;
    if (rules.excludeColumns) scope.excludeColumns.push(...rules.excludeColumns);
    scope.withholdValues = mergeWithhold(scope.withholdValues, rules.withholdValues);
    if (rules.hashIdentifiers) scope.hashIdentifiers = true;
    if (rules.sampleColumns) scope.sampleColumns = rules.sampleColumns;
  }
  return scope;
}

export function isColumnExcluded(scope: Scope, column: string | undefined | null): boolean {
  return typeof column === 'string' && matchesAny(scope.excludeColumns, column);
}

/** Whether a data-derived value about this column (or about the dataset, when none) is withheld. */
export function valuesWithheld(scope: Scope, column: string | undefined | null): boolean {
  if (scope.withholdValues === true) return true;
  if (scope.withholdValues === false) return false;
  return typeof column === 'string' && matchesAny(scope.withholdValues, column);
}

/** The policy in canonical form: `PreparedPayload.policySha256` hashes this. */
export function policySha256(policy: PrivacyConfig = DEFAULT_PRIVACY): string {
  return sha256Hex(new TextEncoder().encode(canonicalJson(policy)));
}

/** Whether a policy needs the workspace salt (some scope hashes identifiers). */
export function needsSalt(policy: PrivacyConfig): boolean {
  return policy.hashIdentifiers || Object.values(policy.datasets).some((rules) => rules.hashIdentifiers);
}

const LEVEL_ORDER: readonly PrivacyLevel[] = ['strict', 'standard', 'full'];

/**
 * The rules that satisfy every one of several scopes: the lowest level, every exclusion, any withholding or
 * hashing, and only the sample columns every allowlist names. For text that may concern any of them (a log line with no check of its own).
 */
export function strictestScope(scopes: readonly Scope[]): Scope {
  const [first, ...rest] = scopes;
  if (!first) throw new Error('strictestScope needs at least one scope');
  const merged: Scope = { ...first, excludeColumns: [...first.excludeColumns] };
  for (const scope of rest) {
    if (LEVEL_ORDER.indexOf(scope.level) < LEVEL_ORDER.indexOf(merged.level)) merged.level = scope.level;
    merged.excludeColumns.push(...scope.excludeColumns);
    merged.withholdValues = mergeWithhold(merged.withholdValues, scope.withholdValues);
    if (scope.hashIdentifiers) merged.hashIdentifiers = true;
    // Allowlists meet: only a pattern every list has (a looser reading could let a column one list keeps out).
    if (scope.sampleColumns) {
      const other = scope.sampleColumns;
      merged.sampleColumns = merged.sampleColumns
        ? merged.sampleColumns.filter((pattern) => other.includes(pattern))
        : [...other];
    }
  }
  return merged;
}

/**
 * Whether a sample row may carry this column's values (at level `full`): not excluded, allowed by
 * `sample_columns`, and not a column whose values are withheld — a sampled value is the rawest value there is.
 */
export function sampleColumnAllowed(scope: Scope, column: string): boolean {
  return (
    !isColumnExcluded(scope, column) &&
    (!scope.sampleColumns || matchesAny(scope.sampleColumns, column)) &&
    !valuesWithheld(scope, column)
  );
}
