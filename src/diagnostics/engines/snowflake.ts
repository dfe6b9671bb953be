/**
 * The connection test's Snowflake parts: the endpoint (account host, or the configured private-link host), TLS
 * from the first byte (https) or none (http to loopback), login through the connector, `CURRENT_IP_ADDRESS()`
 * for the address Snowflake sees, and the network policy that applies, read with SHOW/DESCRIBE (which needs
 * OWNERSHIP of the policy or MANAGE GRANTS: most analysts get a privilege error, reported as such).
 */
import type { DataSourceConfig, SnowflakeDataSource } from '../../config/model.js';
import { type Connector, ConnectorError } from '../../connectors/connector.js';
import { doubleQuote } from '../../connectors/dialect.js';
import { openConnector } from '../../connectors/open.js';
import { configuredName, snowflakeString } from '../../connectors/snowflake/dialect.js';
import { browserTimeoutMs, snowflakeHost } from '../../connectors/snowflake/session.js';
import type { Identifier } from '../../sodacl/model.js';
import type { AdminRequest } from '../admin-request.js';
import type { AllowlistRule } from '../cidr.js';
import { hostCidr, parseIp } from '../ip-address.js';
import type {
  AccessFacts,
  DatasetAccess,
  DiagnosticEngine,
  EngineSession,
  EngineTarget,
  ServerAllowlist,
} from './engine.js';

function snowflake(ds: DataSourceConfig): SnowflakeDataSource {
  if (ds.type !== 'snowflake') throw new Error(`Data source ${ds.name} is not a Snowflake data source`);
  return ds;
}

function target(ds: SnowflakeDataSource): EngineTarget {
  const host = snowflakeHost(ds);
  const https = ds.protocol === 'https';
  const port = ds.port ?? (https ? 443 : 80);
  return {
    host,
    port,
    tls: https
      ? { use: 'required', verifyCa: true, verifyHost: true, options: {}, setting: 'https (always verified)' }
      : {
          use: 'none',
          verifyCa: false,
          verifyHost: false,
          options: {},
          setting: 'protocol http (loopback only)',
        },
    context: {
      dataSource: ds.name,
      host,
      port,
      ...(ds.username ? { user: ds.username } : {}),
      ...(ds.database ? { database: ds.database } : {}),
      ...(ds.schema ? { schema: ds.schema } : {}),
      ...(ds.warehouse ? { warehouse: ds.warehouse } : {}),
      ...(ds.role ? { role: ds.role } : {}),
    },
  };
}

