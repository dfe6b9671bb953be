/** Driver errors → ConnectorError with a message that says what happened and what to do. */
import { redact } from '../../common/redaction.js';
import { ConnectorError } from '../connector.js';

interface DriverError {
  message?: string;
  code?: string;
}

const AUTH_CODES = new Set(['28P01', '28000']);
/** pg's words when the server asks for a password (SCRAM) and the client has none to give. */
const NO_PASSWORD = /client password must be a (non-empty )?string/;

/** Node's codes for a server certificate that no trusted CA vouches for. */
const UNTRUSTED_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** TLS failures, explained in terms of the sslmode settings that fix them; undefined when not a TLS failure. */
function tlsError(
  message: string,
  code: string | undefined,
  where: string,
  cause: unknown,
): ConnectorError | undefined {
  const explain = (text: string) => new ConnectorError(text, code, 'connect', { cause });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return explain(
      `The TLS certificate of ${where} does not name that host (sslmode verify-full checks the name): ${message}. ` +
        'Connect with a host name the certificate lists, or use sslmode verify-ca.',
    );
  }
  if (code && UNTRUSTED_CERT_CODES.has(code)) {
    return explain(
      `The TLS certificate of ${where} is not signed by a CA you trust (${message}). ` +
        'Set sslrootcert to the certificate of the CA that issued it.',
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return explain(`The TLS certificate of ${where} is not valid at this time (${message}).`);
  }
  if (/does not support SSL/i.test(message)) {
    return explain(
      `${where} does not accept TLS connections, but the sslmode requires TLS. Enable ssl on the server, ` +
        'or use sslmode prefer (or disable) if an unencrypted connection is acceptable.',
    );
  }
  return undefined;
}

/** The driver's message, redacted: pg can echo connection parameters (a password among them) in its errors. */
function driverMessage(error: unknown): { message: string; code: string | undefined } {
  const { message = String(error), code } = (error ?? {}) as DriverError;
  return { message: redact(message), code };
}

export function connectError(error: unknown, where: string): ConnectorError {
  const { message, code } = driverMessage(error);
  if (code && AUTH_CODES.has(code)) {
    return new ConnectorError(`Authentication to ${where} failed: ${message}`, code, 'auth', {
      cause: error,
    });
  }
  if (NO_PASSWORD.test(message)) {
    return new ConnectorError(
      `Authentication to ${where} failed: the server asks for a password and none was given.`,
      code,
      'auth',
      { cause: error },
    );
  }
  const tls = tlsError(message, code, where, error);
  if (tls) return tls;
  if (code === 'ECONNREFUSED') {
    return new ConnectorError(
      `Connection to ${where} was refused: nothing is listening there. Check host and port, and that the server is running.`,
      code,
      'connect',
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectorError(
      `Host name of ${where} could not be resolved (${code}). Check the host.`,
      code,
      'connect',
      {
        cause: error,
      },
    );
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
  const { message, code } = driverMessage(error);
  // 57014 query_canceled: by the session's statement_timeout, or by a cancel request (ours or an admin's).
  if (code === '57014') {
    const kind = /statement timeout/i.test(message) ? 'timeout' : 'cancelled';
    return new ConnectorError(message, code, kind, { cause: error });
  }
  return new ConnectorError(message, code, 'query', { cause: error });
}
