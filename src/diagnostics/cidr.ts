/**
 * CIDR blocks and allowlist evaluation: does the address a server saw fall inside the rules an admin wrote?
 * Entries come from pg_hba_file_rules, Snowflake network rules or a cloud security group typed in by the user, so
 * a malformed entry is reported with its reason rather than thrown.
 */
import {
  bitsOf,
  formatIp,
  type IpAddress,
  type IpVersion,
  type Parsed,
  parseIp,
  unmapIpv4,
} from './ip-address.js';

export interface Cidr {
  version: IpVersion;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
  /** Canonical text, e.g. `10.0.0.0/8`, `2001:db8::/32`. */
  text: string;
}

export class CidrError extends Error {
  override name = 'CidrError';
}

function maskOf(version: IpVersion, prefix: number): bigint {
  const bits = BigInt(bitsOf(version));
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function makeCidr(version: IpVersion, value: bigint, prefix: number): Cidr {
  const network = value & maskOf(version, prefix);
  return { version, network, prefix, text: `${formatIp(version, network)}/${prefix}` };
}

/**
 * Parse `address/prefix`, or a bare address (a single host: /32 or /128). Host bits set below the prefix
 * (`10.0.0.5/24`) are cleared, as PostgreSQL and Snowflake do, with a note: the writer may have meant /32.
 */
export function parseCidr(input: string): Parsed<Cidr> {
  const text = input.trim();
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIp(addressText);
  if (!address.ok) return { ok: false, error: address.error };
  const { version, value } = address.value;
  const bits = bitsOf(version);
  if (slash === -1) return { ok: true, value: makeCidr(version, value, bits) };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return { ok: false, error: `"${input}": the prefix length must be a number from 0 to ${bits}` };
  }
  const cidr = makeCidr(version, value, Number(prefixText));
  if (cidr.network === value) return { ok: true, value: cidr };
  return {
    ok: true,
    value: cidr,
    note: `"${text}" has host bits set; it covers ${cidr.text} (for the single address, write ${address.value.text}/${bits})`,
  };
}

/** pg_hba_file_rules gives `address` and `netmask` apart; a netmask must be contiguous ones to be a prefix. */
export function cidrFromNetmask(addressText: string, netmaskText: string): Parsed<Cidr> {
  const address = parseIp(addressText);
  if (!address.ok) return address;
  const mask = parseIp(netmaskText);
  if (!mask.ok) return { ok: false, error: `netmask ${mask.error}` };
  if (mask.value.version !== address.value.version) {
    return { ok: false, error: `netmask ${netmaskText} is not of the same IP version as ${addressText}` };
  }
  const bits = bitsOf(address.value.version);
  const binary = mask.value.value.toString(2).padStart(bits, '0');
  if (!/^1*0*$/.test(binary)) return { ok: false, error: `netmask ${netmaskText} is not contiguous` };
  return parseCidr(`${address.value.text}/${binary.indexOf('0') === -1 ? bits : binary.indexOf('0')}`);
}

function toCidr(cidr: Cidr | string): Cidr {
  if (typeof cidr !== 'string') return cidr;
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new CidrError(parsed.error);
  return parsed.value;
}

function toIp(ip: IpAddress | string): IpAddress {
  if (typeof ip !== 'string') return ip;
  const parsed = parseIp(ip);
  if (!parsed.ok) throw new CidrError(parsed.error);
  return parsed.value;
}

/** A mapped IPv6 block (::ffff:10.0.0.0/104) as the IPv4 block it stands for. */
function unmapCidr(cidr: Cidr): Cidr {
  if (cidr.version !== 6 || cidr.prefix < 96) return cidr;
  const v4 = unmapIpv4({ version: 6, value: cidr.network, text: '' });
  return v4 ? makeCidr(4, v4.value, cidr.prefix - 96) : cidr;
}

export interface MatchOptions {
  /**
   * PostgreSQL matches an IPv4 entry only for IPv4 connections, even from ::ffff:a.b.c.d (pg_hba docs). Other
   * allowlists see the IPv4 client behind a mapped address; that is the default.
   */
  strictFamily?: boolean;
}

/** Whether `ip` lies inside `cidr`. Strings are parsed; a malformed one throws CidrError. */
export function contains(cidr: Cidr | string, ip: IpAddress | string, options: MatchOptions = {}): boolean {
  let block = toCidr(cidr);
  let address = toIp(ip);
  if (!options.strictFamily) {
    block = unmapCidr(block);
    address = unmapIpv4(address) ?? address;
  }
  if (block.version !== address.version) return false;
  return (address.value & maskOf(block.version, block.prefix)) === block.network;
}

