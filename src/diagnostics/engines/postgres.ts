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

/** Does a pg_hba database or user list name us? `+group` and @file forms cannot be judged from here. */
function listMatches(list: string[] | null, name: string, user: string): boolean | 'unknown' {
  if (!list) return false;
  if (list.some((entry) => entry.startsWith('+') || entry.startsWith('@'))) return 'unknown';
  return list.some(
    (entry) =>
      entry === 'all' || entry === name || (entry === 'sameuser' && name === user) || entry === 'samerole',
  );
}

function transportMatches(type: string, encrypted: boolean | undefined): boolean {
  if (type === 'hostssl') return encrypted !== false;
  if (type === 'hostnossl') return encrypted !== true;
  if (type === 'hostgssenc') return false;
  return type === 'host' || type === 'hostnogssenc';
}

/** pg_hba.conf lines → the address rules that apply to this user, database and transport, in file order. */
export function hbaRules(
  rows: readonly HbaRow[],
  ds: Pick<PostgresDataSource, 'username' | 'database'>,
  encrypted: boolean | undefined,
): Pick<ServerAllowlist, 'rules' | 'unevaluated'> {
  const rules: AllowlistRule[] = [];
  const unevaluated: string[] = [];
  for (const [line, type, databases, users, address, netmask, method, error] of rows) {
    const label = `pg_hba.conf line ${line}`;
    if (error) {
      unevaluated.push(`${label}: ${error}`);
      continue;
    }
    if (!type?.startsWith('host') || !transportMatches(type, encrypted)) continue;
    const database = listMatches(databases, ds.database, ds.username);
    const user = listMatches(users, ds.username, ds.username);
    if (database === false || user === false) continue;
    if (database === 'unknown' || user === 'unknown') {
      unevaluated.push(
        `${label}: names a group or file of users or databases, which cannot be checked from here`,
      );
      continue;
    }
    const action = method === 'reject' ? 'deny' : 'allow';
    const described = `${label}: ${type} ${databases?.join(',')} ${users?.join(',')} ${address ?? ''}${netmask ? `/${netmask}` : ''} ${method}`;
    if (address === 'all') {
      rules.push(
        { action, value: '0.0.0.0/0', label: described },
        { action, value: '::/0', label: described },
      );
      continue;
    }
    if (!address || !parseIp(address).ok || !netmask) {
      unevaluated.push(
        `${label}: the address ${address ?? '(none)'} is a host name or keyword, which cannot be checked from here`,
      );
      continue;
    }
    const cidr = cidrFromNetmask(address, netmask);
    if (!cidr.ok) unevaluated.push(`${label}: ${cidr.error}`);
    else rules.push({ action, value: cidr.value.text, label: described });
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
    private readonly connector: Connector,
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

  async allowlist(signal: AbortSignal, facts: { encrypted?: boolean }): Promise<ServerAllowlist> {
    const rows = (await this.rows(HBA_QUERY, signal)) as HbaRow[];
    return {
      source: 'pg_hba.conf (pg_hba_file_rules)',
      ...hbaRules(rows, this.ds, facts.encrypted),
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
