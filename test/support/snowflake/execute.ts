/**
 * One statement of a query request: checked as Snowflake would (one statement per request, current database and
 * schema, the role's privileges, a usable warehouse), answered by the server itself (USE, ALTER SESSION, SHOW,
 * DESCRIBE) or translated and run on PostgreSQL with the session's settings, then encoded as Snowflake's result.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type Catalog, canUseTable, canUseWarehouse } from './catalog.js';
import { translateCreateTable } from './create-table.js';
import {
  type ColumnDomains,
  EncodingError,
  encodeResult,
  type PgField,
  type RowType,
  virtualRowtype,
} from './encode.js';
import { fromPostgres, SnowflakeError, sfErrors } from './errors.js';
import { DEFAULT_OUTPUT_FORMATS, snowflakeFormatToPostgres } from './formats.js';
import { pgString } from './names.js';
import { sessionStatement } from './session-statements.js';
import type { Session } from './sessions.js';
import { SqlSyntaxError, significant, splitStatements, tokenize } from './tokenizer.js';
import { type SessionValues, type Translation, translate } from './translate.js';

export interface StatementResult {
  rowtype: RowType[];
  rowset: Array<Array<string | null>>;
  statementTypeId: number;
  /** What ran on PostgreSQL, when the statement went there. */
  postgresSql?: string;
}

/** Parameters a session starts with, as Snowflake's defaults (TIMEZONE: UTC here, for reproducible tests). */
export const DEFAULT_PARAMETERS: Readonly<Record<string, string>> = {
  TIMEZONE: 'UTC',
  STATEMENT_TIMEOUT_IN_SECONDS: '172800',
  BINARY_OUTPUT_FORMAT: 'HEX',
  ...DEFAULT_OUTPUT_FORMATS,
};

