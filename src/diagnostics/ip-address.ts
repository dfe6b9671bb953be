/**
 * IPv4 and IPv6 addresses as numbers, so that allowlist checks are arithmetic rather than string matching.
 * Parsing is strict on purpose: an allowlist entry that is almost an address (a leading zero that some tools read
 * as octal, a zone index, five groups) is reported back to the user instead of being guessed at.
 */

export type IpVersion = 4 | 6;

export interface IpAddress {
  version: IpVersion;
  /** The address as an unsigned integer: 32 bits for IPv4, 128 for IPv6. */
  value: bigint;
  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
  text: string;
}

export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; error: string };

export const IPV4_BITS = 32;
export const IPV6_BITS = 128;
/** ::ffff:0:0/96, where IPv6 sockets show IPv4 clients. */
const MAPPED_PREFIX = 0xffffn << 32n;
const MAPPED_MASK = ~((1n << 32n) - 1n) & ((1n << 128n) - 1n);

export function bitsOf(version: IpVersion): number {
  return version === 4 ? IPV4_BITS : IPV6_BITS;
}

/** The one-address CIDR of an address: `192.0.2.7/32`, `2001:db8::1/128`. */
export function hostCidr(ip: IpAddress): string {
  return `${ip.text}/${bitsOf(ip.version)}`;
}

function parseIpv4Value(text: string): bigint | string {
  const parts = text.split('.');
  if (parts.length !== 4) return 'an IPv4 address has four dot-separated numbers';
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return `"${part}" is not a number from 0 to 255`;
    // "010" is 8 to inet_aton and 10 to most people: refuse rather than pick one.
    if (part.length > 1 && part.startsWith('0')) return `"${part}" has a leading zero (octal or decimal?)`;
    const n = Number(part);
    if (n > 255) return `${part} is greater than 255`;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6Value(text: string): bigint | string {
  if (text.includes('%')) return 'zone indexes (%…) are not supported in addresses or allowlists';
  const halves = text.split('::');
  if (halves.length > 2) return '"::" may appear only once';
  const groupsOf = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const all = [...head, ...tail];
  // An embedded IPv4 address (::ffff:1.2.3.4) may only be the last part and stands for two groups.
  const last = all.at(-1);
  let ipv4Tail: bigint | undefined;
  if (last?.includes('.')) {
    const v4 = parseIpv4Value(last);
    if (typeof v4 === 'string') return `embedded IPv4 address: ${v4}`;
    // "1.2.3.4::" would put the IPv4 part before the zero run: it must end the address.
    if (halves.length === 2 && tail.length === 0) return 'an embedded IPv4 address must end the address';
    ipv4Tail = v4;
    if (tail.length > 0) tail.pop();
    else head.pop();
  }
  const groups = [...head, ...tail];
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return `"${group}" is not a group of one to four hex digits`;
  }
  const size = groups.length + (ipv4Tail === undefined ? 0 : 2);
  if (halves.length === 1 && size !== 8) return `an IPv6 address has eight groups, not ${size}`;
  // "::" stands for at least one zero group (RFC 5952 forbids it for a single group, but RFC 4291 allows it).
  if (halves.length === 2 && size > 7) return 'too many groups around "::"';
  const fill = 8 - size;
  const expanded = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of expanded) value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  if (ipv4Tail !== undefined) value = (value << 32n) | ipv4Tail;
  return value;
}

export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

export function formatIpv6(value: bigint): string {
  if ((value & MAPPED_MASK) === MAPPED_PREFIX) return `::ffff:${formatIpv4(value & 0xffffffffn)}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.length < 2) return hex.join(':');
  const left = hex.slice(0, best.start).join(':');
  const right = hex.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}

export function formatIp(version: IpVersion, value: bigint): string {
  return version === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** Parse an IPv4 or IPv6 address; surrounding brackets (`[::1]`) are accepted, as URLs write them. */
export function parseIp(input: string): Parsed<IpAddress> {
  const trimmed = input.trim();
  const text = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (text === '') return { ok: false, error: 'empty address' };
  const version: IpVersion = text.includes(':') ? 6 : 4;
  const value = version === 4 ? parseIpv4Value(text) : parseIpv6Value(text);
  if (typeof value === 'string') return { ok: false, error: `"${input}" is not an IP address: ${value}` };
  return { ok: true, value: { version, value, text: formatIp(version, value) } };
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), or undefined. */
export function unmapIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.version !== 6 || (ip.value & MAPPED_MASK) !== MAPPED_PREFIX) return undefined;
  const value = ip.value & 0xffffffffn;
  return { version: 4, value, text: formatIpv4(value) };
}

/** The IPv4-mapped IPv6 form of an IPv4 address. */
export function mapToIpv6(ip: IpAddress): IpAddress {
  if (ip.version === 6) return ip;
  const value = MAPPED_PREFIX | ip.value;
  return { version: 6, value, text: formatIpv6(value) };
}
