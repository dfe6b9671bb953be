/**
 * Any error → the plain `{ code, message, remedy? }` the renderer gets: the engine's own error classes keep their
 * sentence and gain a code; everything passes through redaction; no stack, no cause chain, no driver object.
 */
import { DeliveryError, DestinationConfigError } from '../../cloud/errors.js';
import { redact } from '../../common/redaction.js';
import { ConfigError } from '../../config/errors.js';
import { OutboxError } from '../../outbox/errors.js';
import { SecretStoreError } from '../../secrets/store.js';
import { WorkspaceError } from '../../workspace/errors.js';
import { CheckFilesError } from '../check-files.js';
import { DataSourceError } from '../data-sources.js';
import type { GatehouseError, GatehouseErrorCode } from './contract.js';

/** An error a handler throws on purpose, already in the API's terms. */
export class DesktopApiError extends Error {
  constructor(
    readonly code: GatehouseErrorCode,
    message: string,
    readonly remedy?: string,
  ) {
    super(message);
    this.name = 'DesktopApiError';
  }
}

function shaped(code: GatehouseErrorCode, message: string, remedy?: string): GatehouseError {
  return { code, message: redact(message), ...(remedy ? { remedy: redact(remedy) } : {}) };
}

/** zod issues → one sentence naming the field; never the value received (it may be a secret). */
export function invalidInput(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
): GatehouseError {
  const first = issues[0];
  const path = first?.path.map(String).join('.') || 'the request';
  return shaped(
    'invalid-input',
    `Invalid request: ${path}: ${first?.message ?? 'not valid'}.`,
    'Check the form and try again.',
  );
}

function isZodError(error: unknown): error is { issues: Array<{ path: PropertyKey[]; message: string }> } {
  return (
    error instanceof Error &&
    (error.name === 'ZodError' || error.name === '$ZodError') &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

export function toGatehouseError(error: unknown): GatehouseError {
  if (error instanceof DesktopApiError) return shaped(error.code, error.message, error.remedy);
  if (error instanceof DataSourceError) return shaped(error.code, error.message, error.remedy);
  if (error instanceof SecretStoreError) {
    // Its message ends with the remedy already: keep them apart for the UI.
    const message = error.message.endsWith(error.remedy)
      ? error.message.slice(0, -error.remedy.length).trim()
      : error.message;
    return shaped('secret-store', message, error.remedy);
  }
  if (error instanceof ConfigError) return shaped('config', error.message);
  if (error instanceof WorkspaceError) {
    return shaped(error.code === 'not-found' ? 'not-found' : 'workspace', error.message);
  }
  if (error instanceof OutboxError) {
    return shaped(
      error.code === 'no-destination' ? 'destination' : error.code === 'busy' ? 'busy' : 'outbox',
      error.message,
      error.remedy,
    );
  }
  if (error instanceof DestinationConfigError || error instanceof DeliveryError) {
    return shaped('destination', error.message);
  }
  if (error instanceof CheckFilesError) return shaped('check-files', error.message);
  if (isZodError(error)) return invalidInput(error.issues);
  const message = error instanceof Error ? error.message : String(error);
  return shaped('internal', message || 'Something went wrong.');
}
