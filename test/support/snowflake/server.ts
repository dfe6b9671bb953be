/**
 * The Snowflake-protocol server: routes snowflake-sdk's requests (login, query, token renewal, session close,
 * heartbeat, abort, telemetry) to the auth, session, network-policy and execution modules, and logs each one.
 * See index.ts for the API.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { findFreePort } from '../free-port.js';
import { PG } from '../postgres.js';
import { ignoreSocket } from '../socket-recorder.js';
import { type Catalog, checkNetworkPolicy } from './catalog.js';
import { installCompat } from './compat-sql.js';
import { secondsText } from './encode.js';
import { SnowflakeError, sfErrors } from './errors.js';
import { Executor, parameterList } from './execute.js';
import { clientIpOf, failure, readBody, success, tokenOf } from './http.js';
import { type Accounts, login } from './login.js';
import type { RoleSpec, UserSpec, WarehouseSpec } from './model.js';
import { resolveName, swapCase } from './names.js';
import type { NetworkPolicy } from './network-policy.js';
import { type LoggedRequest, type RequestKind, RequestLog } from './request-log.js';
import { type Session, SessionStore } from './sessions.js';

export interface SnowflakeServerOptions {
  /** The PostgreSQL schema that is the database's default schema (its Snowflake name: case swapped). */
  schema: string;
  /** More PostgreSQL schemas to expose in the same database. */
  extraSchemas?: string[];
  /** Account name (JWT issuers name it); default GATEHOUSE_TEST. */
  account?: string;
  /** The database's Snowflake name; default GATEHOUSE. */
  database?: string;
  region?: string;
  /** What CURRENT_VERSION() answers; default 9.0.0. */
  version?: string;
  users?: UserSpec[];
  roles?: RoleSpec[];
  /** Default: one warehouse, COMPUTE_WH, running. */
  warehouses?: WarehouseSpec[];
  sessionTokenValiditySeconds?: number;
  masterTokenValiditySeconds?: number;
  /** PostgreSQL to run queries on; default the machine's test server (test/support/postgres.ts). */
  postgres?: pg.PoolConfig;
}

/** Misbehaviours a test can switch on to exercise a client's guards against snowflake-sdk's traps. */
export interface Faults {
  /** Token renewal answers success but hands back the expired session token (the SDK then loops). */
  renewWithoutNewToken: boolean;
  /** Query results leave out `returned` (the SDK's execute then never completes). */
  omitReturned: boolean;
}

type Handler = (
  request: IncomingMessage,
  body: unknown,
  url: URL,
  entry: Partial<LoggedRequest>,
) => Promise<unknown>;

/** Sent to the route handler's caller: answer with this error, logged as such. */
class Refusal {
  constructor(
    readonly error: SnowflakeError,
    readonly data: Record<string, unknown> = {},
  ) {}
}

export class SnowflakeServer {
  readonly log = new RequestLog();
  readonly faults: Faults = { renewWithoutNewToken: false, omitReturned: false };
  private readonly users = new Map<string, UserSpec>();
  private readonly roles = new Map<string, RoleSpec>();
  private readonly warehouses = new Map<string, WarehouseSpec>();
  private readonly policies = new Map<string, NetworkPolicy>();
  private readonly catalog: Catalog;
  private readonly store: SessionStore;
  private executor!: Executor;
  private pool!: pg.Pool;
  private server!: http.Server;
  private portNumber = 0;

  private constructor(private readonly options: SnowflakeServerOptions) {
    const schemas = new Map<string, string>();
    for (const schema of [options.schema, ...(options.extraSchemas ?? [])])
      schemas.set(swapCase(schema), schema);
    for (const user of options.users ?? []) this.addUser(user);
    for (const role of options.roles ?? []) this.addRole(role);
    for (const warehouse of options.warehouses ?? [{ name: 'COMPUTE_WH' }]) this.addWarehouse(warehouse);
    const self = this;
    this.catalog = {
      account: resolveName(options.account ?? 'GATEHOUSE_TEST'),
      region: options.region ?? 'local',
      version: options.version ?? '9.0.0',
      database: resolveName(options.database ?? 'GATEHOUSE'),
      schemas,
      users: this.users,
      roles: this.roles,
      warehouses: this.warehouses,
      policies: this.policies,
      get accountPolicy() {
        return self.accountPolicyName;
      },
      createdOn: secondsText(BigInt(Date.now()) * 1_000_000n),
    };
    this.store = new SessionStore({
      sessionSeconds: options.sessionTokenValiditySeconds ?? 3600,
      masterSeconds: options.masterTokenValiditySeconds ?? 4 * 3600,
    });
  }

