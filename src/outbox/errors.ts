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
  /** What to do, when the message alone does not say it. */
  readonly remedy?: string;

  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    options?: { cause?: unknown; remedy?: string },
  ) {
    super(message, options);
    this.name = 'OutboxError';
    if (options?.remedy) this.remedy = options.remedy;
  }
}
