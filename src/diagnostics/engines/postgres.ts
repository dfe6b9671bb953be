/** The connection test's PostgreSQL parts: sslmode → TLS plan, login through the connector, catalog queries. */
import type { ConnectionOptions } from 'node:tls';
import type { DataSourceConfig, PostgresDataSource } from '../../config/model.js';
import type { Connector } from '../../connectors/connector.js';
import { doubleQuote, stringLiteral } from '../../connectors/dialect.js';
import { openConnector } from '../../connectors/open.js';
import { sslAttempts } from '../../connectors/postgres/tls.js';
import type { Identifier } from '../../sodacl/model.js';
import { postgresAdminRequest } from '../admin-request.js';
import { type AllowlistRule, cidrFromNetmask } from '../cidr.js';
import { parseIp } from '../ip-address.js';
import type {
  AccessFacts,
  DatasetAccess,
  DiagnosticEngine,
  EngineSession,
  ServerAllowlist,
  TlsPlan,
} from './engine.js';
import { postgresSslRequest } from './postgres-ssl-request.js';

function postgres(ds: DataSourceConfig): PostgresDataSource {
  if (ds.type !== 'postgres') throw new Error(`Data source ${ds.name} is not a PostgreSQL data source`);
  return ds;
}

function tlsPlan(ds: PostgresDataSource): TlsPlan {
  const setting = `sslmode ${ds.sslmode}`;
  // The connector's own reading of sslmode and the PEM files, so the test checks what a scan would use.
  const attempt = sslAttempts(ds).find((ssl): ssl is ConnectionOptions => ssl !== false);
  if (!attempt) return { use: 'none', verifyCa: false, verifyHost: false, options: {}, setting };
  const { rejectUnauthorized, checkServerIdentity, ...options } = attempt;
  return {
    use: ds.sslmode === 'allow' || ds.sslmode === 'prefer' ? 'optional' : 'required',
    verifyCa: rejectUnauthorized === true,
    verifyHost: ds.sslmode === 'verify-full',
    options,
    setting,
  };
}

/** The first schema of the search path (or the named one) holding the relation, with the user's rights on it. */
function datasetQuery(qualified: string): string {
  return `WITH wanted AS (SELECT parse_ident(${stringLiteral(qualified)}) AS parts),
spaces AS (
  SELECT s.name, s.ord, w.parts[array_length(w.parts, 1)] AS rel, array_length(w.parts, 1) > 1 AS explicit
  FROM wanted w,
  unnest(CASE WHEN array_length(w.parts, 1) > 1 THEN ARRAY[w.parts[array_length(w.parts, 1) - 1]]
              ELSE current_schemas(true) END) WITH ORDINALITY AS s(name, ord))
SELECT s.explicit, n.oid IS NOT NULL, COALESCE(has_schema_privilege(n.oid, 'USAGE'), false),
       c.oid IS NOT NULL, COALESCE(has_table_privilege(c.oid, 'SELECT'), false), s.name
FROM spaces s
LEFT JOIN pg_namespace n ON n.nspname = s.name
LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.rel AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
ORDER BY c.oid IS NULL, s.ord
LIMIT 1`;
}

function datasetStatus(row: unknown[] | undefined): DatasetAccess['status'] {
  if (!row) return 'missing';
  const [explicit, schemaExists, usage, found, canSelect] = row as boolean[];
  if (explicit && !schemaExists) return 'schema-missing';
  if (!found) return 'missing';
  if (!usage) return 'no-schema-usage';
  return canSelect ? 'readable' : 'no-select';
}

const HBA_QUERY = `SELECT line_number, type, database, user_name, address, netmask, auth_method, error
FROM pg_hba_file_rules ORDER BY line_number`;

/**
 * The roles the login user belongs to as pg_hba.conf's `+role` and `samerole` test it: itself and every role it
 * is a member of, directly or through others, whatever INHERIT says, superuser giving nothing extra. And the
 * server's address on this connection, for `samehost`.
 */
const MEMBERSHIP_QUERY = `WITH RECURSIVE member_of(oid) AS (
  SELECT oid FROM pg_roles WHERE rolname = session_user
  UNION SELECT m.roleid FROM pg_auth_members m JOIN member_of ON m.member = member_of.oid)
SELECT ARRAY(SELECT r.rolname::text FROM pg_roles r JOIN member_of ON r.oid = member_of.oid),
       host(inet_server_addr())`;

