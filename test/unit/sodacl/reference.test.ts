import { describe, expect, it } from 'vitest';
import { errorList, onlyCheck } from './helpers.js';

describe('reference checks', () => {
  it('reads parenthesised column lists', () => {
    expect(
      onlyCheck('reference', 'checks for t:\n  - values in (a, b) must exist in other (x, y)\n'),
    ).toMatchObject({
      kind: 'reference',
      source: 'values in (a, b) must exist in other (x, y)',
      dataset: { name: 't', quoted: false },
      columns: [
        { name: 'a', quoted: false },
        { name: 'b', quoted: false },
      ],
      otherDataset: { name: 'other', quoted: false },
      otherColumns: [
        { name: 'x', quoted: false },
        { name: 'y', quoted: false },
      ],
      mustExist: true,
    });
  });

  it('reads single unparenthesised columns, must not exist, quoted names and samples keys', () => {
    const check = onlyCheck(
      'reference',
      'checks for t:\n  - values in a must not exist in "Other" "X":\n      samples limit: 5\n      samples columns: [a]\n      name: Ref\n',
    );
    expect(check).toMatchObject({
      columns: [{ name: 'a', quoted: false }],
      otherDataset: { name: 'Other', quoted: true },
      otherColumns: [{ name: 'X', quoted: true }],
      mustExist: false,
      samplesLimit: 5,
      samplesColumns: [{ name: 'a', quoted: false }],
      name: 'Ref',
    });
  });

  it('reports column count mismatches, thresholds and grammar errors at their place', () => {
    const noThreshold =
      'Reference checks have no thresholds: they fail when any row has values that are not found (or, with "must not exist", are found)';
    expect(
      errorList(
        [
          'checks for t:',
          '  - values in (a, b) must exist in other (x)',
          '  - values in a must exist in other x > 0',
          '  - values in a must exist in other x:',
          '      fail: when > 0',
          '  - values in a must exists in other x',
          '  - values in (a must exist in other x',
          '  - values in a must exist in other x:',
          '      filter: a > 1',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      ['The reference compares 2 columns with 1; give the same number on both sides', 2, 42],
      [`${noThreshold}; unexpected ">"`, 3, 39],
      [noThreshold, 5, 7],
      ['Expected "exist" (values in (a, b) must exist in other_dataset (x, y)) but found "exists"', 6, 22],
      ['Expected "," or ")" but found "must"', 7, 18],
      [
        '"filter" does not apply to reference checks; declare a partition ("filter DATASET [NAME]:") instead',
        9,
        7,
      ],
    ]);
  });
});