export interface AllowlistRule {
  action: 'allow' | 'deny';
  /** An address or CIDR block. */
  value: string;
  /** Where the rule came from, for the reason text (e.g. `pg_hba.conf line 12`, `network rule OFFICE`). */
  label?: string;
  /**
   * Set when whether the rule applies to this client cannot be told from here (a pg_hba.conf host name,
   * `samenet`): `value` is then every address it might cover, and a match makes the verdict undecided.
   */
  undecidable?: string;
}

export interface AllowlistOptions extends MatchOptions {
  /**
   * `first-match`: the first matching rule decides (pg_hba.conf, firewall chains).
   * `deny-wins`: any matching deny beats every allow (Snowflake: the blocked list takes precedence).
   */
  order?: 'first-match' | 'deny-wins';
  /** Outcome when no rule matches; allowlists deny what they do not list, hence false by default. */
  allowWhenNoMatch?: boolean;
}

export interface AllowlistVerdict {
  /** False also when the verdict is undecided: only a definite match of an allow rule admits. */
  allowed: boolean;
  /** An undecidable rule (see AllowlistRule) may decide before any rule that can be judged. */
  undecided?: boolean;
  /** The deciding rule, as `allow 10.0.0.0/8` plus its label when it has one. */
  matchedRule?: string;
  reason: string;
  /** Entries that could not be read, each with why; they match nothing. */
  invalid: { rule: string; error: string }[];
  /** Remarks about entries that were read but probably not meant as written (host bits set). */
  notes: string[];
}

function describeRule(rule: AllowlistRule, index: number): string {
  const where = rule.label ? ` (${rule.label})` : '';
  return `rule ${index + 1}: ${rule.action} ${rule.value.trim()}${where}`;
}

type Match = { rule: AllowlistRule; index: number };

/**
 * The match that decides, or an undecidable one that might: under first-match the first match; under deny-wins a
 * definite deny, else an undecidable deny (it might block), else an allow — undecidable if no definite one exists.
 */
function decidingMatch(matches: readonly Match[], options: AllowlistOptions): Match | undefined {
  if (options.order !== 'deny-wins') return matches[0];
  const definite = matches.filter((m) => !m.rule.undecidable);
  const undecidable = matches.filter((m) => m.rule.undecidable);
  return (
    definite.find((m) => m.rule.action === 'deny') ??
    undecidable.find((m) => m.rule.action === 'deny') ??
    definite[0] ??
    undecidable[0]
  );
}

/** Evaluate an allowlist for one address. Plain strings are allow rules. */
export function evaluateAllowlist(
  rules: readonly (AllowlistRule | string)[],
  ipText: string,
  options: AllowlistOptions = {},
): AllowlistVerdict {
  const invalid: AllowlistVerdict['invalid'] = [];
  const notes: string[] = [];
  const ip = parseIp(ipText);
  if (!ip.ok) return { allowed: false, reason: ip.error, invalid, notes };
  const matches: Match[] = [];
  rules.forEach((entry, index) => {
    const rule: AllowlistRule = typeof entry === 'string' ? { action: 'allow', value: entry } : entry;
    const cidr = parseCidr(rule.value);
    if (!cidr.ok) {
      invalid.push({ rule: describeRule(rule, index), error: cidr.error });
      return;
    }
    if (cidr.note) notes.push(`${describeRule(rule, index)}: ${cidr.note}`);
    if (contains(cidr.value, ip.value, options)) matches.push({ rule, index });
  });
  const address = ip.value.text;
  const skipped = invalid.length > 0 ? ` (${invalid.length} unreadable entries skipped)` : '';
  const decisive = decidingMatch(matches, options);
  if (decisive?.rule.undecidable) {
    const rule = describeRule(decisive.rule, decisive.index);
    return {
      allowed: false,
      undecided: true,
      matchedRule: rule,
      reason: `Cannot tell whether ${ip.value.text} is admitted: ${rule} may apply first, and ${decisive.rule.undecidable}${skipped}.`,
      invalid,
      notes,
    };
  }
  if (!decisive) {
    const allowed = options.allowWhenNoMatch ?? false;
    const outcome = allowed ? 'allowed by default' : 'denied: what is not listed is refused';
    return { allowed, reason: `No rule matches ${address}; ${outcome}${skipped}.`, invalid, notes };
  }
  const matchedRule = describeRule(decisive.rule, decisive.index);
  const allowed = decisive.rule.action === 'allow';
  const verb = allowed ? 'allowed' : 'denied';
  const precedence =
    options.order === 'deny-wins' && !allowed && matches.some((m) => m.rule.action === 'allow')
      ? ', which beats the allow rules that also match'
      : '';
  return {
    allowed,
    matchedRule,
    reason: `${address} is ${verb} by ${matchedRule}${precedence}${skipped}.`,
    invalid,
    notes,
  };
}
