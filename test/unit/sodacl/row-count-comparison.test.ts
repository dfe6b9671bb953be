import { describe, expect, it } from 'vitest';
import { errorList, onlyCheck } from './helpers.js';

describe('row count comparison', () => {
  it('compares with another dataset, or one of its partitions (filter resolved)', () => {
    expect(
      onlyCheck('row-count-comparison', 'checks for t:\n  - row_count same as "Other":\n      name: Same\n'),
    ).toMatchObject({
      kind: 'row-count-comparison',
      dataset: { name: 't', quoted: false },
      otherDataset: { name: 'Other', quoted: true },
      name: 'Same',
    });
    const check = onlyCheck(
      'row-count-comparison',
      "checks for t:\n  - row_count same as other [daily]\nfilter OTHER [daily]:\n  where: day = '${D}'\n",
      { variables: { D: '2024-01-01' } },
    );
    expect(check).toMatchObject({
      otherDataset: { name: 'other', quoted: false },
      otherPartition: 'daily',
      otherPartitionFilter: "day = '2024-01-01'",
    });
  });

  it('refuses another data source, an undeclared partition and any threshold', () => {
    const noThreshold = 'A row count comparison takes no threshold: it passes when both row counts are equal';
    expect(
      errorList(
        [
          'checks for t:',
          '  - row_count same as o in other_ds',
          '  - row_count same as o [nope]',
          '  - row_count same as o > 0',
          '  - row_count same as o:',
          '      warn: when > 1',
          '  - row_count same as o [',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      ['Comparing with another data source is not supported yet', 2, 25],
      ['Filter not declared: o [nope]; add "filter o [nope]:" with "where: <SQL condition>"', 3, 25],
      [`${noThreshold}; unexpected "> 0"`, 4, 25],
      [noThreshold, 6, 7],
      ['Missing "]" after the partition name', 7, 25],
    ]);
  });
});
