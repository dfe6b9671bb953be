/**
 * Driver errors → which layer failed and what to do about it. Server texts that name the client's address
 * (pg_hba, Snowflake network policies) are checked first: they are the most specific and carry the IP that an
 * admin needs. Then server codes, then TLS, then the socket layer (DNS, TCP), where only errno names are left.
 */
import type { Classification, ClassifyContext, Rule } from './classification.js';
import { hasCode, subject, where } from './classification.js';
import { POSTGRES_RULES } from './classify-postgres.js';
import { SNOWFLAKE_RULES } from './classify-snowflake.js';
import { driverFailure } from './driver-failure.js';

export type { Classification, ClassifyContext, Layer } from './classification.js';

/** Node's codes for a certificate that no trusted CA vouches for. */
const UNTRUSTED = [
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
];

const tls: Rule = (failure, context) => {
  const at = where(context);
  const tlsCase = (kind: string, code: string | undefined, summary: string, remediation: string) => ({
    layer: 'tls' as const,
    kind,
    ...(code ? { code } : {}),
    summary,
    remediation,
  });
  const altname = hasCode(failure, 'ERR_TLS_CERT_ALTNAME_INVALID');
  if (altname) {
    return tlsCase(
      'tls-hostname-mismatch',
      altname,
      `The TLS certificate of ${at} does not name the host you connect to.`,
      'Connect with a host name the certificate lists, or use sslmode verify-ca (checks the CA, not the name).',
    );
  }
  const untrusted = hasCode(failure, ...UNTRUSTED);
  if (untrusted) {
    return tlsCase(
      'tls-untrusted',
      untrusted,
      `The TLS certificate of ${at} is not signed by a CA you trust.`,
      'Set sslrootcert to the certificate of the CA that issued the server certificate (ask the admin for it).',
    );
  }
  const dated = hasCode(failure, 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID');
  if (dated) {
    const expired = dated === 'CERT_HAS_EXPIRED';
    return tlsCase(
      expired ? 'tls-expired' : 'tls-not-yet-valid',
      dated,
      `The TLS certificate of ${at} ${expired ? 'has expired' : 'is not valid yet'}.`,
      expired
        ? 'Ask the admin to renew the server certificate.'
        : "Check this machine's clock, or ask the admin about the certificate's start date.",
    );
  }
  if (/does not support SSL/i.test(failure.message)) {
    return tlsCase(
      'tls-unsupported',
      failure.codes[0],
      `${subject(context)} does not accept TLS, but the sslmode requires it.`,
      'Ask the admin to enable ssl on the server, or use sslmode prefer or disable if an unencrypted connection is acceptable.',
    );
  }
  const proto = hasCode(failure, 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER');
  if (proto || /wrong version number|tlsv1 alert|ssl3_get_record/i.test(failure.message)) {
    return tlsCase(
      'tls-handshake',
      proto ?? failure.codes[0],
      `The TLS handshake with ${at} failed.`,
      'Check that the port serves this database with TLS (not plain text or another protocol), and the TLS versions allowed.',
    );
  }
  return undefined;
};

const TCP_TIMEOUT_TEXT =
  /connect(?:ion)? (?:timed out|timeout)|timeout expired|connection timeout|ETIMEDOUT/i;

const socket: Rule = (failure, context) => {
  const at = where(context);
  const dns =
    hasCode(failure, 'ENOTFOUND', 'EAI_AGAIN') ??
    /getaddrinfo (ENOTFOUND|EAI_AGAIN)/.exec(failure.message)?.[1];
  if (dns) {
    const temporary = dns === 'EAI_AGAIN';
    return {
      layer: 'dns',
      kind: temporary ? 'dns-temporary' : 'dns-not-found',
      code: dns,
      summary: temporary
        ? `The name server did not answer for ${context.host ?? 'the host'} (temporary failure).`
        : `The host name ${context.host ? `${context.host} ` : ''}does not resolve to any address.`,
      remediation: temporary
        ? 'Check the network and DNS settings (VPN connected?), then retry.'
        : SNOWFLAKE_HOST.test(context.host ?? '')
          ? // Unless host: is set, Snowflake's host name is made from the account: the typo is most likely there.
            `Check the account in configuration.yml (orgname-accountname, or a locator with its region): the host name ${context.host} is made from it unless host: is set. A private-link endpoint also needs the VPN or the company DNS.`
          : 'Check the host name for typos; private names may need the VPN or the company DNS.',
    };
  }
  const refused = hasCode(failure, 'ECONNREFUSED');
  if (refused) {
    return {
      layer: 'tcp',
      kind: 'tcp-refused',
      code: refused,
      summary: `${subject(context)} was reached, but nothing accepts connections on that port.`,
      remediation:
        'Check the port and that the server is running and listening on this address (listen_addresses).',
    };
  }
  const unreachable = hasCode(failure, 'EHOSTUNREACH', 'ENETUNREACH');
  if (unreachable) {
    const net = unreachable === 'ENETUNREACH';
    return {
      layer: 'tcp',
      kind: net ? 'tcp-network-unreachable' : 'tcp-host-unreachable',
      code: unreachable,
      summary: `No route to ${net ? 'the network of ' : ''}${at}.`,
      remediation:
        'Check the VPN, routes or proxy that lead to this network; a firewall may also answer this way.',
    };
  }
  const timeout = hasCode(failure, 'ETIMEDOUT');
  if (timeout || TCP_TIMEOUT_TEXT.test(failure.message)) {
    return {
      layer: 'tcp',
      kind: 'tcp-timeout',
      code: timeout ?? 'ETIMEDOUT',
      summary: `No answer from ${at}: the connection attempt timed out.`,
      remediation:
        "A firewall or cloud security group most likely drops the packets silently. Ask the admin to allow this machine's public egress address to reach the port (a VPN or proxy may change that address).",
    };
  }
  const reset = hasCode(failure, 'ECONNRESET');
  if (reset || /Connection terminated unexpectedly/i.test(failure.message)) {
    return {
      layer: 'tcp',
      kind: 'tcp-reset',
      code: reset ?? failure.codes[0],
      summary: `${subject(context)} closed the connection unexpectedly.`,
      remediation:
        'The server or a middlebox dropped the connection: check the port is the database one, the server log, and connection limits.',
    };
  }
  return undefined;
};

const config: Rule = (failure) => {
  const code = hasCode(
    failure,
    'ERR_INVALID_ARG_TYPE',
    'ERR_INVALID_ARG_VALUE',
    'ERR_SOCKET_BAD_PORT',
    'ERR_INVALID_URL',
  );
  return code
    ? {
        layer: 'config',
        kind: 'invalid-setting',
        code,
        summary: `A connection setting is invalid: ${failure.message}`,
        remediation: 'Fix the data source in configuration.yml (host, port, user, database).',
      }
    : undefined;
};

/** Snowflake's public host names, made from the account identifier. */
const SNOWFLAKE_HOST = /\.snowflakecomputing\.(?:com|cn)$/i;

const RULES: readonly Rule[] = [...SNOWFLAKE_RULES, ...POSTGRES_RULES, tls, socket, config];

/**
 * The summary is the step's one line: drivers' messages that span lines (Snowflake's "SQL access control
 * error:\nInsufficient privileges…") would break it. The raw message keeps its lines.
 */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Classify a thrown driver or connector error. Its message must already be redacted (it is redacted again). */
export function classifyError(error: unknown, context: ClassifyContext = {}): Classification {
  const failure = driverFailure(error);
  const base = { driverCodes: failure.codes, raw: failure.message };
  for (const rule of RULES) {
    const verdict = rule(failure, context);
    if (verdict) return { ...verdict, summary: oneLine(verdict.summary), ...base };
  }
  const code = failure.sqlState ?? failure.codes[0];
  return {
    layer: 'unknown',
    kind: 'unrecognised',
    ...(code ? { code } : {}),
    summary: oneLine(`The connection failed: ${failure.message}`),
    remediation: 'See the raw message; if it names an address, user or object, start there.',
    ...base,
  };
}
