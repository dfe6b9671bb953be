/** PostgreSQL server errors (SQLSTATE and pg_hba texts) → classifications. */
import { type Classification, hasCode, type Rule, subject, type Verdict, where } from './classification.js';
import { parseIp } from './ip-address.js';

/**
 * auth.c: `no pg_hba.conf entry for host "IP", user "U", database "D", <encryption>` and the replication form
 * `… for replication connection from host "IP", user "U", <encryption>`. The encryption wording differs by version
 * ("SSL off" before PG 14, "no encryption"/"SSL encryption"/"GSS encryption" since).
 */
const ENCRYPTION = '((?:no|SSL|GSS) encryption|SSL on|SSL off)';
const NO_ENTRY = new RegExp(
  `no pg_hba\\.conf entry for (replication connection from )?host "([^"]+)", user "([^"]*)"(?:, database "([^"]*)")?(?:, ${ENCRYPTION})?`,
);
const REJECTS = new RegExp(
  `pg_hba\\.conf rejects (replication )?connection for host "([^"]+)", user "([^"]*)"(?:, database "([^"]*)")?(?:, ${ENCRYPTION})?`,
);

function hbaFacts(match: RegExpExecArray): Pick<Classification, 'clientIp' | 'rejected'> {
  const [, replication, host = '', user, database, encryption] = match;
  const ip = parseIp(host);
  return {
    // The server prints the address it saw; canonical form so that it compares and pastes cleanly.
    ...(ip.ok ? { clientIp: ip.value.text } : {}),
    rejected: {
      replication: replication !== undefined,
      ...(user !== undefined ? { user } : {}),
      ...(database !== undefined ? { database } : {}),
      ...(encryption !== undefined ? { encryption } : {}),
    },
  };
}

const pgHba: Rule = (failure, context) => {
  const noEntry = NO_ENTRY.exec(failure.message);
  const rejects = noEntry ? undefined : REJECTS.exec(failure.message);
  const match = noEntry ?? rejects;
  if (!match) return undefined;
  const facts = hbaFacts(match);
  const ip = facts.clientIp ?? match[2];
  const plain = facts.rejected?.encryption === 'no encryption' || facts.rejected?.encryption === 'SSL off';
  // A hostssl-only server answers a plain connection with the same message: TLS may be all that is missing.
  const tlsHint = plain
    ? ' The connection was not encrypted; if the server accepts this address only over TLS (hostssl lines), set sslmode to require first.'
    : '';
  const base = {
    layer: 'network-policy' as const,
    code: hasCode(failure, '28000') ?? '28000',
    ...facts,
  };
  if (noEntry) {
    return {
      ...base,
      kind: 'pg-hba-no-entry',
      summary: `${subject(context)} refused the connection from ${ip}: no pg_hba.conf line admits this address, user and database.`,
      remediation: `Ask the database admin to add a pg_hba.conf line for ${ip} (the address the server saw) and reload the configuration.${tlsHint}`,
    };
  }
  return {
    ...base,
    kind: 'pg-hba-reject',
    summary: `${subject(context)} refused the connection from ${ip}: a pg_hba.conf reject line matches it.`,
    remediation: `Ask the database admin to add a line admitting ${ip} above the reject line (pg_hba.conf uses the first line that matches) and reload the configuration.${tlsHint}`,
  };
};

type Case = Omit<Verdict, 'code'>;
/** SQLSTATEs with a fixed meaning; the message says which user, database or table. */
const BY_SQLSTATE: Record<string, (message: string, context: Parameters<Rule>[1]) => Case> = {
  '28P01': () => ({
    layer: 'auth',
    kind: 'bad-password',
    summary: 'The server rejected the password for this user.',
    remediation:
      'Check the user name and the stored password (gatehouse secrets); ask the admin to reset it if needed.',
  }),
  '28000': (message) => ({
    layer: 'auth',
    kind: 'auth-rejected',
    summary: `The server refused to authenticate: ${message}`,
    remediation: 'Check that the user exists and which authentication method pg_hba.conf applies to it.',
  }),
  '3D000': (_message, context) => ({
    layer: 'access',
    kind: 'database-missing',
    summary: `The database ${context.database ? `"${context.database}" ` : ''}does not exist on ${where(context)}.`,
    remediation: 'Check the database name in configuration.yml (names are case-sensitive when quoted).',
  }),
  '42501': (message) => ({
    layer: 'privileges',
    kind: 'insufficient-privilege',
    summary: `The user lacks a privilege: ${message}`,
    remediation: 'Ask the admin for USAGE on the schema and SELECT on the tables the checks read.',
  }),
  '42P01': (message) => ({
    layer: 'privileges',
    kind: 'relation-missing',
    summary: `A dataset the checks use is missing or not visible: ${message}`,
    remediation:
      'Check the dataset name and schema (search_path), and that the user has USAGE on the schema.',
  }),
  '3F000': (message) => ({
    layer: 'privileges',
    kind: 'schema-missing',
    summary: `A schema the checks use is missing: ${message}`,
    remediation: 'Check the schema name in configuration.yml and the check files.',
  }),
  '53300': () => ({
    layer: 'access',
    kind: 'too-many-connections',
    summary: 'The server has no connection slots left.',
    remediation: 'Retry later, lower the pool size, or ask the admin to raise max_connections for this role.',
  }),
  '57P03': () => ({
    layer: 'access',
    kind: 'server-unavailable',
    summary: 'The server is starting up, shutting down or in recovery and accepts no connections now.',
    remediation: 'Retry in a moment; if it persists, ask the admin about the server state.',
  }),
};

const bySqlstate: Rule = (failure, context) => {
  const code = hasCode(failure, ...Object.keys(BY_SQLSTATE));
  const make = code ? BY_SQLSTATE[code] : undefined;
  return code && make ? { ...make(failure.message, context), code } : undefined;
};

/** pg asks for a password during SCRAM and has none: a configuration gap, not a wrong password. */
const passwordMissing: Rule = (failure) =>
  /client password must be a (non-empty )?string/.test(failure.message)
    ? {
        layer: 'config',
        kind: 'password-missing',
        summary: 'The server asks for a password and none is configured.',
        remediation:
          'Set the password for this data source (gatehouse secrets, or ${VAR} in configuration.yml).',
      }
    : undefined;

export const POSTGRES_RULES: readonly Rule[] = [pgHba, passwordMissing, bySqlstate];
