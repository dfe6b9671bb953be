/** libpq's sslmode, translated into Node TLS options for `pg`. */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { PostgresDataSource } from '../../config/model.js';

export type PgSsl = false | ConnectionOptions;

function readPem(path: string | undefined, what: string): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`Cannot read the ${what} file ${path}: ${(error as Error).message}`);
  }
}

/**
 * The TLS settings to try, in order. `prefer` tries TLS first and falls back to plaintext when the server
 * does not offer it; `allow` tries plaintext first. The stricter modes allow no fallback.
 */
export function sslAttempts(ds: PostgresDataSource): PgSsl[] {
  const ca = readPem(ds.sslrootcert, 'CA certificate (sslrootcert)');
  const cert = readPem(ds.sslcert, 'client certificate (sslcert)');
  const key = readPem(ds.sslkey, 'client key (sslkey)');
  const client = { ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  // As libpq: `require` with a root certificate verifies the CA, like verify-ca.
  const verifyCa: ConnectionOptions = {
    ...client,
    ca,
    rejectUnauthorized: true,
    checkServerIdentity: () => undefined,
  };
  const encryptOnly: ConnectionOptions = { ...client, rejectUnauthorized: false };
  switch (ds.sslmode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, encryptOnly];
    case 'prefer':
      return [encryptOnly, false];
    case 'require':
      return [ca ? verifyCa : encryptOnly];
    case 'verify-ca':
      return [verifyCa];
    case 'verify-full':
      // pg checks the certificate against the host and sets the SNI name itself (only for names: RFC 6066
      // forbids IP addresses there, and Node warns when given one).
      return [{ ...client, ca, rejectUnauthorized: true }];
  }
}

/**
 * Whether a connection error means "this TLS setting is not what the server accepts" (so try the next): the
 * server has no TLS, or pg_hba.conf has no line for this transport (`…, SSL encryption` / `…, no encryption`;
 * `SSL on` / `SSL off` before PostgreSQL 14).
 */
export function isTlsNegotiationRefusal(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /does not support SSL|no pg_hba\.conf entry .*(SSL encryption|no encryption|SSL on|SSL off)|SSL connection is required/i.test(
    message,
  );
}
