import { describe, expect, it } from 'vitest';
import type { ParseOptions } from '../../../src/sodacl/parse.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { errorList, onlyCheck, singleError } from './helpers.js';

const files: Record<string, string> = { '/proj/sql/q.sql': '  SELECT 42\n', '/proj/sql/empty.sql': '\n' };
const readFile: ParseOptions['readFile'] = (path) => files[path];

function parseAt(text: string, options: ParseOptions = {}) {
  return parseChecks([{ filePath: '/proj/checks.yml', text }], options);
}

describe('user-defined metrics', () => {
  it('reads an expression metric with a labelling argument', () => {
    expect(
      onlyCheck(
        'user-metric',
        'checks for t:\n  - ones(size) = 1:\n      ones expression: SUM(CASE WHEN ${C} THEN 1 END)\n',
        {
          variables: { C: 'x = 1' },
        },
      ),
    ).toMatchObject({
      kind: 'user-metric',
      metricName: 'ones',
      column: { name: 'size', quoted: false },
      expression: 'SUM(CASE WHEN x = 1 THEN 1 END)',
      fail: { lt: 1, gt: 1, union: true },
      dataset: { name: 't', quoted: false },
    });
  });

  it('reads a query metric with a failed rows query and alert blocks', () => {
    const check = onlyCheck(
      'user-metric',
      "checks for t:\n  - belgians:\n      belgians query: |\n        SELECT count(*) FROM c WHERE country = 'BE'\n      failed rows query: SELECT * FROM c\n      samples columns: [id]\n      warn: when < 6\n",
    );
    expect(check).toMatchObject({
      metricName: 'belgians',
      query: "SELECT count(*) FROM c WHERE country = 'BE'",
      failedRowsQuery: 'SELECT * FROM c',
      samplesColumns: [{ name: 'id', quoted: false }],
      warn: { lt: 6, union: false },
    });
    expect(check.column).toBeUndefined();
    expect(check.fail).toBeUndefined();
  });

  it('reads sql_file relative to the check file through ParseOptions.readFile', () => {
    const result = parseAt(
      'checks:\n  - m = 1:\n      m sql_file: sql/q.sql\n      failed rows sql_file: ./sql/q.sql\n',
      {
        readFile,
      },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.checks).toEqual([
      expect.objectContaining({
        kind: 'user-metric',
        header: 'checks',
        query: 'SELECT 42',
        failedRowsQuery: 'SELECT 42',
      }),
    ]);
    expect(result.checks[0]?.dataset).toBeUndefined();
  });

  it('reports a missing or unreadable sql_file at its value, naming the resolved path', () => {
    const errorsOf = (options: ParseOptions) =>
      parseAt('checks:\n  - m = 1:\n      m sql_file: sql/nope.sql\n', options).diagnostics.map((d) => [
        d.message,
        d.location.line,
        d.location.col,
      ]);
    expect(errorsOf({ readFile })).toEqual([
      ['"m sql_file": cannot read the SQL file /proj/sql/nope.sql', 3, 19],
    ]);
    expect(errorsOf({})).toEqual([
      [
        '"m sql_file": SQL files cannot be read here (no file access was given to the parser): /proj/sql/nope.sql',
        3,
        19,
      ],
    ]);
    expect(
      parseAt('checks:\n  - m = 1:\n      m sql_file: sql/empty.sql\n', { readFile }).diagnostics[0]?.message,
    ).toBe('"m sql_file": the SQL file /proj/sql/empty.sql is empty');
  });

  it('enforces the key prefix, one definition, no filter, and a threshold', () => {
    expect(
      errorList(
        [
          'checks for t:',
          '  - m = 1:',
          '      x expression: SUM(1)',
          '      m expression: SUM(2)',
          '  - m = 1:',
          '      m expression: SUM(1)',
          '      m query: SELECT 1',
          '  - m = 1:',
          '      m expression: SUM(1)',
          '      filter: a = 1',
          '  - m:',
          '      m expression: SUM(1)',
          '  - m(a, b) = 1:',
          '      m expression: SUM(1)',
          '  - m = 1:',
          '      m query: SELECT 1',
          '      failed rows query: SELECT 1',
          '      failed rows sql_file: x.sql',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      [
        'The key prefix must equal the metric name: "x expression" does not define "m"; write "m expression"',
        3,
        7,
      ],
      ['"m" is defined more than once; keep one of "m expression", "m query" or "m sql_file"', 7, 7],
      [
        '"filter" does not apply to a user-defined metric (Soda does not allow it with an expression); put the condition into the metric\'s SQL',
        10,
        7,
      ],
      [
        'Check "m" has no threshold: add one to the line (e.g. m > 0) or give it "warn: when …" / "fail: when …"',
        11,
        5,
      ],
      ['m takes at most one column, which only labels its result: m or m(column)', 13, 10],
      [
        '"failed rows sql_file": SQL files cannot be read here (no file access was given to the parser): ' +
          `${process.cwd()}/x.sql`,
        18,
        29,
      ],
    ]);
  });

  it('under checks: refuses expressions, which need a dataset', () => {
    expect(singleError('checks:\n  - m = 1:\n      m expression: SUM(1)\n')).toEqual({
      message:
        '"m expression" needs a dataset: put this check under "checks for DATASET:", or use "m query" here',
      line: 3,
      col: 7,
    });
  });

  it('tells a built-in metric with a definition key from a user-defined one', () => {
    expect(singleError('checks for t:\n  - avg(x) > 1:\n      avg expression: AVG(x)\n')).toEqual({
      message:
        '"avg expression" defines a user-defined metric, but avg is a built-in metric; give the user-defined metric a name of its own',
      line: 3,
      col: 7,
    });
  });
});
