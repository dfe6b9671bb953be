/**
 * Redaction, in one place: a registry of every secret value in play in this process, and `redact`, which replaces
 * each occurrence of one with `[redacted]` in text about to leave the process (logs, errors, result files, the
 * scan history, payloads). Redaction is the last line of defence: code should not put secrets into messages in
 * the first place, but a driver may echo its connection parameters, and a user's SQL may spell a password.
 *
 * Where secrets enter the registry (each caller says why at its call):
 * - src/api/scan.ts: a secret field's value from configuration.yml — written in plain text or substituted from
 *   `${VAR}` — and a value read from the secret store, before the connector opens.
 * - src/api/secrets-import.ts: each plaintext value found in configuration.yml, before it is stored.
 * This module has no imports, so every layer (connectors, scan, payload, cli) may call it.
 */

export const REDACTED = '[redacted]';

/**
 * Values shorter than this are not redacted: replacing every "ab" or "12" in a log would shred the text into
 * nonsense, and the pattern of [redacted] marks would itself tell where (and so what) the secret is. A secret
 * that short is no secret; the store's `set` is where to refuse one.
 */
export const MIN_REDACTED_LENGTH = 4;

const secrets = new Set<string>();
/** The matcher for the current registry, rebuilt only when a value is added. */
let matcher: RegExp | undefined;

/** The forms in which a secret may show up in text: as is, URL-encoded (connection URLs), JSON-escaped. */
function formsOf(value: string): string[] {
  return [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
}

/** Remember a secret value for redaction. Undefined, empty and too-short values are ignored. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_REDACTED_LENGTH) return;
  for (const form of formsOf(value)) {
    if (!secrets.has(form)) {
      secrets.add(form);
      matcher = undefined;
    }
  }
}

/** How many values are registered (for tests and diagnostics; never the values). */
export function registeredSecretCount(): number {
  return secrets.size;
}

/** Forget every registered value (tests). */
export function clearSecrets(): void {
  secrets.clear();
  matcher = undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function currentMatcher(): RegExp | undefined {
  if (secrets.size === 0) return undefined;
  // Longest first: a secret that contains another is replaced whole, not left half-visible around a mark.
  matcher ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return matcher;
}

/** The text with every registered secret replaced by `[redacted]`. */
export function redact(text: string): string {
  const pattern = currentMatcher();
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/**
 * A copy of a JSON-like value (objects, arrays, strings, numbers…) with every string — keys included — redacted.
 * Other objects (Date, Map, class instances) are returned as they are. With nothing registered, the value itself.
 */
export function redactDeep<T>(value: T): T {
  if (!currentMatcher()) return value;
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[redact(key)] = walk(inner);
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
