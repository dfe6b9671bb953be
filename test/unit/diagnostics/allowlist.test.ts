import { describe, expect, it } from 'vitest';
import { evaluateAllowlist } from '../../../src/diagnostics/cidr.js';
import { checkCloudEgress, SODA_CLOUD_EGRESS } from '../../../src/diagnostics/cloud-egress.js';

describe('evaluateAllowlist', () => {
  const hba = [
    { action: 'deny' as const, value: '10.0.0.66', label: 'pg_hba.conf line 3' },
    { action: 'allow' as const, value: '10.0.0.0/24', label: 'pg_hba.conf line 4' },
  ];

  it('lets the first matching rule decide', () => {
    expect(evaluateAllowlist(hba, '10.0.0.66')).toEqual({
      allowed: false,
      matchedRule: 'rule 1: deny 10.0.0.66 (pg_hba.conf line 3)',
      reason: '10.0.0.66 is denied by rule 1: deny 10.0.0.66 (pg_hba.conf line 3).',
      invalid: [],
      notes: [],
    });
    expect(evaluateAllowlist(hba, '10.0.0.7')).toMatchObject({
      allowed: true,
      matchedRule: 'rule 2: allow 10.0.0.0/24 (pg_hba.conf line 4)',
    });
  });

  it('an allow before a deny wins under first-match', () => {
    const rules = [...hba].reverse();
    expect(evaluateAllowlist(rules, '10.0.0.66')).toMatchObject({
      allowed: true,
      matchedRule: 'rule 1: allow 10.0.0.0/24 (pg_hba.conf line 4)',
    });
  });

  it('lets any deny beat the allows under deny-wins (Snowflake blocked lists), whatever the order', () => {
    const rules = [...hba].reverse();
    const verdict = evaluateAllowlist(rules, '10.0.0.66', { order: 'deny-wins' });
    expect(verdict.allowed).toBe(false);
    expect(verdict.reason).toBe(
      '10.0.0.66 is denied by rule 2: deny 10.0.0.66 (pg_hba.conf line 3), which beats the allow rules that also match.',
    );
    expect(evaluateAllowlist(rules, '10.0.0.7', { order: 'deny-wins' }).allowed).toBe(true);
  });

  describe('rules whose match cannot be judged', () => {
    const maybe = {
      action: 'deny' as const,
      value: '0.0.0.0/0',
      label: 'pg_hba.conf line 1',
      undecidable: 'samenet depends on the server',
    };
    const office = { action: 'allow' as const, value: '10.0.0.0/8' };

    it('leave a first-match verdict open when they come first and cover the address', () => {
      expect(evaluateAllowlist([maybe, office], '10.1.1.1')).toEqual({
        allowed: false,
        undecided: true,
        matchedRule: 'rule 1: deny 0.0.0.0/0 (pg_hba.conf line 1)',
        reason:
          'Cannot tell whether 10.1.1.1 is admitted: rule 1: deny 0.0.0.0/0 (pg_hba.conf line 1) may apply first, and samenet depends on the server.',
        invalid: [],
        notes: [],
      });
      // After a definite match, or outside their range, they do not matter.
      expect(evaluateAllowlist([office, maybe], '10.1.1.1')).toMatchObject({ allowed: true });
      expect(evaluateAllowlist([{ ...maybe, value: '192.168.0.0/16' }, office], '10.1.1.1').allowed).toBe(
        true,
      );
    });

    it('under deny-wins: a definite deny decides; an undecidable deny keeps an allow open', () => {
      const deny = { action: 'deny' as const, value: '10.1.1.1' };
      expect(evaluateAllowlist([maybe, office, deny], '10.1.1.1', { order: 'deny-wins' })).toMatchObject({
        allowed: false,
        matchedRule: 'rule 3: deny 10.1.1.1',
      });
      expect(evaluateAllowlist([office, maybe], '10.1.1.1', { order: 'deny-wins' }).undecided).toBe(true);
      const maybeAllow = { ...maybe, action: 'allow' as const };
      expect(evaluateAllowlist([maybeAllow], '10.1.1.1', { order: 'deny-wins' }).undecided).toBe(true);
      expect(evaluateAllowlist([maybeAllow, office], '10.1.1.1', { order: 'deny-wins' }).allowed).toBe(true);
    });
  });

  it('denies what no rule matches, unless told otherwise', () => {
    expect(evaluateAllowlist(['192.0.2.0/24'], '198.51.100.1')).toMatchObject({
      allowed: false,
      reason: 'No rule matches 198.51.100.1; denied: what is not listed is refused.',
    });
    expect(evaluateAllowlist([], '198.51.100.1', { allowWhenNoMatch: true })).toMatchObject({
      allowed: true,
    });
  });

  it('reports malformed entries and host-bit notes without stopping', () => {
    const verdict = evaluateAllowlist(['10.0.0.0/33', '300.1.1.1', '192.0.2.9/24'], '192.0.2.1');
    expect(verdict.allowed).toBe(true);
    expect(verdict.invalid.map((i) => i.rule)).toEqual([
      'rule 1: allow 10.0.0.0/33',
      'rule 2: allow 300.1.1.1',
    ]);
    expect(verdict.invalid[0]?.error).toContain('prefix length');
    expect(verdict.notes).toEqual([
      'rule 3: allow 192.0.2.9/24: "192.0.2.9/24" has host bits set; it covers 192.0.2.0/24 (for the single address, write 192.0.2.9/32)',
    ]);
    expect(verdict.reason).toBe(
      '192.0.2.1 is allowed by rule 3: allow 192.0.2.9/24 (2 unreadable entries skipped).',
    );
  });

  it('refuses a malformed address to check', () => {
    expect(evaluateAllowlist(['0.0.0.0/0'], 'not-an-ip')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('not-an-ip'),
    });
  });

  it('handles IPv6 and mapped clients, and strict families for pg_hba', () => {
    expect(evaluateAllowlist(['2001:db8::/48'], '2001:DB8:0:1::5').allowed).toBe(true);
    expect(evaluateAllowlist(['127.0.0.1/32'], '::ffff:127.0.0.1').allowed).toBe(true);
    expect(evaluateAllowlist(['127.0.0.1/32'], '::ffff:127.0.0.1', { strictFamily: true }).allowed).toBe(
      false,
    );
  });
});

describe('Soda Cloud egress', () => {
  it('lists the published webhook addresses', () => {
    expect(SODA_CLOUD_EGRESS).toEqual({
      eu: ['54.78.91.111', '52.49.181.67'],
      us: ['34.208.202.240', '52.35.114.145'],
    });
  });

  it('says which addresses an allowlist admits', () => {
    const result = checkCloudEgress(['54.78.91.111/32', '34.208.0.0/16']);
    expect(result.map((r) => [r.region, r.address, r.allowed])).toEqual([
      ['eu', '54.78.91.111', true],
      ['eu', '52.49.181.67', false],
      ['us', '34.208.202.240', true],
      ['us', '52.35.114.145', false],
    ]);
    expect(result[2]?.matchedRule).toBe('rule 2: allow 34.208.0.0/16');
    expect(result[1]?.matchedRule).toBeUndefined();
  });

  it('checks one region when asked, with deny rules honoured', () => {
    const rules = [
      { action: 'deny' as const, value: '52.49.181.67' },
      { action: 'allow' as const, value: '0.0.0.0/0' },
    ];
    expect(checkCloudEgress(rules, { region: 'eu' }).map((r) => r.allowed)).toEqual([true, false]);
  });
});
