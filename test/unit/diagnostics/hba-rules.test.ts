/** pg_hba_file_rules rows → the address rules that apply to one user, database and transport. */
import { describe, expect, it } from 'vitest';
import { evaluateAllowlist } from '../../../src/diagnostics/cidr.js';
import { hbaRules } from '../../../src/diagnostics/engines/postgres.js';

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
      false,
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
    expect(hbaRules(rows, ds, true).rules.map((r) => r.value)).toEqual(['10.0.0.0/8']);
    expect(hbaRules(rows, ds, false).rules.map((r) => r.value)).toEqual(['192.168.0.0/16']);
  });

  it('turns `all` into both address families and IPv6 netmasks into prefixes', () => {
    const { rules } = hbaRules(
      [
        row(1, 'host', ['all'], ['all'], 'all', null, 'scram-sha-256'),
        row(2, 'host', ['all'], ['all'], '2001:db8::', 'ffff:ffff::', 'md5'),
      ],
      ds,
      false,
    );
    expect(rules.map((r) => r.value)).toEqual(['0.0.0.0/0', '::/0', '2001:db8::/32']);
  });

  it('lists lines it cannot judge: host names, samenet, groups, and lines with errors', () => {
    const { rules, unevaluated } = hbaRules(
      [
        row(1, 'host', ['all'], ['all'], 'db-clients.example.com', null, 'md5'),
        row(2, 'host', ['all'], ['all'], 'samenet', null, 'md5'),
        row(3, 'host', ['all'], ['+analysts'], '10.0.0.0', '255.0.0.0', 'md5'),
        row(4, 'host', ['all'], ['all'], '10.0.0.0', '255.0.255.0', 'md5'),
        row(5, null as unknown as string, [], [], null, null, null as unknown as string, 'invalid IP mask'),
      ],
      ds,
      false,
    );
    expect(rules).toEqual([]);
    expect(unevaluated).toEqual([
      expect.stringContaining('line 1: the address db-clients.example.com is a host name'),
      expect.stringContaining('line 2: the address samenet'),
      expect.stringContaining('line 3: names a group'),
      expect.stringContaining('line 4: netmask 255.0.255.0 is not contiguous'),
      'pg_hba.conf line 5: invalid IP mask',
    ]);
  });
});
