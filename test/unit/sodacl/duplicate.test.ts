import { describe, expect, it } from 'vitest';
import { errorList, onlyCheck, singleError } from './helpers.js';

describe('duplicate checks', () => {
  it('reads one or more columns, a line threshold, filter and samples keys', () => {
    const check = onlyCheck(
      'duplicate',
      'checks for t:\n  - duplicate_count(a, "B") < 2:\n      filter: x > 1\n      samples limit: 5\n      samples columns: [id]\n      name: No dupes\n',
    );
    expect(check).toMatchObject({
      kind: 'duplicate',
      metric: 'duplicate_count',
      source: 'duplicate_count(a, "B") < 2',
      dataset: { name: 't', quoted: false },
      columns: [
        { name: 'a', quoted: false },
        { name: 'B', quoted: true },
      ],
      fail: { gte: 2, union: false },
      filter: 'x > 1',
      samplesLimit: 5,
      samplesColumns: [{ name: 'id', quoted: false }],
      name: 'No dupes',
      location: { filePath: 'checks.yml', line: 2, col: 5 },
    });
    expect(check.warn).toBeUndefined();
  });

  it('reads duplicate_percent with alert blocks', () => {
    const check = onlyCheck(
      'duplicate',
      'checks for t:\n  - duplicate_percent(a):\n      warn: when > 1\n      fail: when > 5\n',
    );
    expect(check).toMatchObject({
      metric: 'duplicate_percent',
      columns: [{ name: 'a', quoted: false }],
      warn: { gt: 1, union: false },
      fail: { gt: 5, union: false },
    });
  });

  it('rejects missing/valid keys, explaining why', () => {
    expect(singleError('checks for t:\n  - duplicate_count(a) = 0:\n      missing values: [x]\n')).toEqual({
      message:
        'Missing and validity keys do not apply to duplicate_count: it counts distinct non-NULL value combinations that occur more than once; use "filter:" to narrow the rows',
      line: 3,
      col: 7,
    });
  });

  it('needs columns, only columns, and a threshold; refuses a threshold with warn/fail', () => {
    expect(
      errorList(
        [
          'checks for t:',
          '  - duplicate_count = 0',
          '  - duplicate_count(a, 1) = 0',
          '  - duplicate_percent(a)',
          '  - duplicate_count(a) = 0:',
          '      fail: when > 1',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      ['duplicate_count takes one or more columns: duplicate_count(a) or duplicate_count(a, b)', 2, 5],
      [
        'duplicate_count takes one or more columns: duplicate_count(a) or duplicate_count(a, b); 1 is not a column',
        3,
        24,
      ],
      [
        'Check "duplicate_percent(a)" has no threshold: add one to the line (e.g. duplicate_percent(…) > 0) or give it "warn: when …" / "fail: when …"',
        4,
        5,
      ],
      [
        'This check has a threshold on its line, so its "fail:" would be ignored; use either the line threshold or warn:/fail: blocks',
        6,
        7,
      ],
    ]);
  });

  it('rejects unknown keys with suggestions', () => {
    const error = singleError('checks for t:\n  - duplicate_count(a) = 0:\n      filtre: a > 1\n');
    expect(error).toMatchObject({ line: 3, col: 7 });
    expect(error.message).toMatch(/^Unknown check configuration key "filtre"\. Did you mean "filter"\?/);
  });
});
