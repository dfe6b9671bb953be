import { describe, expect, it } from 'vitest';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { errors, metricChecks, parse, singleError } from './helpers.js';

describe('configurations for DATASET', () => {
  it('merges column configuration into every check on that column: lists concatenated, the check wins on scalars', () => {
    const result = parse(
      [
        'configurations for customers:',
        '  missing values for email: [N/A, none]',
        '  valid format for email: email',
        '  valid max length for email: 100',
        '  valid values for "Country": [NL, BE]',
        'checks for customers:',
        '  - missing_count(email) = 0:',
        '      missing values: ["-"]',
        '      valid max length: 50',
        '  - invalid_count(EMAIL) = 0',
        '  - invalid_count("Country") = 0:',
        '      valid values: [FR]',
        '  - invalid_count(country) < 5:',
        '      valid values: [DE]',
        '  - row_count > 0',
        '',
      ].join('\n'),
    );
    expect(errors(result)).toEqual([]);
    const [first, second, third, fourth, fifth] = metricChecks(result.checks);
    expect(first?.missingValid).toEqual({
      // Soda's order: the check's values, then the column's (it matters only to the metric identity).
      missingValues: ['-', 'N/A', 'none'],
      validFormat: 'email',
      validMaxLength: 50,
    });
    expect(second?.missingValid).toEqual({
      missingValues: ['N/A', 'none'],
      validFormat: 'email',
      validMaxLength: 100,
    });
    expect(third?.missingValid).toEqual({ validValues: ['FR', 'NL', 'BE'] });
    // A quoted column matches only the same spelling.
    expect(fourth?.missingValid).toEqual({ validValues: ['DE'] });
    expect(fifth?.missingValid).toBeUndefined();
  });

  it('applies only to its own dataset, and may be declared in another file, after the checks', () => {
    const result = parseChecks([
      {
        filePath: 'a.yml',
        text: 'checks for orders:\n  - missing_count(id) = 0\nchecks for items:\n  - missing_count(id) = 0\n',
      },
      { filePath: 'b.yml', text: 'configurations for ORDERS:\n  missing values for id: [0]\n' },
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(metricChecks(result.checks).map((c) => c.missingValid)).toEqual([
      { missingValues: [0] },
      undefined,
    ]);
  });

  it('concatenates lists declared twice and rejects a scalar declared twice', () => {
    const result = parseChecks([
      {
        filePath: 'a.yml',
        text: 'configurations for t:\n  missing values for x: [a]\n  valid min for x: 1\n',
      },
      {
        filePath: 'b.yml',
        text: 'configurations for t:\n  missing values for x: [b]\n  valid min for x: 2\nchecks for t:\n  - missing_count(x) = 0\n',
      },
    ]);
    expect(errors(result)).toEqual([
      {
        severity: 'error',
        message: '"valid min for x" is already configured at a.yml:3',
        location: { filePath: 'b.yml', line: 3, col: 3 },
      },
    ]);
    expect(metricChecks(result.checks)[0]?.missingValid).toEqual({ missingValues: ['a', 'b'], validMin: 1 });
  });

  it('tells "valid min length" from "valid min"', () => {
    const result = parse(
      'configurations for t:\n  valid min length for x: 2\nchecks for t:\n  - invalid_count(x) = 0\n',
    );
    expect(metricChecks(result.checks)[0]?.missingValid).toEqual({ validMinLength: 2 });
  });

  it.each<[string, RegExp, number, number]>([
    [
      '  valid mni for x: 1',
      /^Unknown configuration "valid mni for x": expected "<key> for <column>"\. Did you mean "valid min"\?/,
      2,
      3,
    ],
    ['  valid min: 1', /^Unknown configuration "valid min"/, 2, 3],
    ['  valid min for x y: 1', /Unexpected "y" after the column name/, 2, 19],
    ['  valid min for x: big', /"valid min" must be a number/, 2, 20],
    ['  valid format for x: bogus', /Unknown format "bogus"/, 2, 23],
    ['  - valid min for x: 1', /must be a map of "<key> for <column>: value"/, 1, 1],
  ])('error: %s', (line, message, errorLine, col) => {
    const error = singleError(`configurations for t:\n${line}\n`);
    expect(error.message).toMatch(message);
    expect(error).toMatchObject({ line: errorLine, col });
  });
});
