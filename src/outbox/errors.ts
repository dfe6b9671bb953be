/** Outbox errors shown as they are: one clear sentence, and a code the CLI maps to an exit code. */
export type OutboxErrorCode =
  | 'hash-mismatch'
  | 'key-unavailable'
  | 'key-missing'
  | 'tampered'
  | 'not-found'
  | 'busy'
  | 'no-destination';

export class OutboxError extends Error {
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboxError';
  }
}
