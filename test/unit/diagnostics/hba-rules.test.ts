/** pg_hba_file_rules rows → the address rules that apply to one user, database and transport. */
import { describe, expect, it } from 'vitest';
import { evaluateAllowlist } from '../../../src/diagnostics/cidr.js';
import { hbaRules } from '../../../src/diagnostics/engines/postgres-hba.js';

type Row = Parameters<typeof hbaRules>[0][number];

const ds = { username: 'app', database: 'sales' };
const row = (
  line: number,
  type: string,
  databases: string[],
  users: string[],
  address: string | null,
  netmask: string | null,
  method: string,
  error: string | null = null,
): Row => [line, type, databases, users, address, netmask, method, error];

describe('hbaRules', () => {
  it('keeps host lines for this user and database in file order, reject lines as deny', () => {
    const { rules } = hbaRules(
      [
        row(1, 'local', ['all'], ['all'], null, null, 'peer'),
        row(2, 'host', ['all'], ['app'], '10.1.2.3', '255.255.255.255', 'reject'),
        row(3, 'host', ['sales'], ['all'], '10.0.0.0', '255.0.0.0', 'scram-sha-256'),
        row(4, 'host', ['other'], ['app'], '0.0.0.0', '0.0.0.0', 'trust'),
        row(5, 'host', ['all'], ['bob'], '0.0.0.0', '0.0.0.0', 'trust'),
      ],
      ds,
      { encrypted: false },
    );
    expect(rules.map((rule) => [rule.action, rule.value])).toEqual([
      ['deny', '10.1.2.3/32'],
      ['allow', '10.0.0.0/8'],
    ]);
    expect(rules[0]?.label).toContain('pg_hba.conf line 2');
    // First match decides: the reject line comes first.
    expect(evaluateAllowlist(rules, '10.1.2.3').allowed).toBe(false);
    expect(evaluateAllowlist(rules, '10.9.9.9').allowed).toBe(true);
  });

  it('applies hostssl lines only to encrypted sessions and hostnossl only to plain ones', () => {
    const rows = [
      row(1, 'hostssl', ['all'], ['all'], '10.0.0.0', '255.0.0.0', 'scram-sha-256'),
      row(2, 'hostnossl', ['all'], ['all'], '192.168.0.0', '255.255.0.0', 'scram-sha-256'),
    ];
    expect(hbaRules(rows, ds, { encrypted: true }).rules.map((r) => r.value)).toEqual(['10.0.0.0/8']);
    expect(hbaRules(rows, ds, { encrypted: false }).rules.map((r) => r.value)).toEqual(['192.168.0.0/16']);
    // Unknown encryption: both may apply, neither is claimed.
    const unknown = hbaRules(rows, ds, { encrypted: undefined }).rules;
    expect(unknown.map((r) => [r.value, r.undecidable])).toEqual([
      ['10.0.0.0/8', 'whether the session is encrypted is unknown'],
      ['192.168.0.0/16', 'whether the session is encrypted is unknown'],
    ]);
  });

  it('turns `all` into both address families and IPv6 netmasks into prefixes', () => {
    const { rules } = hbaRules(
      [
        row(1, 'host', ['all'], ['all'], 'all', null, 'scram-sha-256'),
        row(2, 'host', ['all'], ['all'], '2001:db8::', 'ffff:ffff::', 'md5'),
      ],
      ds,
      { encrypted: false },
    );
    expect(rules.map((r) => r.value)).toEqual(['0.0.0.0/0', '::/0', '2001:db8::/32']);
  });

  it('lists lines with errors and netmasks that are not prefixes, and makes no rule of them', () => {
    const { rules, unevaluated } = hbaRules(
      [
        row(4, 'host', ['all'], ['all'], '10.0.0.0', '255.0.255.0', 'md5'),
        row(5, null as unknown as string, [], [], null, null, null as unknown as string, 'invalid IP mask'),
      ],
      ds,
      { encrypted: false },
    );
    expect(rules).toEqual([]);
    expect(unevaluated).toEqual([
      expect.stringContaining('line 4: netmask 255.0.255.0 is not contiguous'),
      'pg_hba.conf line 5: invalid IP mask',
    ]);
  });

  describe('+role and samerole, judged by the roles the user belongs to', () => {
    const rows = [
      row(1, 'host', ['all'], ['+analysts'], '10.0.0.0', '255.0.0.0', 'scram-sha-256'),
      row(2, 'host', ['samerole'], ['all'], '192.168.0.0', '255.255.0.0', 'scram-sha-256'),
    ];

    it('applies them when the user is a member', () => {
      const { rules } = hbaRules(rows, ds, { encrypted: false, roles: ['app', 'analysts', 'sales'] });
      expect(rules.map((r) => [r.value, r.undecidable])).toEqual([
        ['10.0.0.0/8', undefined],
        ['192.168.0.0/16', undefined],
      ]);
      expect(evaluateAllowlist(rules, '192.168.3.4', { order: 'first-match' }).allowed).toBe(true);
    });

    it('drops them when the user is not (samerole is not a match by itself)', () => {
      const { rules, unevaluated } = hbaRules(rows, ds, { encrypted: false, roles: ['app'] });
      expect(rules).toEqual([]);
      expect(unevaluated).toEqual([]);
      expect(evaluateAllowlist(rules, '192.168.3.4').allowed).toBe(false);
    });

    it('cannot judge them when the memberships are unknown, and says so', () => {
      const { rules, unevaluated } = hbaRules(rows, ds, { encrypted: false });
      expect(rules.every((r) => r.undecidable?.includes('could not be read'))).toBe(true);
      expect(unevaluated).toEqual([
        expect.stringContaining('line 1: may apply, cannot be judged from here: membership of role analysts'),
        expect.stringContaining('line 2: may apply, cannot be judged from here: membership of role sales'),
      ]);
      const verdict = evaluateAllowlist(rules, '10.1.1.1');
      expect(verdict).toMatchObject({ allowed: false, undecided: true });
      expect(verdict.reason).toMatch(/^Cannot tell whether 10\.1\.1\.1 is admitted: rule 1/);
    });

    it('a definite name beside a group decides without the group', () => {
      const { rules } = hbaRules(
        [row(1, 'host', ['all'], ['+analysts', 'app'], '10.0.0.0', '255.0.0.0', 'md5')],
        ds,
        { encrypted: false },
      );
      expect(rules).toEqual([expect.not.objectContaining({ undecidable: expect.anything() })]);
    });
  });

  it('never lets `replication` cover a database, and treats @file and /regex entries as undecidable', () => {
    const { rules } = hbaRules(
      [
        row(1, 'host', ['replication'], ['all'], '0.0.0.0', '0.0.0.0', 'trust'),
        row(2, 'host', ['all'], ['@admins'], '0.0.0.0', '0.0.0.0', 'trust'),
        row(3, 'host', ['/^sal'], ['all'], '0.0.0.0', '0.0.0.0', 'trust'),
      ],
      ds,
      { encrypted: false, roles: ['app'] },
    );
    expect(rules.map((r) => [r.label?.slice(0, 19), r.undecidable])).toEqual([
      ['pg_hba.conf line 2:', '@admins names a file of names the server reads'],
      ['pg_hba.conf line 3:', '/^sal is a regular expression'],
    ]);
  });

  describe('samehost, samenet and host names', () => {
    const rows = [
      row(1, 'host', ['all'], ['all'], 'samenet', null, 'reject'),
      row(2, 'host', ['all'], ['all'], '10.0.0.0', '255.0.0.0', 'scram-sha-256'),
    ];

    it('an earlier samenet line leaves the verdict open: it may cover the address, nothing says', () => {
      const { rules } = hbaRules(rows, ds, { encrypted: false, clientIp: '10.1.1.1', serverIp: '10.0.0.5' });
      const verdict = evaluateAllowlist(rules, '10.1.1.1', { order: 'first-match', strictFamily: true });
      expect(verdict.undecided).toBe(true);
      expect(verdict.allowed).toBe(false);
      expect(verdict.reason).toContain("samenet depends on the server's network interfaces");
    });

    it('is a definite match when the client is on the address the connection arrived at', () => {
      const { rules } = hbaRules(rows, ds, { encrypted: false, clientIp: '10.0.0.5', serverIp: '10.0.0.5' });
      expect(rules[0]).toMatchObject({ action: 'deny', value: '10.0.0.5' });
      expect(rules[0]?.undecidable).toBeUndefined();
      expect(evaluateAllowlist(rules, '10.0.0.5', { strictFamily: true }).allowed).toBe(false);
    });

    it('a later undecidable line does not matter once a definite one decides', () => {
      const { rules } = hbaRules([...rows].reverse(), ds, { encrypted: false, clientIp: '10.1.1.1' });
      expect(evaluateAllowlist(rules, '10.1.1.1', { strictFamily: true })).toMatchObject({
        allowed: true,
        matchedRule: expect.stringContaining('pg_hba.conf line 2'),
      });
    });

    it('a host name line is undecidable: the server matches it by reverse DNS', () => {
      const { rules } = hbaRules([row(1, 'host', ['all'], ['all'], '.example.com', null, 'md5')], ds, {
        encrypted: false,
      });
      expect(rules.map((r) => r.value)).toEqual(['0.0.0.0/0', '::/0']);
      expect(rules[0]?.undecidable).toContain('the host name .example.com');
    });
  });
});
