/**
 * What a failed item's state means for the next `gatehouse upload`, shared by `upload` and `outbox` so both say
 * the same thing: when trying again makes sense, or that it will not help until the cause is fixed.
 */
export function retryHint(state: { nextAttemptAt?: string } | undefined): string {
  return state?.nextAttemptAt
    ? `next retry (gatehouse upload) after ${state.nextAttemptAt}`
    : 'retrying will not help until this is fixed';
}

/** An error message and the hint as one sentence pair, without doubled punctuation. */
export function withRetryHint(message: string, state: { nextAttemptAt?: string } | undefined): string {
  return `${message.replace(/[.\s]+$/, '')}; ${retryHint(state)}`;
}