/** `"SCHEMA"."TABLE"`: a name qualified with its schema only. */
const SCHEMA_TABLE = /^"(?:[^"]|"")*"\."(?:[^"]|"")*"$/;

/** Snowflake's SQL error codes for "not there (or not visible to the role)" and "no privilege". */
function datasetStatus(error: unknown): DatasetAccess['status'] {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message ?? '';
  if (code === '003001' || /Insufficient privileges/i.test(message)) return 'no-select';
  if (/Schema '[^']*' does not exist/i.test(message)) return 'schema-missing';
  if (code === '002003' || /does not exist or not authorized/i.test(message)) return 'missing';
  throw error;
}

/** `a, b` or a JSON list of `{fullyQualifiedRuleName}` (DESCRIBE NETWORK POLICY's two forms) → names. */
function listValues(value: string): string[] {
  const text = value.trim();
  if (text.startsWith('[')) {
    const parsed = JSON.parse(text) as Array<{ fullyQualifiedRuleName?: string } | string>;
    return parsed.map((entry) => (typeof entry === 'string' ? entry : (entry.fullyQualifiedRuleName ?? '')));
  }
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

class SnowflakeSession implements EngineSession {
  constructor(
    readonly connector: Connector,
    private readonly ds: SnowflakeDataSource,
  ) {}

  private async rows(sql: string, signal: AbortSignal): Promise<unknown[][]> {
    return (await this.connector.query(sql, { signal })).rows;
  }

  /** Rows as objects keyed by lower-case column name (SHOW and DESCRIBE columns are lower case). */
  private async records(sql: string, signal: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const result = await this.connector.query(sql, { signal });
    return result.rows.map((row) =>
      Object.fromEntries(result.columns.map((column, index) => [column.name.toLowerCase(), row[index]])),
    );
  }

  async access(signal: AbortSignal): Promise<AccessFacts> {
    await this.rows('SELECT 1', signal);
    const [row = []] = await this.rows(
      'SELECT CURRENT_VERSION(), CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_IP_ADDRESS(), CURRENT_WAREHOUSE(), CURRENT_SCHEMA()',
      signal,
    );
    const [version, user, role, database, ip, warehouse, schema] = row.map((value) =>
      value === null ? undefined : String(value),
    );
    this.checkNamespace(database, schema);
    if (this.ds.warehouse) await this.checkWarehouse(this.ds.warehouse, warehouse, signal);
    return {
      serverVersion: `Snowflake ${version ?? ''}`.trim(),
      currentUser: user ?? this.ds.username ?? '',
      ...(role ? { currentRole: role } : {}),
      ...(database ? { database } : {}),
      ...(ip && parseIp(ip).ok ? { clientIp: ip } : {}),
      encrypted: this.ds.protocol === 'https',
    };
  }

  /**
   * As with a warehouse, Snowflake accepts a login naming a database or schema that does not exist or that the role
   * may not use, and leaves the session without it: every scan query would then fail. Told here, in the words
   * Snowflake uses for a missing object (the classifier knows them).
   */
  private checkNamespace(database: string | undefined, schema: string | undefined): void {
    if (this.ds.database && database === undefined) {
      const name = configuredName(this.ds.database);
      throw new ConnectorError(`Database '${name}' does not exist or not authorized.`, '002003', 'query');
    }
    if (this.ds.database && this.ds.schema && schema === undefined) {
      const name = `${configuredName(this.ds.database)}.${configuredName(this.ds.schema)}`;
      throw new ConnectorError(`Schema '${name}' does not exist or not authorized.`, '002003', 'query');
    }
  }

  /**
   * `SELECT 1` needs no warehouse, but every scan query does. Snowflake accepts a login naming a warehouse that does
   * not exist or that the role may not use, and leaves the session without one; a suspended warehouse that may not
   * resume fails only the first query that needs it. Both are told here, in words the classifier knows.
   */
  private async checkWarehouse(
    configured: string,
    current: string | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const name = configuredName(configured);
    if (current === undefined) {
      throw new ConnectorError(`Warehouse '${name}' does not exist or not authorized.`, '002003', 'query');
    }
    const [found] = await this.records(`SHOW WAREHOUSES LIKE ${snowflakeString(current)}`, signal);
    const state = String(found?.state ?? '').toUpperCase();
    const autoResume = String(found?.auto_resume ?? 'true').toLowerCase() === 'true';
    if (found && state === 'SUSPENDED' && !autoResume) {
      throw new ConnectorError(
        `Warehouse '${current}' is suspended and cannot be resumed by a query (AUTO_RESUME is off).`,
        '000606',
        'query',
      );
    }
  }

  async datasets(names: readonly Identifier[], signal: AbortSignal): Promise<DatasetAccess[]> {
    const result: DatasetAccess[] = [];
    for (const name of names) {
      const qualified = this.connector.dialect.table(name, this.ds.schema);
      const schema = this.ds.schema ? configuredName(this.ds.schema) : undefined;
      let status: DatasetAccess['status'];
      try {
        // LIMIT 0 reads no data and, on Snowflake, needs no running warehouse.
        await this.rows(`SELECT * FROM ${qualified} LIMIT 0`, signal);
        status = 'readable';
      } catch (error) {
        status = datasetStatus(error);
      }
      result.push({ name: name.name, qualified, ...(schema ? { schema } : {}), status });
    }
    return result;
  }

  /** The policy that applies: the user's (SHOW PARAMETERS), else the account's; the only one, if that fails. */
  private async policyName(signal: AbortSignal): Promise<string | undefined> {
    const level = async (where: string) => {
      const rows = await this.records(`SHOW PARAMETERS LIKE 'NETWORK_POLICY' IN ${where}`, signal);
      const value = rows[0]?.value;
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    try {
      const user = this.ds.username
        ? await level(`USER ${doubleQuote(configuredName(this.ds.username))}`)
        : undefined;
      return user ?? (await level('ACCOUNT'));
    } catch {
      const policies = await this.records('SHOW NETWORK POLICIES', signal);
      if (policies.length === 1) return String(policies[0]?.name);
      if (policies.length === 0) return undefined;
      throw new Error(
        `${policies.length} network policies exist and which one applies to the user could not be read (SHOW PARAMETERS … IN USER).`,
      );
    }
  }

  async allowlist(signal: AbortSignal): Promise<ServerAllowlist> {
    const policy = await this.policyName(signal);
    if (!policy) {
      return {
        source: 'Snowflake network policies (none applies to this user)',
        rules: [],
        options: { order: 'deny-wins', allowWhenNoMatch: true },
        unevaluated: [],
      };
    }
    const entries = await this.records(`DESCRIBE NETWORK POLICY ${doubleQuote(policy)}`, signal);
    const rules: AllowlistRule[] = [];
    const unevaluated: string[] = [];
    const add = (action: AllowlistRule['action'], values: string[], label: string) => {
      for (const value of values) {
        if (parseIp(value.split('/')[0] ?? '').ok) rules.push({ action, value, label });
        else unevaluated.push(`${label}: ${value} is not an IP address or CIDR (a VPC endpoint or link id)`);
      }
    };
    for (const entry of entries) {
      const name = String(entry.name ?? '').toUpperCase();
      const value = String(entry.value ?? '');
      const action = name.startsWith('BLOCKED') ? 'deny' : 'allow';
      if (name.endsWith('_IP_LIST')) add(action, listValues(value), `${policy} ${name}`);
      if (!name.endsWith('_NETWORK_RULE_LIST')) continue;
      for (const rule of listValues(value)) {
        const described = await this.records(
          `DESCRIBE NETWORK RULE ${rule.split('.').map(doubleQuote).join('.')}`,
          signal,
        );
        add(action, listValues(String(described[0]?.value_list ?? '')), `network rule ${rule}`);
      }
    }
    return {
      source: `Snowflake network policy ${policy}`,
      rules,
      // The blocked list wins; a policy that allows nothing explicitly allows everything it does not block.
      options: { order: 'deny-wins', allowWhenNoMatch: !rules.some((rule) => rule.action === 'allow') },
      unevaluated,
    };
  }

  close(): Promise<void> {
    return this.connector.close();
  }
}

export const snowflakeEngine: DiagnosticEngine = {
  type: 'snowflake',
  target: (config) => target(snowflake(config)),
  async connect(config, options) {
    const ds = snowflake(config);
    // One connection, bounded by the step's timeout rather than the configured connection_timeout.
    const connector = await openConnector(
      { ...ds, poolSize: 1, connectionTimeoutMs: options.timeoutMs, statementTimeoutMs: options.timeoutMs },
      {
        ...(options.password !== undefined ? { password: options.password } : {}),
        ...(options.secret ? { secret: options.secret } : {}),
        ...(options.workspace ? { workspace: options.workspace } : {}),
        // The step gave up (its timeout, Cancel): the login's requests are torn down at once.
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    return new SnowflakeSession(connector, ds);
  },
  authTimeoutMs(config, stepMs) {
    // A browser login waits for the person at the identity provider first, as a scan's login does.
    const ds = snowflake(config);
    return ds.authenticator === 'EXTERNALBROWSER'
      ? stepMs + browserTimeoutMs({ ...ds, connectionTimeoutMs: stepMs })
      : stepMs;
  },
  allowlistHelp:
    'Reading network policies (SHOW PARAMETERS, DESCRIBE NETWORK POLICY / NETWORK RULE) needs OWNERSHIP of the policy or MANAGE GRANTS (ACCOUNTADMIN and SECURITYADMIN have it): ask the admin, or set a role that has it.',
  grantRequest(config, unreadable) {
    const ds = snowflake(config);
    const role = ds.role ? doubleQuote(configuredName(ds.role)) : '<role>';
    const statements = new Set<string>();
    if (ds.database)
      statements.add(`GRANT USAGE ON DATABASE ${doubleQuote(configuredName(ds.database))} TO ROLE ${role};`);
    for (const dataset of unreadable) {
      if (dataset.schema) {
        const schema = ds.database
          ? `${doubleQuote(configuredName(ds.database))}.${doubleQuote(dataset.schema)}`
          : doubleQuote(dataset.schema);
        statements.add(`GRANT USAGE ON SCHEMA ${schema} TO ROLE ${role};`);
      }
      // Snowflake answers "does not exist or not authorized" for both: ask for SELECT in case it exists.
      // Qualified with the database too: an admin's worksheet is seldom in the scanner's database.
      const table =
        ds.database && SCHEMA_TABLE.test(dataset.qualified)
          ? `${doubleQuote(configuredName(ds.database))}.${dataset.qualified}`
          : dataset.qualified;
      if (dataset.status === 'no-select' || dataset.status === 'missing')
        statements.add(`GRANT SELECT ON TABLE ${table} TO ROLE ${role};`);
    }
    return statements.size > (ds.database ? 1 : 0) ? [...statements].join('\n') : undefined;
  },
  adminRequest(config, clientIp): AdminRequest {
    const ds = snowflake(config);
    const ip = parseIp(clientIp);
    if (!ip.ok) throw new Error(ip.error);
    const cidr = hostCidr(ip.value);
    const user = ds.username ? doubleQuote(configuredName(ds.username)) : '<user>';
    const text = `ALTER NETWORK RULE <rule> ADD VALUE_LIST = (${snowflakeString(ip.value.text)});`;
    const message =
      `Could you allow ${ip.value.text} (the address Snowflake saw) for user ${user}? In the network policy that applies ` +
      `to the user (SHOW PARAMETERS LIKE 'NETWORK_POLICY' IN USER ${user}; else the account's), add it to an allowed ` +
      `network rule (DESCRIBE NETWORK POLICY lists them), replacing <rule> with its name:\n\n${text}\n`;
    return { cidr, text, message };
  },
};
