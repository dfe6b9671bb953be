/**
 * Sessions and their tokens. A login gets a session token (for every request) and a master token (to renew the
 * session token after 390112). Tests expire either on demand; an expired master token makes renewal fail with
 * 390114, which ends the SDK's renewal instead of looping.
 */
import { randomBytes } from 'node:crypto';
import type { UserSpec } from './model.js';

export interface Session {
  /** Snowflake's session ids are numbers; kept as text here. */
  id: string;
  user: UserSpec;
  authenticator: string;
  clientIp: string;
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  /** Session parameters set at login or with ALTER SESSION (upper-case names). */
  params: Map<string, string>;
  sessionToken: string;
  masterToken: string;
  sessionExpiresAt: number;
  masterExpiresAt: number;
  closed: boolean;
  /** Session tokens this session has had; an old one is answered with 390112 rather than 390104. */
  previousTokens: Set<string>;
}

export interface TokenValidity {
  sessionSeconds: number;
  masterSeconds: number;
}

const newToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

export type TokenCheck = { session: Session } | { error: 'invalid' | 'expired' | 'gone' };

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private nextId = 1_000_001;

  constructor(private readonly validity: TokenValidity) {}

  create(
    fields: Omit<
      Session,
      | 'id'
      | 'sessionToken'
      | 'masterToken'
      | 'sessionExpiresAt'
      | 'masterExpiresAt'
      | 'closed'
      | 'previousTokens'
    >,
  ): Session {
    const now = Date.now();
    const session: Session = {
      ...fields,
      id: String(this.nextId++),
      sessionToken: newToken('ST'),
      masterToken: newToken('MT'),
      sessionExpiresAt: now + this.validity.sessionSeconds * 1000,
      masterExpiresAt: now + this.validity.masterSeconds * 1000,
      closed: false,
      previousTokens: new Set(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  bySessionToken(token: string): TokenCheck {
    for (const session of this.sessions.values()) {
      const current = session.sessionToken === token;
      if (!current && !session.previousTokens.has(token)) continue;
      if (session.closed) return { error: 'gone' };
      if (!current || session.sessionExpiresAt <= Date.now()) return { error: 'expired' };
      return { session };
    }
    return { error: 'invalid' };
  }

  byMasterToken(token: string): TokenCheck {
    for (const session of this.sessions.values()) {
      if (session.masterToken !== token) continue;
      if (session.closed) return { error: 'gone' };
      if (session.masterExpiresAt <= Date.now()) return { error: 'expired' };
      return { session };
    }
    return { error: 'invalid' };
  }

  /** A new session token for the session, the old one remembered as expired. */
  renew(session: Session): void {
    session.previousTokens.add(session.sessionToken);
    session.sessionToken = newToken('ST');
    session.sessionExpiresAt = Date.now() + this.validity.sessionSeconds * 1000;
  }

  get validitySeconds(): TokenValidity {
    return this.validity;
  }
}
