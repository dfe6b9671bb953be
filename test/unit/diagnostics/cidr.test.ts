import { describe, expect, it } from 'vitest';
import { CidrError, cidrFromNetmask, contains, parseCidr } from '../../../src/diagnostics/cidr.js';
import { mapToIpv6, parseIp, unmapIpv4 } from '../../../src/diagnostics/ip-address.js';

function ip(text: string) {
  const parsed = parseIp(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed;
}

describe('IP addresses', () => {
  it('parses IPv4 and rejects what is not a dotted quad', () => {
    expect(ip('203.0.113.7')).toEqual({ version: 4, value: 0xcb007107n, text: '203.0.113.7' });
    expect(ip(' 0.0.0.0 ').text).toBe('0.0.0.0');
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-4', '1..3.4', 'a.b.c.d', '']) {
      expect(parseIp(bad).ok, bad).toBe(false);
    }
  });

  it('refuses leading zeros, which some tools read as octal', () => {
    const parsed = parseIp('10.010.0.1');
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('leading zero') });
  });

  it('parses IPv6 with :: compression in any position and prints RFC 5952 text', () => {
    expect(ip('::').text).toBe('::');
    expect(ip('::1').value).toBe(1n);
    expect(ip('2001:DB8::').text).toBe('2001:db8::');
    expect(ip('2001:0db8:0000:0000:0000:ff00:0042:8329').text).toBe('2001:db8::ff00:42:8329');
    expect(ip('2001:db8:0:0:1:0:0:1').text).toBe('2001:db8::1:0:0:1'); // first of two equal runs
    expect(ip('2001:db8:0:1:1:1:1:1').text).toBe('2001:db8:0:1:1:1:1:1'); // one zero group is not compressed
    expect(ip('[fe80::1]').text).toBe('fe80::1');
  });

  it('compares IPv6 case-insensitively', () => {
    expect(ip('2001:DB8::ABCD').value).toBe(ip('2001:db8::abcd').value);
  });

  it('rejects malformed IPv6 with a reason', () => {
    const cases: [string, string][] = [
      ['1::2::3', 'only once'],
      ['1:2:3:4:5:6:7:8:9', 'eight groups'],
      ['1:2:3:4:5:6:7', 'eight groups'],
      ['1:2:3:4::5:6:7:8', 'too many groups'],
      ['12345::', 'hex digits'],
      ['fe80::1%eth0', 'zone'],
      ['::ffff:1.2.3.256', 'embedded IPv4'],
      ['1.2.3.4::', 'must end'],
      [':1:2:3:4:5:6:7', 'hex digits'],
    ];
    for (const [text, reason] of cases) {
      expect(parseIp(text), text).toEqual({ ok: false, error: expect.stringContaining(reason) });
    }
  });

  it('reads IPv4-mapped IPv6 addresses and maps both ways', () => {
    const mapped = ip('::FFFF:192.0.2.1');
    expect(mapped.text).toBe('::ffff:192.0.2.1');
    expect(ip('::ffff:c000:201').text).toBe('::ffff:192.0.2.1');
    expect(unmapIpv4(mapped)?.text).toBe('192.0.2.1');
    expect(unmapIpv4(ip('2001:db8::1'))).toBeUndefined();
    expect(mapToIpv6(ip('192.0.2.1')).value).toBe(mapped.value);
  });
});

describe('CIDR blocks', () => {
  it('reads a bare address as a single host', () => {
    expect(cidr('10.1.2.3').value.text).toBe('10.1.2.3/32');
    expect(cidr('2001:db8::1').value.text).toBe('2001:db8::1/128');
  });

  it('accepts the /0, /32 and /128 edges', () => {
    expect(cidr('0.0.0.0/0').value).toMatchObject({ prefix: 0, network: 0n });
    expect(cidr('::/0').value.text).toBe('::/0');
    expect(cidr('10.1.2.3/32').note).toBeUndefined();
    expect(cidr('2001:db8::1/128').note).toBeUndefined();
  });

  it('rejects prefixes out of range or not a number', () => {
    for (const bad of [
      '10.0.0.0/33',
      '::/129',
      '10.0.0.0/',
      '10.0.0.0/-1',
      '10.0.0.0/8a',
      '10.0.0.0/ 8',
      '/8',
    ]) {
      expect(parseCidr(bad).ok, bad).toBe(false);
    }
    expect(parseCidr('10.0.0.0/33')).toEqual({ ok: false, error: expect.stringContaining('0 to 32') });
  });

  it('clears host bits and says so', () => {
    const parsed = cidr('10.0.0.5/24');
    expect(parsed.value.text).toBe('10.0.0.0/24');
    expect(parsed.note).toBe(
      '"10.0.0.5/24" has host bits set; it covers 10.0.0.0/24 (for the single address, write 10.0.0.5/32)',
    );
    expect(cidr('2001:DB8::1/32').value.text).toBe('2001:db8::/32');
  });

  it('turns pg_hba netmasks into prefixes', () => {
    expect(cidrFromNetmask('192.168.0.0', '255.255.0.0')).toMatchObject({
      ok: true,
      value: { text: '192.168.0.0/16' },
    });
    expect(cidrFromNetmask('10.0.0.1', '255.255.255.255')).toMatchObject({
      ok: true,
      value: { text: '10.0.0.1/32' },
    });
    expect(cidrFromNetmask('0.0.0.0', '0.0.0.0')).toMatchObject({ ok: true, value: { text: '0.0.0.0/0' } });
    expect(cidrFromNetmask('10.0.0.0', '255.0.255.0')).toEqual({
      ok: false,
      error: expect.stringContaining('contiguous'),
    });
    expect(cidrFromNetmask('10.0.0.0', 'ffff::')).toEqual({
      ok: false,
      error: expect.stringContaining('IP version'),
    });
  });
});

describe('contains', () => {
  it('tests membership at the edges of a block', () => {
    expect(contains('10.0.0.0/8', '10.255.255.255')).toBe(true);
    expect(contains('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(contains('0.0.0.0/0', '203.0.113.7')).toBe(true);
    expect(contains('203.0.113.7/32', '203.0.113.7')).toBe(true);
    expect(contains('203.0.113.7/32', '203.0.113.8')).toBe(false);
    expect(contains('2001:db8::/32', '2001:DB8:FFFF::1')).toBe(true);
    expect(contains('2001:db8::1/128', '2001:db8::2')).toBe(false);
    expect(contains('::/0', '::1')).toBe(true);
  });

  it('never matches across families, except the IPv4 client behind a mapped address', () => {
    expect(contains('::/0', '1.2.3.4')).toBe(false);
    expect(contains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(contains('192.0.2.0/24', '::ffff:192.0.2.9')).toBe(true);
    expect(contains('::ffff:192.0.2.0/120', '192.0.2.9')).toBe(true);
  });

  it('keeps families apart when asked to, as pg_hba.conf does', () => {
    expect(contains('192.0.2.0/24', '::ffff:192.0.2.9', { strictFamily: true })).toBe(false);
    expect(contains('::ffff:192.0.2.0/120', '::ffff:192.0.2.9', { strictFamily: true })).toBe(true);
  });

  it('throws a CidrError naming the malformed input', () => {
    expect(() => contains('10.0.0.0/40', '10.0.0.1')).toThrow(CidrError);
    expect(() => contains('10.0.0.0/8', '10.0.0.300')).toThrow(/10\.0\.0\.300/);
  });
});
