/** Driver errors → ConnectorError with a message that says what happened and what to do. */
import { ConnectorError } from '../connector.js';

interface DriverError {
  message?: string;
  code?: string;
}

const AUTH_CODES = new Set(['28P01', '28000']);

export function connectError(error: unknown, where: string): ConnectorError {
  const { message = String(error), code } = (error ?? {}) as DriverError;
  if (code && AUTH_CODES.has(code)) {
    return new ConnectorError(`Authentication to ${where} failed: ${message}`, code, 'auth', { cause: error });
  }
  if (code === 'ECONNREFUSED') {
    return new ConnectorError(
      `Connection to ${where} was refused: nothing is listening there. Check host and port, and that the server is running.`,
      code,
      'connect',
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectorError(`Host name of ${where} could not be resolved (${code}). Check the host.`, code, 'connect', {
      cause: error,
    });
  }
  if (/timeout/i.test(message) || code === 'ETIMEDOUT') {
    return new ConnectorError(
      `Connecting to ${where} timed out: a firewall may be dropping the traffic, or the server is overloaded.`,
      code ?? 'ETIMEDOUT',
      'timeout',
      { cause: error },
    );
  }
  return new ConnectorError(`Could not connect to ${where}: ${message}`, code, 'connect', { cause: error });
}

export function queryError(error: unknown): ConnectorError {
  const { message = String(error), code } = (error ?? {}) as DriverError;
  return new ConnectorError(message, code, 'query', { cause: error });
}