  private accountPolicyName: string | undefined;

  static async start(options: SnowflakeServerOptions): Promise<SnowflakeServer> {
    const server = new SnowflakeServer(options);
    // Every value as PostgreSQL's text, so the encoder sees exactly what the server sent.
    const raw = (value: string) => value;
    server.pool = new pg.Pool({
      ...PG,
      max: 6,
      ...options.postgres,
      types: { getTypeParser: () => raw } as unknown as pg.CustomTypesConfig,
      // The server's own PostgreSQL connections are fixtures, not traffic of the code under test.
      stream: () => ignoreSocket(new net.Socket()),
    });
    server.pool.on('error', () => {});
    const compat = await installCompat(server.pool);
    server.executor = new Executor(server.pool, compat, server.catalog);
    server.portNumber = await findFreePort();
    server.server = http.createServer((request, response) => void server.handle(request, response));
    server.server.listen(server.portNumber, '127.0.0.1');
    await once(server.server, 'listening');
    return server;
  }

  private get accounts(): Accounts {
    return { users: this.users, catalog: this.catalog, store: this.store };
  }

  get port(): number {
    return this.portNumber;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  get account(): string {
    return this.catalog.account;
  }

  get database(): string {
    return this.catalog.database;
  }

  /** The default schema's Snowflake name. */
  get schema(): string {
    return swapCase(this.options.schema);
  }

  /** snowflake-sdk ConnectionOptions that reach this server (add username and credentials). */
  sdkOptions(): { account: string; host: string; port: number; protocol: 'http'; accessUrl: string } {
    return { account: this.account, host: this.host, port: this.port, protocol: 'http', accessUrl: this.url };
  }

  addUser(user: UserSpec): void {
    this.users.set(user.name.toUpperCase(), user);
  }

  /** Change a registered user (e.g. add a key, revoke a token, set a network policy). */
  updateUser(name: string, change: Partial<Omit<UserSpec, 'name'>>): void {
    const user = this.users.get(name.toUpperCase());
    if (!user) throw new Error(`No user ${name} on the Snowflake test server`);
    Object.assign(user, change);
  }

  addRole(role: RoleSpec): void {
    this.roles.set(resolveName(role.name), { ...role, name: resolveName(role.name) });
  }

  addWarehouse(warehouse: WarehouseSpec): void {
    this.warehouses.set(resolveName(warehouse.name), { ...warehouse, name: resolveName(warehouse.name) });
  }

  /** Suspend or resume a warehouse, or change its auto-resume. */
  updateWarehouse(name: string, change: Partial<Omit<WarehouseSpec, 'name'>>): void {
    const warehouse = this.warehouses.get(resolveName(name));
    if (!warehouse) throw new Error(`No warehouse ${name} on the Snowflake test server`);
    Object.assign(warehouse, change);
  }

  /**
   * Create or replace a network policy, and set it on the account or on a user (`{ user: 'NAME' }`). A policy
   * set on nothing exists (SHOW/DESCRIBE list it) but applies to no one.
   */
  setNetworkPolicy(policy: NetworkPolicy, appliesTo?: 'account' | { user: string }): void {
    const name = resolveName(policy.name);
    this.policies.set(name, { ...policy, name });
    if (appliesTo === 'account') this.accountPolicyName = name;
    else if (appliesTo) this.updateUser(appliesTo.user, { networkPolicy: name });
  }

  /** Drop every policy and unset them from the account and the users. */
  clearNetworkPolicies(): void {
    this.policies.clear();
    this.accountPolicyName = undefined;
    for (const user of this.users.values()) delete user.networkPolicy;
  }

  /**
   * Resolves once a statement whose SQL (as the client sent it) matches is running on PostgreSQL: the moment to
   * cancel it or to change the server under it. The statement is registered just before PostgreSQL gets it.
   */
  whenRunning(match: (sql: string) => boolean): Promise<void> {
    return this.executor.whenRunning(match);
  }

  /** Current sessions (closed ones included), for assertions. */
  sessions(): readonly Session[] {
    return this.store.all();
  }

  /** The next request with a session token of these sessions (default: all) gets 390112. */
  expireSessionTokens(user?: string): void {
    for (const session of this.matching(user)) session.sessionExpiresAt = 0;
  }

  /** Token renewal of these sessions (default: all) fails with 390114. */
  expireMasterTokens(user?: string): void {
    for (const session of this.matching(user)) session.masterExpiresAt = 0;
  }

  private matching(user: string | undefined): Session[] {
    return this.store
      .all()
      .filter((session) => user === undefined || session.user.name.toUpperCase() === user.toUpperCase());
  }

  /** Stops listening, cancels statements still running (a client may have given up on them), closes the pool. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
    await this.executor.cancelAll();
    await this.pool.end();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const clientIp = clientIpOf(request);
    const route = this.route(request.method ?? 'GET', url);
    const entry: Partial<LoggedRequest> = {
      at: new Date(),
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      kind: route.kind,
      clientIp,
      body: {},
    };
    let body: unknown;
    try {
      body = await readBody(request);
      const data = await route.handler(request, body, url, entry);
      this.log.add({ ...(entry as LoggedRequest), outcome: 'ok' });
      success(response, data);
    } catch (caught) {
      const refusal =
        caught instanceof Refusal
          ? caught
          : caught instanceof SnowflakeError
            ? new Refusal(caught)
            : new Refusal(new SnowflakeError('000001', `Test server failure: ${(caught as Error).message}`));
      this.log.add({
        ...(entry as LoggedRequest),
        outcome: 'error',
        code: refusal.error.code,
        message: refusal.error.message,
      });
      failure(response, refusal.error, refusal.data);
    }
  }

  private route(method: string, url: URL): { kind: RequestKind; handler: Handler } {
    const path = url.pathname;
    if (method !== 'POST' && method !== 'GET') return { kind: 'unknown', handler: this.notFound };
    if (path === '/session/v1/login-request')
      return { kind: 'login', handler: async (_r, b, u, e) => login(this.accounts, b, u, e) };
    if (path === '/session/token-request')
      return { kind: 'renew', handler: (r, b, _u, e) => this.renew(r, b, e) };
    if (path === '/session' && url.searchParams.get('delete') === 'true') {
      return { kind: 'close', handler: (r, _b, _u, e) => this.close(r, e) };
    }
    if (path === '/session/heartbeat')
      return {
        kind: 'heartbeat',
        handler: async (r, _b, _u, e) => {
          this.authorized(r, e);
          return {};
        },
      };
    if (path === '/queries/v1/query-request')
      return { kind: 'query', handler: (r, b, u, e) => this.query(r, b, u, e) };
    if (path === '/queries/v1/abort-request' || /^\/queries\/[^/]+\/abort-request$/.test(path)) {
      return { kind: 'abort', handler: (r, b, _u, e) => this.abort(r, b, e) };
    }
    if (/^\/queries\/[^/]+\/result$/.test(path)) {
      return {
        kind: 'result',
        handler: async () => {
          throw new SnowflakeError(
            '000709',
            'Statement not found: this test server answers every query synchronously.',
          );
        },
      };
    }
    if (path === '/telemetry/send') return { kind: 'telemetry', handler: async () => null };
    return { kind: 'unknown', handler: this.notFound };
  }

  private notFound: Handler = async (_request, _body, url) => {
    throw new SnowflakeError('390404', `Unknown endpoint ${url.pathname} on the Snowflake test server.`);
  };

  /** The session of a request's token, or the refusal Snowflake gives. */
  private authorized(request: IncomingMessage, entry: Partial<LoggedRequest>): Session {
    const check = this.store.bySessionToken(tokenOf(request) ?? '');
    if ('error' in check) {
      throw check.error === 'expired'
        ? sfErrors.sessionTokenExpired()
        : check.error === 'gone'
          ? sfErrors.goneSession()
          : sfErrors.sessionTokenInvalid();
    }
    entry.sessionId = check.session.id;
    entry.user = check.session.user.name;
    checkNetworkPolicy(this.catalog, check.session.user, entry.clientIp as string);
    return check.session;
  }

  private async renew(
    request: IncomingMessage,
    body: unknown,
    entry: Partial<LoggedRequest>,
  ): Promise<unknown> {
    entry.body = { requestType: (body as { requestType?: unknown } | undefined)?.requestType };
    const check = this.store.byMasterToken(tokenOf(request) ?? '');
    if ('error' in check) {
      throw check.error === 'expired'
        ? sfErrors.masterTokenExpired()
        : check.error === 'gone'
          ? sfErrors.goneSession()
          : sfErrors.sessionTokenInvalid();
    }
    const session = check.session;
    entry.sessionId = session.id;
    entry.user = session.user.name;
    checkNetworkPolicy(this.catalog, session.user, entry.clientIp as string);
    if (!this.faults.renewWithoutNewToken) this.store.renew(session);
    const validity = this.store.validitySeconds;
    return {
      sessionToken: session.sessionToken,
      validityInSecondsST: validity.sessionSeconds,
      masterToken: session.masterToken,
      validityInSecondsMT: Math.max(0, Math.floor((session.masterExpiresAt - Date.now()) / 1000)),
      sessionId: Number(session.id),
    };
  }

  private async close(request: IncomingMessage, entry: Partial<LoggedRequest>): Promise<unknown> {
    const session = this.authorized(request, entry);
    session.closed = true;
    return null;
  }

  private async abort(
    request: IncomingMessage,
    body: unknown,
    entry: Partial<LoggedRequest>,
  ): Promise<unknown> {
    this.authorized(request, entry);
    const requestId = (body as { requestId?: unknown } | undefined)?.requestId;
    entry.body = { requestId };
    if (typeof requestId === 'string') await this.executor.cancel(requestId);
    return null;
  }

  private async query(
    request: IncomingMessage,
    body: unknown,
    url: URL,
    entry: Partial<LoggedRequest>,
  ): Promise<unknown> {
    const session = this.authorized(request, entry);
    const request_ = (body ?? {}) as { sqlText?: unknown; parameters?: unknown; bindings?: unknown };
    if (typeof request_.sqlText !== 'string')
      throw new SnowflakeError('000900', 'Empty SQL statement.', '42000');
    if (request_.bindings !== undefined)
      throw sfErrors.unsupported('bind variables (the test server runs literal SQL only)');
    const parameters =
      request_.parameters && typeof request_.parameters === 'object'
        ? (request_.parameters as Record<string, unknown>)
        : undefined;
    entry.sql = request_.sqlText;
    entry.body = { sqlText: request_.sqlText, ...(parameters ? { parameters } : {}) };
    const queryId = randomUUID();
    entry.queryId = queryId;
    try {
      const result = await this.executor.execute(
        session,
        request_.sqlText,
        url.searchParams.get('requestId') ?? undefined,
        parameters,
      );
      entry.postgresSql = result.postgresSql;
      return {
        parameters: parameterList(session, parameters),
        rowtype: result.rowtype,
        rowset: result.rowset,
        total: result.rowset.length,
        ...(this.faults.omitReturned ? {} : { returned: result.rowset.length }),
        queryId,
        databaseProvider: null,
        finalDatabaseName: session.database,
        finalSchemaName: session.schema,
        finalWarehouseName: session.warehouse,
        finalRoleName: session.role,
        numberOfBinds: 0,
        arrayBindSupported: false,
        statementTypeId: result.statementTypeId,
        version: 1,
        sendResultTime: Date.now(),
        queryResultFormat: 'json',
      };
    } catch (error) {
      if (error instanceof SnowflakeError) {
        entry.postgresSql = error.postgresSql;
        throw new Refusal(error, { queryId });
      }
      throw error;
    }
  }
}
