/**
 * A delivery that did not happen, with whether trying again can help: a 5xx, a reset or a timeout can; a refused
 * login, a 4xx or a misconfigured destination cannot until someone changes something.
 */
export class DeliveryError extends Error {
  /** How long the receiver asked us to wait (Retry-After), when it said so. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** A destination that cannot be used as configured (bad URL, plain http to a remote host, missing secret). */
export class DestinationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationConfigError';
  }
}

/** Statuses worth retrying: server errors, and the two a server uses to say "later". */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Sample files exist only in payloads laid out for Soda Cloud; a webhook and a file export carry samples inside
 * their one body. An item that reached another destination with files was approved for something else.
 */
export function refuseSampleFiles(files: readonly unknown[], who: string): void {
  if (files.length === 0) return;
  throw new DeliveryError(
    `${who} takes one self-contained body, but this payload was approved with ${files.length} separate sample file(s) (Soda Cloud's layout): approve the scan again for this destination.`,
    false,
  );
}
