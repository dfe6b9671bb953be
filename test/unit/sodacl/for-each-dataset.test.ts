import { describe, expect, it } from 'vitest';
import type { ForEachDatasetTemplate } from '../../../src/sodacl/model.js';
import { expandForEachDataset, selectDatasets } from '../../../src/sodacl/parse.js';
import { errorList, parse } from './helpers.js';

const SECTION = [
  'variables:',
  '  MIN: 1',
  'configurations for raw_a:',
  '  missing values for id: [N/A]',
  'for each dataset D:',
  '  datasets:',
  '    - customers',
  '    - include raw_%',
  '    - exclude raw_test%',
  '  checks:',
  '    - row_count > ${MIN}',
  '    - missing_count(id) = 0:',
  '        name: ids in ${D}',
  '',
].join('\n');

function template(text = SECTION): ForEachDatasetTemplate {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  expect(result.checks).toEqual([]);
  expect(result.forEach).toHaveLength(1);
  return result.forEach[0] as ForEachDatasetTemplate;
}

describe('for each dataset', () => {
  it('keeps a template with its alias, selectors and place', () => {
    expect(template()).toMatchObject({
      alias: 'D',
      selectors: [
        { kind: 'name', pattern: 'customers' },
        { kind: 'include', pattern: 'raw_%' },
        { kind: 'exclude', pattern: 'raw_test%' },
      ],
      location: { filePath: 'checks.yml', line: 5, col: 1 },
    });
  });

  it('expands per table with ${ALIAS} bound, its own header and dataset, and column configurations applied', () => {
    const expanded = expandForEachDataset(template(), ['raw_a', 'Raw_B'], { variables: { MIN: '5' } });
    expect(expanded.diagnostics).toEqual([]);
    expect(expanded.forEach).toEqual([]);
    expect(
      expanded.checks.map((c) => [c.header, c.dataset, c.name, c.kind === 'metric' ? c.fail : undefined]),
    ).toEqual([
      ['checks for D being raw_a', { name: 'raw_a', quoted: false }, undefined, { lte: 5, union: false }],
      [
        'checks for D being raw_a',
        { name: 'raw_a', quoted: false },
        'ids in raw_a',
        { lt: 0, gt: 0, union: true },
      ],
      ['checks for D being Raw_B', { name: 'Raw_B', quoted: true }, undefined, { lte: 5, union: false }],
      [
        'checks for D being Raw_B',
        { name: 'Raw_B', quoted: true },
        'ids in Raw_B',
        { lt: 0, gt: 0, union: true },
      ],
    ]);
    const [, rawAMissing, , rawBMissing] = expanded.checks;
    expect(rawAMissing?.kind === 'metric' && rawAMissing.missingValid).toEqual({ missingValues: ['N/A'] });
    expect(rawBMissing?.kind === 'metric' && rawBMissing.missingValid).toBeUndefined();
    expect(rawAMissing?.location).toEqual({ filePath: 'checks.yml', line: 12, col: 7 });
  });

  it('reports template errors once at parse time, with their place, and not again on expansion', () => {
    const result = parse(
      'for each dataset D:\n  datasets: [a]\n  checks:\n    - nope > 1\n    - row_count > 0\n',
    );
    expect(result.diagnostics.map((d) => [d.message, d.location.line, d.location.col])).toEqual([
      ['Unknown metric "nope".', 4, 7],
    ]);
    const expanded = expandForEachDataset(result.forEach[0] as ForEachDatasetTemplate, ['a', 'b']);
    expect(expanded.diagnostics).toEqual([]);
    expect(expanded.checks.map((c) => c.dataset?.name)).toEqual(['a', 'b']);
  });

  it('accepts the legacy "for each table" and "tables:" with warnings', () => {
    const result = parse('for each table T:\n  tables: [a]\n  checks: [row_count > 0]\n');
    expect(result.forEach).toHaveLength(1);
    expect(result.diagnostics.map((d) => [d.severity, d.message, d.location.line, d.location.col])).toEqual([
      ['warning', '"for each table" is deprecated; write "for each dataset T"', 1, 1],
      ['warning', '"tables:" is deprecated; write "datasets:"', 2, 3],
    ]);
  });

  it.each<[string, [string, number, number][]]>([
    [
      'for each dataset D:\n  checks: [row_count > 0]\n',
      [['A "for each dataset" section needs "datasets:" (a list of names or patterns)', 1, 1]],
    ],
    [
      'for each dataset D:\n  datasets: [a]\n',
      [['A "for each dataset" section needs "checks:" (a list of checks)', 1, 1]],
    ],
    [
      'for each dataset D:\n  datasets: [a]\n  checks: []\n',
      [['"checks" must be a non-empty list of checks', 3, 11]],
    ],
    [
      'for each dataset D:\n  datasets: ["a.b"]\n  checks: [row_count > 0]\n',
      [
        [
          '"datasets" entry "a.b" must name a dataset of the scanned data source, without a data source or schema prefix',
          2,
          14,
        ],
      ],
    ],
    [
      'for each dataset D:\n  datasets: [include "x"]\n  checks: [row_count > 0]\n',
      [
        [
          '"datasets" entry "include "x"" must be a plain name or SQL LIKE pattern, without quotes or spaces',
          2,
          14,
        ],
      ],
    ],
    [
      'for each dataset D:\n  datasets: a\n  checks: [row_count > 0]\n',
      [
        [
          '"datasets" must be a non-empty list of dataset names, "include PATTERN" or "exclude PATTERN"',
          2,
          13,
        ],
      ],
    ],
    [
      'for each dataset D:\n  datasets: [a]\n  chex: [row_count > 0]\n',
      [
        ['A "for each dataset" section needs "checks:" (a list of checks)', 1, 1],
        ['Unknown key "chex" in a "for each dataset" section. Keys: datasets, checks', 3, 3],
      ],
    ],
    [
      'for each dataset D E:\n  datasets: [a]\n  checks: [row_count > 0]\n',
      [['Unexpected "E" after the alias', 1, 20]],
    ],
    [
      'for each dataset:\n  datasets: [a]\n  checks: [row_count > 0]\n',
      [['A "for each dataset" header needs an alias: for each dataset D', 1, 17]],
    ],
  ])('errors: %j', (text, expected) => {
    expect(errorList(text)).toEqual(expected);
  });
});

describe('selectDatasets', () => {
  const tables = ['customers', 'CUSTOMERS2', 'raw_a', 'RAW_B', 'raw_test1', 'rawx', 'orders'];

  it('names match exactly (case-insensitive), includes are SQL LIKE patterns, excludes win', () => {
    expect(
      selectDatasets(
        [
          { kind: 'name', pattern: 'Customers' },
          { kind: 'include', pattern: 'raw_%' },
          { kind: 'exclude', pattern: 'RAW_TEST%' },
        ],
        tables,
      ),
    ).toEqual(['customers', 'raw_a', 'RAW_B', 'rawx']);
  });

  it('"_" matches exactly one character; a list of excludes only selects every other table', () => {
    expect(selectDatasets([{ kind: 'include', pattern: 'raw__' }], tables)).toEqual(['raw_a', 'RAW_B']);
    expect(selectDatasets([{ kind: 'exclude', pattern: 'raw%' }], tables)).toEqual([
      'customers',
      'CUSTOMERS2',
      'orders',
    ]);
    expect(selectDatasets([{ kind: 'name', pattern: 'missing' }], tables)).toEqual([]);
  });

  it('treats regex characters literally', () => {
    expect(selectDatasets([{ kind: 'include', pattern: 'a.c%' }], ['abc', 'a.cd'])).toEqual(['a.cd']);
  });
});
