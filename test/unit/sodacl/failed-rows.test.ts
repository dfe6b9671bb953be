import { describe, expect, it } from 'vitest';
import { errorList, onlyCheck, parse } from './helpers.js';

describe('failed rows checks', () => {
  it('reads a fail condition with samples keys and alert blocks on the count', () => {
    const check = onlyCheck(
      'failed-rows',
      [
        'checks for t:',
        '  - failed rows:',
        '      name: High customers',
        "      fail condition: cat = 'HIGH' and size < ${MIN}",
        '      samples limit: 1',
        '      samples columns: [id, cat]',
        '      warn: when = 3',
        '      fail: when > 5',
        '      identity: fr-1',
        '      attributes: {owner: ana}',
        '',
      ].join('\n'),
      { variables: { MIN: '0.7' } },
    );
    expect(check).toEqual({
      kind: 'failed-rows',
      location: { filePath: 'checks.yml', line: 2, col: 5 },
      source: 'failed rows',
      header: 'checks for t',
      dataset: { name: 't', quoted: false },
      name: 'High customers',
      failCondition: "cat = 'HIGH' and size < 0.7",
      samplesLimit: 1,
      samplesColumns: [
        { name: 'id', quoted: false },
        { name: 'cat', quoted: false },
      ],
      warn: { gte: 3, lte: 3, union: false },
      fail: { gt: 5, union: false },
      identity: 'fr-1',
      attributes: { owner: 'ana' },
      configuration: {
        name: 'High customers',
        'fail condition': "cat = 'HIGH' and size < ${MIN}",
        'samples limit': 1,
        'samples columns': ['id', 'cat'],
        warn: 'when = 3',
        fail: 'when > 5',
        identity: 'fr-1',
        attributes: { owner: 'ana' },
      },
      identityConfiguration: [
        '!!omap',
        '  - fail: when > 5',
        "  - fail condition: cat = 'HIGH' and size < ${MIN}",
        '  - samples columns: [id, cat]',
        '  - warn: when = 3',
        '',
      ].join('\n'),
    });
  });

  it('reads a fail query, without thresholds (fails when any row is returned)', () => {
    const check = onlyCheck(
      'failed-rows',
      'checks for t:\n  - failed rows:\n      fail query: |\n        SELECT * FROM t\n        WHERE x < 0\n',
    );
    expect(check.failQuery).toBe('SELECT * FROM t\nWHERE x < 0');
    expect(check.failCondition).toBeUndefined();
    expect(check.fail).toBeUndefined();
    expect(check.warn).toBeUndefined();
  });

  it('needs exactly one of fail condition and fail query, and no line threshold', () => {
    expect(
      errorList(
        [
          'checks for t:',
          '  - failed rows',
          '  - failed rows:',
          '      fail query: SELECT 1',
          '      fail condition: a < 0',
          '  - failed rows > 0:',
          '      fail condition: a < 0',
          '  - failed rows:',
          '      fail condition: a < 0',
          '      filter: b = 1',
          '  - failed rows:',
          '      fail condition: a < 0',
          '      missing values: [x]',
          '  - failed rows:',
          '      fail condition: a < 0',
          '      fail: 5',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      ['A failed rows check needs "fail condition: <SQL condition>" or "fail query: <SQL query>"', 2, 5],
      ['A failed rows check takes either "fail condition" or "fail query", not both', 5, 7],
      ['A failed rows check takes no threshold on its line: use warn:/fail: "when …" under it', 6, 17],
      ['"filter" does not apply to failed rows checks; put the condition into "fail condition"', 10, 7],
      ['Missing and validity keys do not apply to failed rows checks', 13, 7],
      ['"fail" must be "when <threshold>", e.g. fail: when > 10', 16, 13],
    ]);
  });

  it('under the data-source-level checks: header, takes fail query only', () => {
    const result = parse(
      'checks:\n  - failed rows:\n      fail query: SELECT 1\n      fail: when > 5\n  - failed rows:\n      fail condition: x < 0\n  - failed rows:\n      name: x\n',
    );
    expect(result.checks).toEqual([
      expect.objectContaining({
        kind: 'failed-rows',
        header: 'checks',
        failQuery: 'SELECT 1',
        fail: { gt: 5, union: false },
      }),
    ]);
    expect(result.checks[0]?.dataset).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.message, d.location.line, d.location.col])).toEqual([
      [
        '"fail condition" needs a dataset: put this check under "checks for DATASET:", or use "fail query" here',
        6,
        7,
      ],
      ['A failed rows check under the data-source-level "checks:" needs "fail query: <SQL query>"', 7, 5],
    ]);
  });
});

describe('data-source-level checks:', () => {
  it('refuses every kind but failed rows queries and query metrics, saying what is allowed', () => {
    const tail =
      'must stand under "checks for DATASET:"; under the data-source-level "checks:" only "failed rows" with "fail query" and user-defined metrics with "<name> query:" or "<name> sql_file:" are allowed';
    expect(
      errorList(
        [
          'checks:',
          '  - row_count > 0',
          '  - schema:',
          '      fail:',
          '        when required column missing: [a]',
          '  - duplicate_count(a) = 0',
          '  - freshness(ts) < 1d',
          '  - values in a must exist in o x',
          '  - row_count same as o',
          '  - nope > 1',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      [`Metric check "row_count > 0" ${tail}`, 2, 5],
      [`A schema check ${tail}`, 3, 5],
      [`Duplicate check "duplicate_count(a) = 0" ${tail}`, 6, 5],
      [`Freshness check "freshness(ts) < 1d" ${tail}`, 7, 5],
      [`A reference check ${tail}`, 8, 5],
      [`A row count comparison ${tail}`, 9, 5],
      ['Unknown metric "nope". A user-defined metric needs "nope query:" or "nope sql_file:".', 10, 5],
    ]);
  });
});
