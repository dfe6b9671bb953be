/**
 * A receiver's answer that is not a 2xx, as a DeliveryError that says what the status means for this send and
 * what to do — and, when the receiver said when to come back (Retry-After on a 429 or 503), that wait.
 */
import { redact } from '../common/redaction.js';
import { DeliveryError, retryableStatus } from './errors.js';
import type { HttpResponse } from './http.js';

/** A Retry-After longer than this is read as this: a misconfigured receiver must not park an item for weeks. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
  header: string | string[] | undefined,
  now: Date = new Date(),
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** A short, redacted excerpt of an answer's body, for error messages. */
export function answerExcerpt(response: HttpResponse): string {
  const text = redact(response.body.toString('utf8', 0, Math.min(response.body.length, 300)).trim());
  return text ? ` (the answer began: ${text.replace(/\s+/g, ' ')})` : '';
}

/** What a status means for a send, and what helps; `credentials` names what to check on a 401/403. */
function statusAdvice(status: number, credentials: string): string {
  if (status === 401 || status === 403) return `the receiver refused this sender: ${credentials}`;
  if (status === 404 || status === 405 || status === 410)
    return 'there is no such endpoint at that address: check the URL in the configuration';
  if (status === 413)
    return 'the payload is too large for the receiver: ask its operator to raise the limit, or lower the sample level in the privacy policy and approve again';
  if (status === 429) return 'the receiver is rate-limiting; worth trying again later';
  if (status === 408) return 'the receiver timed out waiting for the request; worth trying again later';
  if (status >= 500) return 'the receiver failed or is down for now; worth trying again later';
  if (status >= 300 && status < 400)
    return 'it redirects elsewhere, and a payload is sent only to the address it was approved for: put the final address in the configuration and approve again';
  return 'the receiver rejected this payload; trying again will not help until the cause in its answer is fixed';
}

/** `who` answered (`to` what was being sent) with a status that is not a 2xx. */
export function refusedAnswer(
  response: HttpResponse,
  who: { who: string; to?: string; credentials: string },
  now: Date = new Date(),
): DeliveryError {
  const wait = retryAfterMs(response.headers['retry-after'], now);
  const retryable = retryableStatus(response.status);
  const after =
    retryable && wait !== undefined ? ` It asked to wait ${Math.ceil(wait / 1000)} s (Retry-After).` : '';
  return new DeliveryError(
    `${who.who} answered HTTP ${response.status}${who.to ? ` to ${who.to}` : ''}: ${statusAdvice(response.status, who.credentials)}${answerExcerpt(response)}.${after}`,
    retryable,
    response.status,
    retryable && wait !== undefined ? { retryAfterMs: wait } : undefined,
  );
}
