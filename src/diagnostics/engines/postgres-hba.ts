/**
 * pg_hba.conf as the connection test judges it: the lines pg_hba_file_rules shows, turned into the address rules
 * that apply to this user, database and transport, matched as PostgreSQL matches them. What a session cannot see
 * (host names, samehost/samenet, regular expressions, @files) becomes an undecidable rule, never a guess.
 */
import type { PostgresDataSource } from '../../config/model.js';
import { type AllowlistRule, cidrFromNetmask } from '../cidr.js';
import { parseIp } from '../ip-address.js';
import type { ServerAllowlist } from './engine.js';

export const HBA_QUERY = `SELECT line_number, type, database, user_name, address, netmask, auth_method, error
FROM pg_hba_file_rules ORDER BY line_number`;

/**
 * The roles the login user belongs to as pg_hba.conf's `+role` and `samerole` test it: itself and every role it
 * is a member of, directly or through others, whatever INHERIT says, superuser giving nothing extra. And the
 * server's address on this connection, for `samehost`.
 */
export const MEMBERSHIP_QUERY = `WITH RECURSIVE member_of(oid) AS (
  SELECT oid FROM pg_roles WHERE rolname = session_user
  UNION SELECT m.roleid FROM pg_auth_members m JOIN member_of ON m.member = member_of.oid)
SELECT ARRAY(SELECT r.rolname::text FROM pg_roles r JOIN member_of ON r.oid = member_of.oid),
       host(inet_server_addr())`;

export type HbaRow = [
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
