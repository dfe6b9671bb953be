/**
 * What the classifier reads from a thrown value: the message and every code along the cause chain. Connectors
 * rewrite messages (ConnectorError) but keep codes, and snowflake-sdk wraps socket errors (ENOTFOUND inside
 * "Network error"), so the codes of causes count too. Only the outermost message is kept as raw text: it is the
 * one the connector already redacted; a cause's message may not have been.
 */
import { redact } from '../common/redaction.js';

export interface DriverFailure {
  /** The outermost message, redacted. */
  message: string;
  /** Codes found along the cause chain, outermost first: SQLSTATE, errno names, Snowflake numbers (as text). */
  codes: string[];
  /** Snowflake's sqlState when the driver gives it apart from its numeric code. */
  sqlState?: string;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  sqlState?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function codeText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function driverFailure(error: unknown): DriverFailure {
  const codes: string[] = [];
  let sqlState: string | undefined;
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || seen.has(value) || depth > 8) return;
    seen.add(value);
    const e = value as ErrorLike;
    const code = codeText(e.code);
    if (code && !codes.includes(code)) codes.push(code);
    sqlState ??= codeText(e.sqlState);
    // AggregateError: Node's connect tries each address of a host and throws them together.
    if (Array.isArray(e.errors)) for (const inner of e.errors) visit(inner, depth + 1);
    visit(e.cause, depth + 1);
  };
  visit(error, 0);
  const message = outerMessage(error);
  return { message: redact(message), codes, ...(sqlState ? { sqlState } : {}) };
}

function outerMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, errors } = error as ErrorLike;
  if (typeof message === 'string' && message !== '') return message;
  // An AggregateError from net.connect has an empty message; its parts say what happened (no secrets in them).
  if (Array.isArray(errors)) return errors.map(outerMessage).join('; ');
  return String(error);
}
