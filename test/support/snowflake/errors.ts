/**
 * Snowflake's errors as its REST API returns them (`{"success":false,"code":…,"message":…,"data":{sqlState}}`),
 * and PostgreSQL's errors translated into them. Codes and texts follow Snowflake where they are known
 * (anchors.md §4.1, snowflake-sdk's gs_errors.js); where Snowflake's code is not known, the comment says so.
 */
import { swapCase } from './names.js';

export class SnowflakeError extends Error {
  override name = 'SnowflakeError';
  /** The statement as it ran on PostgreSQL, when the failure came from there (for the request log). */
  postgresSql?: string;
  constructor(
    readonly code: string,
    message: string,
    readonly sqlState?: string,
  ) {
    super(message);
  }
}

const compilation = (text: string) => `SQL compilation error:\n${text}`;

export const sfErrors = {
  badCredentials: () =>
    new SnowflakeError('390100', 'Incorrect username or password was specified.', '08004'),
  ipBlocked: (ip: string) =>
    new SnowflakeError(
      '390422',
      `Incoming request with IP/Token ${ip} is not allowed to access Snowflake. Contact your account administrator.`,
      '08004',
    ),
  patNeedsPolicy: () => new SnowflakeError('390432', 'Network policy is required.', '08004'),
  sessionTokenInvalid: () => new SnowflakeError('390104', 'User must login again to access the service.'),
  goneSession: () =>
    new SnowflakeError('390111', 'Session no longer exists.  New login required to access the service.'),
  sessionTokenExpired: () => new SnowflakeError('390112', 'Session token has expired.'),
  masterTokenExpired: () =>
    new SnowflakeError('390114', 'Authentication token has expired.  The user must authenticate again.'),
  jwtInvalid: (why: string) => new SnowflakeError('390144', `JWT token is invalid. [${why}]`, '08004'),
  oauthInvalid: () => new SnowflakeError('390303', 'Invalid OAuth access token. ', '08004'),
  oauthExpired: () => new SnowflakeError('390318', 'OAuth access token expired. ', '08004'),
  userLocked: () =>
    new SnowflakeError('390101', 'User temporarily locked. Contact your local system administrator.'),
  roleNotGranted: (role: string) =>
    new SnowflakeError(
      '390189',
      `Role '${role}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
      '08004',
    ),
  unsupportedAuthenticator: (name: string) =>
    new SnowflakeError('390155', `Unsupported authenticator '${name}' on this test server.`),
  noWarehouse: () =>
    new SnowflakeError(
      '000606',
      "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
      '57P03',
    ),
  /** The message is Snowflake's; its code is not documented anywhere we read. */
  warehouseCannotResume: (warehouse: string, monitor: string) =>
    new SnowflakeError(
      '000625',
      `Warehouse '${warehouse}' cannot be resumed because resource monitor '${monitor}' has exceeded its quota.`,
      '57P03',
    ),
  objectMissing: (kind: string, name: string) =>
    new SnowflakeError('002003', compilation(`${kind} '${name}' does not exist or not authorized.`), '02000'),
  objectMissingOrNoOperation: () =>
    new SnowflakeError(
      '002043',
      compilation('Object does not exist, or operation cannot be performed.'),
      '02000',
    ),
  insufficientPrivileges: (kind: string, name: string) =>
    new SnowflakeError(
      '003001',
      `SQL access control error:\nInsufficient privileges to operate on ${kind} '${name}'`,
      '42501',
    ),
  noCurrentDatabase: (verb: string) =>
    new SnowflakeError(
      '090105',
      `Cannot perform ${verb}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.`,
      '22000',
    ),
  noCurrentSchema: (verb: string) =>
    new SnowflakeError(
      '090106',
      `Cannot perform ${verb}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.`,
      '22000',
    ),
  syntax: (line: number, position: number, near: string) =>
    new SnowflakeError(
      '001003',
      compilation(`syntax error line ${line} at position ${position} unexpected '${near}'.`),
      '42000',
    ),
  statementCount: (count: number) =>
    new SnowflakeError(
      '000008',
      `Actual statement count ${count} did not match the desired statement count 1.`,
      '0A000',
    ),
  cancelled: () => new SnowflakeError('000604', 'SQL execution canceled', '57014'),
  timeout: (seconds: number) =>
    new SnowflakeError(
      '000630',
      `Statement reached its statement or warehouse timeout of ${seconds} second(s) and was canceled.`,
      '57014',
    ),
  unsupported: (what: string) =>
    new SnowflakeError('002040', compilation(`Unsupported feature '${what}'.`), '0A000'),
  invalidParameter: (name: string) =>
    new SnowflakeError('001006', compilation(`invalid parameter '${name}'`), '22023'),
};

/** The fields of a pg DatabaseError this mapping reads. */
export interface PgErrorLike {
  message: string;
  code?: string;
  position?: string;
}

/** Line and column (Snowflake counts both from 1… columns from 0 in practice) of a 1-based offset. */
function lineAndPosition(sql: string, offset: number): { line: number; position: number } {
  const before = sql.slice(0, Math.max(0, offset - 1));
  const lines = before.split('\n');
  return { line: lines.length, position: (lines.at(-1) ?? '').length };
}

const quotedName = (message: string) => /"([^"]+)"/.exec(message)?.[1] ?? '';

/**
 * A PostgreSQL error as Snowflake would have reported it. `sql` is the text PostgreSQL ran and `offset` the
 * length of what precedes the statement in it (the session prefix), so positions point into the statement.
 */
export function fromPostgres(
  error: PgErrorLike,
  sql: string,
  offset: number,
  timeoutSeconds: number,
): SnowflakeError {
  const position = error.position ? Number(error.position) - offset : 0;
  const where = lineAndPosition(sql, position);
  switch (error.code) {
    case '42P01':
      return sfErrors.objectMissing('Object', swapCase(quotedName(error.message)));
    case '3F000':
      return sfErrors.objectMissing('Schema', swapCase(quotedName(error.message)));
    case '42703':
      return new SnowflakeError(
        '000904',
        `SQL compilation error: error line ${where.line} at position ${where.position}\ninvalid identifier '${swapCase(quotedName(error.message))}'`,
        '42000',
      );
    case '42601': {
      const near = /at or near "([^"]*)"/.exec(error.message)?.[1];
      return sfErrors.syntax(where.line, where.position, near ?? '<EOF>');
    }
    case '42883': {
      const fn = /function ([^(\s]+)\(/.exec(error.message)?.[1];
      return fn
        ? new SnowflakeError(
            '002140',
            compilation(`Unknown function ${fn.split('.').at(-1)?.toUpperCase()}`),
            '42601',
          )
        : new SnowflakeError('001044', compilation(`Invalid argument types: ${error.message}`), '42P13');
    }
    case '42P07':
    case '42710':
      return new SnowflakeError(
        '002002',
        compilation(`Object '${swapCase(quotedName(error.message))}' already exists.`),
        '42710',
      );
    case '22012':
      return new SnowflakeError('100051', 'Division by zero', '22012');
    case '22P02':
      return new SnowflakeError('100038', `Numeric value is not recognized: ${error.message}`, '22018');
    case '22007':
    case '22008':
      return new SnowflakeError('100040', `Date or timestamp is not recognized: ${error.message}`, '22007');
    case '2201B':
      return new SnowflakeError('100048', `Invalid regular expression: ${error.message}`, '2201B');
    case '23502':
      return new SnowflakeError('100072', 'NULL result in a non-nullable column', '22000');
    case '42501':
      return sfErrors.insufficientPrivileges('object', quotedName(error.message));
    case '57014':
      return /statement timeout/.test(error.message)
        ? sfErrors.timeout(timeoutSeconds)
        : sfErrors.cancelled();
    case '0A000':
      if (/cross-database references/.test(error.message)) {
        const name = /: (\S+)$/.exec(error.message)?.[1]?.split('.')[0] ?? '';
        return sfErrors.objectMissing('Database', name.replaceAll('"', '').toUpperCase());
      }
      return sfErrors.unsupported(error.message);
    default:
      // No Snowflake counterpart known: keep PostgreSQL's SQLSTATE so a test can still tell failures apart.
      return new SnowflakeError('100000', error.message, error.code);
  }
}
