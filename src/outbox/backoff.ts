/**
 * Retry delays: exponential with full jitter (a random delay up to the exponential cap), so many clients whose
 * sends failed together do not retry together.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60 * 60 * 1000 };

/** Delay before attempt `attempts + 1`, after `attempts` failures (≥ 1). */
export function backoffDelay(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  // At least half the cap: full jitter alone can retry at once, which helps nobody.
  return Math.round(cap / 2 + (random() * cap) / 2);
}