const STATEMENT_TYPES: Readonly<Record<string, number>> = {
  SELECT: 0x1000,
  WITH: 0x1000,
  VALUES: 0x1000,
  INSERT: 0x3100,
  UPDATE: 0x3200,
  DELETE: 0x3300,
  MERGE: 0x3400,
  CREATE: 0x6000,
  DROP: 0x6000,
  ALTER: 0x6000,
  TRUNCATE: 0x6000,
};
/** Statements that need a running warehouse when they touch a table. */
const COMPUTE = new Set(['SELECT', 'WITH', 'VALUES', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', '(']);

/** The effective parameters of one statement: defaults, then the session's, then the request's own. */
export function effectiveParameters(
  session: Session,
  statement: Readonly<Record<string, unknown>> = {},
): Map<string, string> {
  const params = new Map(Object.entries(DEFAULT_PARAMETERS));
  for (const [name, value] of session.params) params.set(name, value);
  for (const [name, value] of Object.entries(statement)) params.set(name.toUpperCase(), String(value));
  return params;
}

/** The parameters a response carries (the SDK reads them as the session's), with JSON booleans and numbers. */
export function parameterList(
  session: Session,
  statement?: Record<string, unknown>,
): Array<{ name: string; value: unknown }> {
  const params = effectiveParameters(session, statement);
  // Booleans and numbers as JSON ones: the SDK reads CLIENT_SESSION_KEEP_ALIVE = 'false' as true.
  const typed = (value: string) =>
    value.toLowerCase() === 'true'
      ? true
      : value.toLowerCase() === 'false'
        ? false
        : /^-?\d+$/.test(value)
          ? Number(value)
          : value;
  return [...params].map(([name, value]) => ({ name, value: typed(value) }));
}

function outputFormat(params: ReadonlyMap<string, string>, name: string): string {
  const own = params.get(name) ?? '';
  return snowflakeFormatToPostgres(own !== '' ? own : (params.get('TIMESTAMP_OUTPUT_FORMAT') ?? ''));
}

function dmlResult(
  command: string,
  rowCount: number,
): Pick<StatementResult, 'rowtype' | 'rowset'> | undefined {
  const fixed = (name: string) => virtualRowtype([{ name, type: 'fixed' }], { database: null, schema: null });
  switch (command) {
    case 'INSERT':
      return { rowtype: fixed('number of rows inserted'), rowset: [[String(rowCount)]] };
    case 'UPDATE':
      return {
        rowtype: virtualRowtype(
          [
            { name: 'number of rows updated', type: 'fixed' },
            { name: 'number of multi-joined rows updated', type: 'fixed' },
          ],
          { database: null, schema: null },
        ),
        rowset: [[String(rowCount), '0']],
      };
    case 'DELETE':
      return { rowtype: fixed('number of rows deleted'), rowset: [[String(rowCount)]] };
    default:
      return undefined;
  }
}

interface Running {
  processId: number | undefined;
  sql: string;
}

export class Executor {
  private readonly running = new Map<string, Running>();
  private startWaiters: Array<() => void> = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly compat: string,
    private readonly catalog: Catalog,
  ) {}

  async execute(
    session: Session,
    sql: string,
    requestId: string | undefined,
    statementParameters?: Readonly<Record<string, unknown>>,
  ): Promise<StatementResult> {
    let statements: ReturnType<typeof splitStatements>;
    try {
      statements = splitStatements(tokenize(sql));
    } catch (error) {
      if (error instanceof SqlSyntaxError) throw sfErrors.syntax(1, error.position, error.message);
      throw error;
    }
    if (statements.length === 0) throw new SnowflakeError('000900', 'Empty SQL statement.', '42000');
    if (statements.length > 1) throw sfErrors.statementCount(statements.length);
    const tokens = statements[0] as NonNullable<(typeof statements)[0]>;
    const sig = significant(tokens);
    const first = (sig[0]?.kind === 'word' ? sig[0].value : sig[0]?.text) ?? '';
    const context = { database: session.database, schema: session.schema };

    const own = sessionStatement(sig, session, this.catalog);
    if (own) {
      return {
        rowtype: virtualRowtype(own.columns, context),
        rowset: own.rows,
        statementTypeId: 0x4000,
      };
    }

    let translation: Translation;
    try {
      const ctx = {
        compat: this.compat,
        database: this.catalog.database,
        session: this.sessionValues(session),
      };
      translation = translateCreateTable(tokens, ctx) ?? translate(tokens, ctx);
    } catch (error) {
      if (error instanceof SqlSyntaxError) throw sfErrors.syntax(1, error.position, error.message);
      throw error;
    }
    this.checkTables(session, first, translation);
    if (COMPUTE.has(first) && (translation.tables.length > 0 || translation.readsInformationSchema)) {
      this.checkWarehouse(session);
    }
    const params = effectiveParameters(session, statementParameters);
    let result: Awaited<ReturnType<Executor['run']>>;
    try {
      result = await this.run(session, translation.sql, params, requestId, sql);
    } catch (error) {
      if (error instanceof SnowflakeError) error.postgresSql = translation.sql;
      throw error;
    }
    return { ...result, statementTypeId: STATEMENT_TYPES[first] ?? 0x4000, postgresSql: translation.sql };
  }

  /** Resolves once a statement whose client-sent SQL matches is running on PostgreSQL. */
  async whenRunning(match: (sql: string) => boolean): Promise<void> {
    while (![...this.running.values()].some((running) => match(running.sql))) {
      await new Promise<void>((resolve) => this.startWaiters.push(resolve));
    }
  }

  /**
   * Cancel the statement a request started; false when it is not running. The backend is signalled only once it
   * is busy with the statement (a cancel that reaches an idle backend is lost), so this waits for that moment.
   */
  async cancel(requestId: string): Promise<boolean> {
    for (;;) {
      const running = this.running.get(requestId);
      if (running?.processId === undefined) return false;
      const signalled = await this.pool.query(
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'",
        [running.processId],
      );
      if (signalled.rowCount) return true;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Signal every running statement to stop, without waiting for them. */
  async cancelAll(): Promise<void> {
    const pids = [...this.running.values()].flatMap((running) =>
      running.processId === undefined ? [] : [running.processId],
    );
    if (pids.length > 0)
      await this.pool.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
  }

  private sessionValues(session: Session): SessionValues {
    return {
      user: session.user.name.toUpperCase(),
      role: session.role,
      warehouse: session.warehouse,
      database: session.database,
      schema: session.schema,
      clientIp: session.clientIp,
      version: this.catalog.version,
      account: this.catalog.account,
      region: this.catalog.region,
      sessionId: session.id,
    };
  }

  /** Current database and schema for unqualified names; schemas that exist; the role's table privileges. */
  private checkTables(session: Session, verb: string, translation: Translation): void {
    for (const parts of translation.tables) {
      if (parts.length >= 3) throw sfErrors.objectMissing('Database', parts[0] as string);
      if (session.database === null) throw sfErrors.noCurrentDatabase(verb);
      if (parts.length === 1 && session.schema === null) throw sfErrors.noCurrentSchema(verb);
      const schema = parts.length === 2 ? (parts[0] as string) : (session.schema as string);
      if (!this.catalog.schemas.has(schema))
        throw sfErrors.objectMissing('Schema', `${session.database}.${schema}`);
      if (!canUseTable(this.catalog, session.role, session.schema, parts)) {
        throw sfErrors.objectMissing('Object', `${session.database}.${schema}.${parts.at(-1)}`);
      }
    }
  }

  private checkWarehouse(session: Session): void {
    const name = session.warehouse;
    if (name === null || !canUseWarehouse(this.catalog, session.role, name)) throw sfErrors.noWarehouse();
    const warehouse = this.catalog.warehouses.get(name);
    if (warehouse?.suspended) {
      if (warehouse.autoResume === false)
        throw sfErrors.warehouseCannotResume(name, warehouse.resourceMonitor ?? 'MONITOR');
      warehouse.suspended = false;
    }
  }

  /** The SET statements that give PostgreSQL the session's context before the statement itself. */
  private prefix(session: Session, params: ReadonlyMap<string, string>): string {
    const pgSchema = session.schema === null ? undefined : this.catalog.schemas.get(session.schema);
    const path = [...(pgSchema ? [pgSchema] : []), this.compat, 'pg_catalog']
      .map((name) => `"${name}"`)
      .join(', ');
    const timeoutSeconds = Number(params.get('STATEMENT_TIMEOUT_IN_SECONDS') ?? 0);
    const settings: Array<[string, string]> = [
      ['TimeZone', params.get('TIMEZONE') ?? 'UTC'],
      ['statement_timeout', String(timeoutSeconds * 1000)],
      ['DateStyle', 'ISO, YMD'],
      ['IntervalStyle', 'postgres'],
      ['extra_float_digits', '1'],
      ['bytea_output', 'hex'],
      ['gatehouse_sf.database', this.catalog.database],
      ['gatehouse_sf.schemas', [...this.catalog.schemas.values()].join(',')],
      [
        'gatehouse_sf.date_format',
        snowflakeFormatToPostgres(params.get('DATE_OUTPUT_FORMAT') ?? 'YYYY-MM-DD'),
      ],
      [
        'gatehouse_sf.time_format',
        snowflakeFormatToPostgres(params.get('TIME_OUTPUT_FORMAT') ?? 'HH24:MI:SS'),
      ],
      ['gatehouse_sf.timestamp_ntz_format', outputFormat(params, 'TIMESTAMP_NTZ_OUTPUT_FORMAT')],
      ['gatehouse_sf.timestamp_tz_format', outputFormat(params, 'TIMESTAMP_TZ_OUTPUT_FORMAT')],
    ];
    return `SET search_path TO ${path};\n${settings.map(([name, value]) => `SET ${name} TO ${pgString(value)};`).join('\n')}\n`;
  }

  private async run(
    session: Session,
    sql: string,
    params: ReadonlyMap<string, string>,
    requestId: string | undefined,
    clientSql: string,
  ): Promise<Pick<StatementResult, 'rowtype' | 'rowset'>> {
    const prefix = this.prefix(session, params);
    const client = await this.pool.connect();
    const running: Running = {
      processId: (client as unknown as { processID?: number }).processID,
      sql: clientSql,
    };
    const key = requestId ?? randomUUID();
    this.running.set(key, running);
    const waiters = this.startWaiters;
    this.startWaiters = [];
    for (const wake of waiters) wake();
    let results: pg.QueryArrayResult[];
    try {
      const answer = (await client.query({ text: prefix + sql, rowMode: 'array' })) as unknown;
      results = Array.isArray(answer) ? (answer as pg.QueryArrayResult[]) : [answer as pg.QueryArrayResult];
    } catch (error) {
      const timeout = Number(params.get('STATEMENT_TIMEOUT_IN_SECONDS') ?? 0);
      throw fromPostgres(error as { message: string }, prefix + sql, prefix.length, timeout);
    } finally {
      this.running.delete(key);
      client.release();
    }
    const last = results.at(-1) as pg.QueryArrayResult;
    const context = { database: session.database, schema: session.schema };
    if (last.fields.length === 0) {
      const dml = dmlResult(last.command, last.rowCount ?? 0);
      if (dml) return dml;
      return {
        rowtype: virtualRowtype([{ name: 'status', type: 'text' }], context),
        rowset: [['Statement executed successfully.']],
      };
    }
    const fields = last.fields as unknown as PgField[];
    try {
      return encodeResult(fields, last.rows as Array<Array<string | null>>, {
        ...context,
        domains: await this.domains(fields),
      });
    } catch (error) {
      if (error instanceof EncodingError) throw new SnowflakeError('100000', error.message, '22000');
      throw error;
    }
  }

  /** Table columns declared with a compat domain (VARIANT, OBJECT, ARRAY, TIMESTAMP_LTZ). */
  private async domains(fields: readonly PgField[]): Promise<ColumnDomains> {
    const candidates = fields.filter(
      (field) => field.tableID !== 0 && [1184, 3802].includes(field.dataTypeID),
    );
    const domains = new Map<string, string>();
    if (candidates.length === 0) return domains;
    const found = await this.pool.query<{ relid: string; attnum: string; typname: string }>(
      `SELECT a.attrelid::text AS relid, a.attnum::text AS attnum, t.typname
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 AND a.attrelid = ANY ($2::oid[])`,
      [this.compat, candidates.map((field) => field.tableID)],
    );
    for (const row of found.rows) domains.set(`${row.relid}:${row.attnum}`, row.typname);
    return domains;
  }
}