type HbaRow = [
  number,
  string | null,
  string[] | null,
  string[] | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** What decides whether a pg_hba.conf line applies to this connection, as far as the session can tell. */
export interface HbaFacts {
  /** Whether the session is encrypted (TLS); undefined: unknown. */
  encrypted: boolean | undefined;
  /**
   * The roles the login user belongs to, directly or not, itself included, superuser or not — PostgreSQL's test
   * for `+role` and `samerole`; undefined when they could not be read.
   */
  roles?: readonly string[];
  /** The client address as the server sees it, and the server's own address on this connection. */
  clientIp?: string;
  serverIp?: string;
}

type Judged = boolean | string;

/** Any entry that matches decides; else an entry that cannot be judged leaves it open (its reason). */
function anyOf(results: readonly Judged[]): Judged {
  if (results.includes(true)) return true;
  return results.find((result): result is string => typeof result === 'string') ?? false;
}

/** Entries PostgreSQL reads as patterns or file inclusions, which this test does not judge. */
function patternOrFile(entry: string): string | undefined {
  if (entry.startsWith('@')) return `${entry} names a file of names the server reads`;
  if (entry.startsWith('/')) return `${entry} is a regular expression`;
  return undefined;
}

function memberOf(role: string, facts: HbaFacts): Judged {
  if (!facts.roles) return `membership of role ${role} could not be read`;
  return facts.roles.includes(role);
}

/** Does the database column name this database? (`all` never covers replication connections; we make none.) */
function databaseMatches(list: readonly string[], ds: HbaTarget, facts: HbaFacts): Judged {
  return anyOf(
    list.map((entry) => {
      if (entry === 'all') return true;
      if (entry === 'sameuser') return ds.database === ds.username;
      if (entry === 'samerole' || entry === 'samegroup') return memberOf(ds.database, facts);
      if (entry === 'replication') return false;
      return patternOrFile(entry) ?? entry === ds.database;
    }),
  );
}

/** Does the user column name this user? `+role` covers the role's members, direct or not. */
function userMatches(list: readonly string[], ds: HbaTarget, facts: HbaFacts): Judged {
  return anyOf(
    list.map((entry) => {
      if (entry === 'all') return true;
      if (entry.startsWith('+')) return memberOf(entry.slice(1), facts);
      return patternOrFile(entry) ?? entry === ds.username;
    }),
  );
}

/** `hostssl`/`hostnossl` by the session's encryption; GSSAPI encryption is never used (pg has none). */
function transportMatches(type: string, encrypted: boolean | undefined): Judged {
  if (type === 'hostssl' || type === 'hostnossl') {
    if (encrypted === undefined) return 'whether the session is encrypted is unknown';
    return encrypted === (type === 'hostssl');
  }
  if (type === 'hostgssenc') return false;
  return type === 'host' || type === 'hostnogssenc';
}

type HbaTarget = Pick<PostgresDataSource, 'username' | 'database'>;

/** Every address of both families: what a line might cover when its address cannot be judged. */
const ANY_ADDRESS = ['0.0.0.0/0', '::/0'];

/**
 * The address part of a line → the blocks it covers, or why its match cannot be told. `samehost`/`samenet`
 * depend on the server's network interfaces, which SQL does not show: only the address this connection arrived
 * on is known, and a client on that very address is on the same host (and net).
 */
function addressBlocks(
  address: string | null,
  netmask: string | null,
  facts: HbaFacts,
): { values: string[]; undecidable?: string } | { error: string } {
  if (address === 'all') return { values: ANY_ADDRESS };
  if (address === 'samehost' || address === 'samenet') {
    if (facts.clientIp && facts.serverIp && facts.clientIp === facts.serverIp)
      return { values: [facts.clientIp] };
    return {
      values: ANY_ADDRESS,
      undecidable: `${address} depends on the server's network interfaces, which cannot be read over SQL`,
    };
  }
  if (address && parseIp(address).ok) {
    if (!netmask) return { error: `the address ${address} has no netmask` };
    const cidr = cidrFromNetmask(address, netmask);
    return cidr.ok ? { values: [cidr.value.text] } : { error: cidr.error };
  }
  return {
    values: ANY_ADDRESS,
    undecidable: `the host name ${address ?? '(none)'} is matched by the server's reverse DNS lookup of the client`,
  };
}

/**
 * pg_hba.conf lines → the address rules that apply to this user, database and transport, in file order. A line
 * whose user, database or address cannot be judged here becomes an undecidable rule: if it covers the address
 * and comes first, the verdict is undecided rather than a guess.
 */
export function hbaRules(
  rows: readonly HbaRow[],
  ds: HbaTarget,
  facts: HbaFacts,
): Pick<ServerAllowlist, 'rules' | 'unevaluated'> {
  const rules: AllowlistRule[] = [];
  const unevaluated: string[] = [];
  for (const [line, type, databases, users, address, netmask, method, error] of rows) {
    const label = `pg_hba.conf line ${line}`;
    if (error) {
      unevaluated.push(`${label}: ${error}`);
      continue;
    }
    if (!type?.startsWith('host')) continue;
    const transport = transportMatches(type, facts.encrypted);
    const database = databaseMatches(databases ?? [], ds, facts);
    const user = userMatches(users ?? [], ds, facts);
    if (transport === false || database === false || user === false) continue;
    const blocks = addressBlocks(address, netmask, facts);
    if ('error' in blocks) {
      unevaluated.push(`${label}: ${blocks.error}`);
      continue;
    }
    const reasons = [transport, database, user, blocks.undecidable].filter(
      (reason): reason is string => typeof reason === 'string',
    );
    const action = method === 'reject' ? 'deny' : 'allow';
    const described = `${label}: ${type} ${databases?.join(',')} ${users?.join(',')} ${address ?? ''}${netmask ? `/${netmask}` : ''} ${method}`;
    const undecidable = reasons.length > 0 ? reasons.join('; ') : undefined;
    if (undecidable) unevaluated.push(`${label}: may apply, cannot be judged from here: ${undecidable}`);
    for (const value of blocks.values)
      rules.push({ action, value, label: described, ...(undecidable ? { undecidable } : {}) });
  }
  return { rules, unevaluated };
}

/** The dataset's name with its schema, as the admin's session may have another search_path. */
function qualifiedIn(dataset: DatasetAccess): string {
  // The dialect quotes every part, so a qualified name has a `"."` between parts.
  if (dataset.qualified.includes('"."') || !dataset.schema) return dataset.qualified;
  return `${doubleQuote(dataset.schema)}.${dataset.qualified}`;
}

class PostgresSession implements EngineSession {
  constructor(
    readonly connector: Connector,
    private readonly ds: PostgresDataSource,
  ) {}

  private async rows(sql: string, signal: AbortSignal): Promise<unknown[][]> {
    return (await this.connector.query(sql, { signal })).rows;
  }

  async access(signal: AbortSignal): Promise<AccessFacts> {
    await this.rows('SELECT 1', signal);
    const [row = []] = await this.rows(
      `SELECT current_setting('server_version'), current_user, current_role, current_database(),
              host(inet_client_addr()), (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())`,
      signal,
    );
    const [serverVersion, currentUser, currentRole, database, clientIp, encrypted] = row as [
      string,
      string,
      string,
      string,
      string | null,
      boolean | null,
    ];
    return {
      serverVersion: `PostgreSQL ${serverVersion}`,
      currentUser,
      currentRole,
      database,
      ...(clientIp ? { clientIp } : {}),
      ...(encrypted !== null ? { encrypted } : {}),
    };
  }

  async datasets(names: readonly Identifier[], signal: AbortSignal): Promise<DatasetAccess[]> {
    const result: DatasetAccess[] = [];
    for (const name of names) {
      const qualified = this.connector.dialect.table(name, this.ds.schema);
      const [row] = await this.rows(datasetQuery(qualified), signal);
      const schema = row?.[5];
      result.push({
        name: name.name,
        qualified,
        ...(typeof schema === 'string' ? { schema } : {}),
        status: datasetStatus(row),
      });
    }
    return result;
  }

  async allowlist(
    signal: AbortSignal,
    facts: { encrypted?: boolean; clientIp?: string },
  ): Promise<ServerAllowlist> {
    const rows = (await this.rows(HBA_QUERY, signal)) as HbaRow[];
    const [[roles, serverIp] = []] = await this.rows(MEMBERSHIP_QUERY, signal).catch(() => []);
    return {
      source: 'pg_hba.conf (pg_hba_file_rules)',
      ...hbaRules(rows, this.ds, {
        encrypted: facts.encrypted,
        ...(Array.isArray(roles) ? { roles: roles.map(String) } : {}),
        ...(facts.clientIp ? { clientIp: facts.clientIp } : {}),
        ...(typeof serverIp === 'string' ? { serverIp } : {}),
      }),
      // PostgreSQL: the first matching line decides, and an IPv4 line never matches an IPv6 connection.
      options: { order: 'first-match', strictFamily: true },
    };
  }

  close(): Promise<void> {
    return this.connector.close();
  }
}

export const postgresEngine: DiagnosticEngine = {
  type: 'postgres',
  target(config) {
    const ds = postgres(config);
    return {
      host: ds.host,
      port: ds.port,
      tls: tlsPlan(ds),
      context: { host: ds.host, port: ds.port, user: ds.username, database: ds.database },
    };
  },
  startTls: postgresSslRequest,
  allowlistHelp:
    'Reading pg_hba_file_rules takes superuser, or GRANT SELECT ON pg_hba_file_rules and EXECUTE ON FUNCTION pg_hba_file_rules().',
  async connect(config, options) {
    const ds = postgres(config);
    // One connection, with the step's timeout: the test must not wait the configured 30 s on a silent server.
    const connector = await openConnector(
      { ...ds, poolSize: 1, connectionTimeoutMs: options.timeoutMs, statementTimeoutMs: 0 },
      {
        ...(options.password !== undefined ? { password: options.password } : {}),
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    return new PostgresSession(connector, ds);
  },
  grantRequest(config, unreadable) {
    const role = doubleQuote(postgres(config).username);
    const statements = new Set<string>();
    for (const dataset of unreadable) {
      if (dataset.status === 'no-schema-usage' && dataset.schema)
        statements.add(`GRANT USAGE ON SCHEMA ${doubleQuote(dataset.schema)} TO ${role};`);
      if (dataset.status === 'no-schema-usage' || dataset.status === 'no-select')
        statements.add(`GRANT SELECT ON ${qualifiedIn(dataset)} TO ${role};`);
    }
    return statements.size > 0 ? [...statements].join('\n') : undefined;
  },
  adminRequest(config, clientIp) {
    const ds = postgres(config);
    return postgresAdminRequest({ clientIp, user: ds.username, database: ds.database, sslmode: ds.sslmode });
  },
};
