/** The connection test's PostgreSQL parts: sslmode → TLS plan, login through the connector, catalog queries. */
import type { ConnectionOptions } from 'node:tls';
import type { DataSourceConfig, PostgresDataSource } from '../../config/model.js';
import type { Connector } from '../../connectors/connector.js';
import { doubleQuote, stringLiteral } from '../../connectors/dialect.js';
import { openConnector } from '../../connectors/open.js';
import { sslAttempts } from '../../connectors/postgres/tls.js';
import type { Identifier } from '../../sodacl/model.js';
import { postgresAdminRequest } from '../admin-request.js';
import type {
  AccessFacts,
  DatasetAccess,
  DiagnosticEngine,
  EngineSession,
  ServerAllowlist,
  TlsPlan,
} from './engine.js';
import { HBA_QUERY, type HbaRow, hbaRules, MEMBERSHIP_QUERY } from './postgres-hba.js';
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
