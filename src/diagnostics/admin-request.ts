/**
 * The copy-paste request an analyst sends to an admin: the exact pg_hba.conf line, or the exact Snowflake
 * statements, for the address the server saw. Names are validated or quoted so that the text does what it says.
 */
import type { SslMode } from '../config/model.js';
import { CidrError, contains, parseCidr } from './cidr.js';
import { hostCidr, type IpAddress, parseIp, unmapIpv4 } from './ip-address.js';

function ipOrThrow(text: string): IpAddress {
  const ip = parseIp(text);
  if (!ip.ok) throw new CidrError(ip.error);
  return ip.value;
}

/** pg_hba.conf keywords and prefixes that change a name's meaning unless it is quoted. */
const HBA_KEYWORDS = new Set(['all', 'sameuser', 'samerole', 'samegroup', 'replication']);

/** A user or database name as a pg_hba.conf token. pg_hba has no escape for `"`, so such names are refused. */
export function hbaToken(name: string): string {
  if (name === '' || /["\r\n]/.test(name)) {
    throw new CidrError(`the name ${JSON.stringify(name)} cannot be written in pg_hba.conf`);
  }
  const plain = /^[A-Za-z0-9_.$-]+$/.test(name) && !HBA_KEYWORDS.has(name);
  return plain ? name : `"${name}"`;
}

export interface PostgresRequestInput {
  /** The address the server saw (from the pg_hba message or inet_client_addr()). */
  clientIp: string;
  user: string;
  database: string;
  sslmode: SslMode;
  /** Defaults to scram-sha-256, the method to recommend for password logins. */
  authMethod?: string;
}

export interface AdminRequest {
  /** The single address to allow, as a CIDR. */
  cidr: string;
  /** The line or statement to paste. */
  text: string;
  /** The message to send, with the text embedded. */
  message: string;
}

export function postgresAdminRequest(input: PostgresRequestInput): AdminRequest {
  const ip = ipOrThrow(input.clientIp);
  const cidr = hostCidr(ip);
  // Modes that insist on TLS get hostssl; the others may connect in plain text, which only `host` admits.
  const type = ['require', 'verify-ca', 'verify-full'].includes(input.sslmode) ? 'hostssl' : 'host';
  const method = input.authMethod ?? 'scram-sha-256';
  const text = `${type} ${hbaToken(input.database)} ${hbaToken(input.user)} ${cidr} ${method}`;
  const message =
    `Could you allow user "${input.user}" to connect to database "${input.database}" from ${ip.text} ` +
    '(the address the server saw)? Please add this line to pg_hba.conf above any line that rejects or ' +
    'otherwise matches this address (the first matching line wins), then reload the configuration ' +
    `(SELECT pg_reload_conf();):\n\n${text}\n`;
  return { cidr, text, message };
}

/** A Snowflake object name, plain or double-quoted, optionally qualified (db.schema.name). */
const IDENTIFIER_PART = '(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")';
const IDENTIFIER = new RegExp(`^${IDENTIFIER_PART}(?:\\.${IDENTIFIER_PART}){0,2}$`);

function identifier(name: string, what: string): string {
  const trimmed = name.trim();
  if (!IDENTIFIER.test(trimmed)) throw new CidrError(`${JSON.stringify(name)} is not a valid ${what} name`);
  return trimmed;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export interface SnowflakeRequestInput {
  /** The address Snowflake saw (from the 390422 message or CURRENT_IP_ADDRESS()). */
  clientIp: string;
  /** The ingress network rule (TYPE = IPV4) to extend. */
  ruleName: string;
  /** Its current VALUE_LIST, from DESCRIBE NETWORK RULE: SET replaces the list, so all of it is repeated. */
  currentValues: readonly string[];
  /** The policy that applies to the user, when known. */
  policyName?: string;
}

export interface SnowflakeAdminRequest {
  /** The address as it goes into the rule. */
  value: string;
  /** The ALTER NETWORK RULE statement; absent when the current list already admits the address. */
  statement?: string;
  /** The value of the current list that already admits the address, when one does. */
  admittedBy?: string;
  /** Attaching the rule to the policy, in case it is not attached yet. */
  policyHint: string;
  message: string;
}

export function snowflakeAdminRequest(input: SnowflakeRequestInput): SnowflakeAdminRequest {
  const seen = ipOrThrow(input.clientIp);
  // Snowflake's IPV4 rules hold IPv4 only; a mapped address is the IPv4 client behind a dual-stack socket.
  const ip = seen.version === 4 ? seen : unmapIpv4(seen);
  if (!ip)
    throw new CidrError(`${seen.text} is IPv6; Snowflake network rules of TYPE = IPV4 take IPv4 addresses`);
  const rule = identifier(input.ruleName, 'network rule');
  const policy = input.policyName ? identifier(input.policyName, 'network policy') : '<policy>';
  const policyHint = `ALTER NETWORK POLICY ${policy} ADD ALLOWED_NETWORK_RULE_LIST = (${literal(rule)});`;
  const current = input.currentValues.map((v) => v.trim()).filter((v) => v !== '');
  const admittedBy = current.find((value) => {
    const cidr = parseCidr(value);
    return cidr.ok && contains(cidr.value, ip);
  });
  if (admittedBy !== undefined) {
    return {
      value: ip.text,
      admittedBy,
      policyHint,
      message:
        `${ip.text} is already in network rule ${rule} (${admittedBy}). If Snowflake still blocks it, the rule may ` +
        `not be in the policy that applies to the user (user > security integration > account), or a blocked list ` +
        `matches it. To attach the rule:\n\n${policyHint}\n`,
    };
  }
  const values = [...current, ip.text].map(literal).join(', ');
  const statement = `ALTER NETWORK RULE ${rule} SET VALUE_LIST = (${values});`;
  const message =
    `Could you allow ${ip.text} (the address Snowflake saw) to connect? This statement keeps the current ` +
    `entries of network rule ${rule} and adds the address:\n\n${statement}\n\n` +
    `If the rule is not yet in the network policy that applies to the user:\n\n${policyHint}\n`;
  return { value: ip.text, statement, policyHint, message };
}
