/** The datasets a connection test checks: from parsed checks (both sides of references) and `for each` names. */
import { describe, expect, it } from 'vitest';
import { datasetsOfChecks } from '../../../src/diagnostics/check-datasets.js';
import { parseChecks } from '../../../src/sodacl/parse.js';

const parse = (text: string) => parseChecks([{ filePath: 'checks.yml', text }]);

describe('datasetsOfChecks', () => {
  it('lists each dataset once, with the other side of references, in order of first use', () => {
    const parsed = parse(
      [
        'checks for orders:',
        '  - row_count > 0',
        '  - values in (customer_id) must exist in customers (id)',
        'checks for ORDERS:',
        '  - missing_count(id) = 0',
        'checks for "Orders":',
        '  - row_count > 0',
        '',
      ].join('\n'),
    );
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // ORDERS unquoted is the same table as orders; "Orders" quoted is another.
    expect(datasetsOfChecks(parsed.checks)).toEqual([
      { name: 'orders', quoted: false },
      { name: 'customers', quoted: false },
      { name: 'Orders', quoted: true },
    ]);
  });

  it('adds the names `for each dataset` sections list, without repeating a dataset', () => {
    const parsed = parse('checks for orders:\n  - row_count > 0\n');
    expect(
      datasetsOfChecks(parsed.checks, [
        { name: 'ORDERS', quoted: false },
        { name: 'payments', quoted: false },
      ]),
    ).toEqual([
      { name: 'orders', quoted: false },
      { name: 'payments', quoted: false },
    ]);
  });
});
