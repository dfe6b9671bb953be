/**
 * snowflake-sdk errors → ConnectorError. The SDK's numeric code (390100, 390422, 002003, …) becomes the
 * ConnectorError's code and the SDK error stays its cause, so the diagnostics classifier
 * (src/diagnostics/classify-snowflake.ts) sees every code along the chain; socket errors (ECONNREFUSED,
 * ENOTFOUND) arrive as the cause of the SDK's 401001 "Network error".
 */
import { redact } from '../../common/redaction.js';
import { ConnectorError } from '../connector.js';
import { doubleQuote } from '../dialect.js';
import { configuredName } from './dialect.js';

interface SdkError {
  message?: unknown;
  code?: unknown;
  sqlState?: unknown;
  cause?: unknown;
}

/** Snowflake's login failures that are the credentials' fault (or the account's policy on them). */
const AUTH_CODES = new Set([
  '390100', // incorrect username or password
  '390101', // user temporarily locked
  '390102', // user disabled
  '390144', // JWT token invalid (key not registered, wrong fingerprint)
  '390303', // invalid OAuth access token
  '390318', // OAuth access token expired
  '390422', // IP not allowed (network policy): the login is refused
  '390432', // a PAT needs a network policy
  '394400', // programmatic access token invalid or expired
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as SdkError | undefined)?.code;
  if (typeof code === 'number') return String(code);
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** The socket-level code under a network error (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, …), if any. */
function socketCode(error: unknown): string | undefined {
  let cause: unknown = error;
  for (let depth = 0; cause && depth < 6; depth++) {
    const code = codeOf(cause);
    if (code && /^E[A-Z_]+$/.test(code)) return code;
    cause = (cause as SdkError).cause;
  }
  return undefined;
}

/**
 * The SDK's message on one line: Snowflake writes "SQL compilation error:\nObject '…' does not exist…", which in a
 * scan's log and error list would start its second line at column 0, away from the query it belongs to.
 */
function messageOf(error: unknown): string {
  const message = (error as SdkError | undefined)?.message;
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  return redact(text.replace(/\s*\n\s*/g, ' ').trim());
}

/** A failure to log in or reach Snowflake; `where` names the data source and endpoint. */
export function connectError(error: unknown, where: string, detail?: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = codeOf(error);
  const message = messageOf(error);
  const extra = detail ? ` ${detail}` : '';
  if (code && AUTH_CODES.has(code)) {
    return new ConnectorError(`Login to ${where} failed: ${message}${extra}`, code, 'auth', { cause: error });
  }
  const browser = /Browser action timed out after (\d+) ms/.exec(message);
  if (browser) {
    return new ConnectorError(
      `The browser login to ${where} was not finished within ${Math.round(Number(browser[1]) / 1000)} s: the identity provider's redirect did not reach this machine in time. Finish the login in the browser window Gatehouse opened and run again; for unattended runs use key pair (snowflake_jwt) or a token.`,
      code,
      'timeout',
      { cause: error },
    );
  }
  const socket = socketCode(error);
  if (socket === 'ECONNREFUSED') {
    return new ConnectorError(
      `Connection to ${where} was refused: nothing is listening there. Check the account (or host and port).`,
      code,
      'connect',
      { cause: error },
    );
  }
  if (socket === 'ENOTFOUND' || socket === 'EAI_AGAIN') {
    return new ConnectorError(
      `The host name of ${where} could not be resolved (${socket}). Check the account identifier, or host for a private-link endpoint.`,
      code,
      'connect',
      { cause: error },
    );
  }
  if (socket === 'ETIMEDOUT' || socket === 'ECONNRESET') {
    return new ConnectorError(
      `Connecting to ${where} failed (${socket}): a firewall or proxy may be dropping the traffic.`,
      code,
      'timeout',
      { cause: error },
    );
  }
  return new ConnectorError(`Could not connect to ${where}: ${message}${extra}`, code, 'connect', {
    cause: error,
  });
}

/** What a failed statement's message may need from the data source to say what to do. */
export interface QueryContext {
  /** As configuration.yml writes them. */
  warehouse?: string | undefined;
  role?: string | undefined;
  database?: string | undefined;
  schema?: string | undefined;
}

/** The session objects Snowflake leaves unset, without a word, when the configured one is missing or not allowed. */
const SESSION_OBJECTS = {
  '000606': { key: 'warehouse', kind: 'WAREHOUSE', message: /No active warehouse selected/i },
  '090105': { key: 'database', kind: 'DATABASE', message: /does not have a current database/i },
  '090106': { key: 'schema', kind: 'SCHEMA', message: /does not have a current schema/i },
} as const;

/**
 * Snowflake accepts a login whose warehouse, database or schema does not exist or may not be used, and leaves the
 * session without one: each query then fails with "…call 'USE WAREHOUSE'/'USE DATABASE'", which points away from
 * the configuration. Say what it means for this data source.
 */
function sessionObjectHint(
  object: (typeof SESSION_OBJECTS)[keyof typeof SESSION_OBJECTS],
  context: QueryContext,
): string {
  const configured = context[object.key];
  if (!configured) {
    return `The data source names no ${object.key} and the user has no default one: add ${object.key}: to it in configuration.yml.`;
  }
  const name = configuredName(configured);
  const qualified =
    object.key === 'schema' && context.database
      ? `${doubleQuote(configuredName(context.database))}.${doubleQuote(name)}`
      : doubleQuote(name);
  const role = context.role ? configuredName(context.role) : undefined;
  return `The configured ${object.key} ${name} does not exist, or ${role ? `role ${role}` : "the user's default role"} may not use it (Snowflake then logs in without a ${object.key}): check ${object.key}: in configuration.yml, or ask the admin to GRANT USAGE ON ${object.kind} ${qualified} TO ROLE ${role ? doubleQuote(role) : '<role>'}. \`gatehouse test-connection\` tells which.`;
}

/** A failed statement: Snowflake's message (redacted), code and SQLSTATE kept. */
export function queryError(error: unknown, context: QueryContext = {}): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = codeOf(error);
  const message = messageOf(error);
  const object =
    code && code in SESSION_OBJECTS ? SESSION_OBJECTS[code as keyof typeof SESSION_OBJECTS] : undefined;
  if (object?.message.test(message)) {
    return new ConnectorError(`${message} ${sessionObjectHint(object, context)}`, code, 'query', {
      cause: error,
    });
  }
  // 604: "SQL execution canceled"; 630: statement timeout reached (STATEMENT_TIMEOUT_IN_SECONDS).
  if (code === '000604') return new ConnectorError(message, code, 'cancelled', { cause: error });
  if (code === '000630') return new ConnectorError(message, code, 'timeout', { cause: error });
  return new ConnectorError(message, code, 'query', { cause: error });
}
