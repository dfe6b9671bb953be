/**
 * Every request the server answered, for tests to read: what was asked (path, a summary of the body with every
 * secret left out), by whom (client address, session, user), the SQL as sent and as run on PostgreSQL, and the
 * outcome. Passwords, tokens and JWTs never enter the log.
 */

export type RequestKind =
  | 'login'
  | 'query'
  | 'renew'
  | 'close'
  | 'heartbeat'
  | 'abort'
  | 'telemetry'
  | 'result'
  | 'unknown';

export interface LoggedRequest {
  seq: number;
  at: Date;
  method: string;
  /** The path without the query string, e.g. `/queries/v1/query-request`. */
  path: string;
  query: Record<string, string>;
  kind: RequestKind;
  /** The client's address as the server's socket saw it (IPv4-mapped addresses unmapped). */
  clientIp: string;
  sessionId?: string;
  user?: string;
  /** Login: account, login name, authenticator, client app; query: sqlText and statement parameters. */
  body: Record<string, unknown>;
  /** The statement's text as the client sent it. */
  sql?: string;
  /** What ran on PostgreSQL (without the session prefix), when the statement went there. */
  postgresSql?: string;
  /** Snowflake query id of an answered statement. */
  queryId?: string;
  outcome: 'ok' | 'error';
  /** Snowflake error code when the outcome is an error. */
  code?: string;
  message?: string;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  private waiters: Array<() => void> = [];

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged = { ...entry, seq: this.entries.length + 1 };
    this.entries.push(logged);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return logged;
  }

  /** Statements the server ran (kind `query`), optionally only those of one user. */
  queries(user?: string): LoggedRequest[] {
    return this.entries.filter(
      (entry) =>
        entry.kind === 'query' && (user === undefined || entry.user?.toUpperCase() === user.toUpperCase()),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Resolves once `predicate` holds over the log: no polling, no sleeps. */
  async waitFor(predicate: (entries: readonly LoggedRequest[]) => boolean): Promise<void> {
    while (!predicate(this.entries)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
