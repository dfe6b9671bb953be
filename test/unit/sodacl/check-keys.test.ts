import { describe, expect, it } from 'vitest';
import { errors, parse, singleCheck, singleError } from './helpers.js';

function withConfig(config: string, line = 'missing_count(x) = 0'): string {
  return `checks for t:\n  - ${line}:\n${config
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}\n`;
}

describe('check configuration keys', () => {
  it('reads name, filter, identity, attributes and samples limit, resolving variables in name and filter', () => {
    const text = withConfig(
      "name: Rows in ${COUNTRY}\nfilter: country = '${COUNTRY}'\nidentity: abc-123\nattributes:\n  owner: ana\n  tags: [a]\nsamples limit: 20",
    );
    const check = parse(text, { variables: { COUNTRY: 'NL' } }).checks[0];
    expect(check).toMatchObject({
      name: 'Rows in NL',
      filter: "country = 'NL'",
      identity: 'abc-123',
      attributes: { owner: 'ana', tags: ['a'] },
      samplesLimit: 20,
    });
    expect(check?.configuration).toEqual({
      name: 'Rows in ${COUNTRY}',
      filter: "country = '${COUNTRY}'",
      identity: 'abc-123',
      attributes: { owner: 'ana', tags: ['a'] },
      'samples limit': 20,
    });
  });

  it('accepts samples limit 0', () => {
    expect(singleCheck('  - missing_count(x) = 0:\n      samples limit: 0\n').samplesLimit).toBe(0);
  });

  it.each<[string, RegExp]>([
    ['name: [a]', /"name" must be a text/],
    ['name: ""', /"name" must not be empty/],
    ['filter: {a: 1}', /"filter" must be a text/],
    ['identity: true', /"identity" must be a text/],
    // Soda drops an identity YAML reads as a number (identities.v4 is only set for text).
    ['identity: 42', /"identity" must be a text; quote it: identity: "42"/],
    ['attributes: [a]', /"attributes" must be a map/],
    ['samples limit: -1', /"samples limit" must be a non-negative whole number/],
    ['samples limit: 2.5', /"samples limit" must be a non-negative whole number/],
    ['samples limit: many', /"samples limit" must be a non-negative whole number/],
  ])('%s → type error at the value', (config, message) => {
    const error = singleError(withConfig(config));
    expect(error.message).toMatch(message);
    const valueColumn = 7 + config.indexOf(':') + 2;
    expect(error).toMatchObject({ line: 3, col: valueColumn });
  });

  it('reports an unknown key at the key, with a suggestion and the allowed keys', () => {
    const error = singleError(withConfig('name: ok\nvalid formt: email'));
    expect(error).toMatchObject({ line: 4, col: 7 });
    expect(error.message).toMatch(
      /^Unknown check configuration key "valid formt"\. Did you mean "valid format"\?/,
    );
    expect(error.message).toMatch(
      /Allowed keys: name, identity, filter, attributes, samples limit, samples columns, warn, fail, missing values/,
    );
  });

  it.each([
    [
      'failed rows query: SELECT 1',
      '"failed rows query" applies to user-defined metrics only; missing_count samples its failing rows itself',
    ],
    [
      'missing_count expression: COUNT(*)',
      '"missing_count expression" defines a user-defined metric, but missing_count is a built-in metric; give the user-defined metric a name of its own',
    ],
    ['exclude columns: [a]', '"exclude columns" are not supported yet (key "exclude columns")'],
  ])('%s → error at the key', (config, message) => {
    expect(singleError(withConfig(config))).toEqual({ message, line: 3, col: 7 });
  });

  it('reads samples columns on sampling metrics, and refuses it on the others', () => {
    expect(
      singleCheck('  - missing_count(x) = 0:\n      samples columns: [id, "Full Name"]\n').samplesColumns,
    ).toEqual([
      { name: 'id', quoted: false },
      { name: 'Full Name', quoted: true },
    ]);
    expect(
      singleCheck('  - invalid_percent(x) < 1:\n      valid min: 0\n      samples columns: [\'"Id"\']\n')
        .samplesColumns,
    ).toEqual([{ name: 'Id', quoted: true }]);
    expect(singleError(withConfig('samples columns: [a]', 'avg(x) > 0'))).toEqual({
      message: expect.stringMatching(/^"samples columns" applies only to checks that sample failed rows/),
      line: 3,
      col: 7,
    });
    expect(singleError(withConfig('samples columns: a'))).toEqual({
      message: '"samples columns" must be a non-empty list of column names, e.g. [id, email]',
      line: 3,
      col: 24,
    });
    expect(singleError(withConfig("samples columns: ['\"a']"))).toEqual({
      message: '"samples columns": Missing closing " for the name starting here is not a column name',
      line: 3,
      col: 25,
    });
  });

  it('rejects missing/valid keys on row_count', () => {
    expect(singleError(withConfig('missing values: [a]', 'row_count > 0'))).toEqual({
      message: '"missing values" applies to column metrics only; this metric has no column',
      line: 3,
      col: 7,
    });
  });

  it('rejects a configuration that is not a map, and a check item with several keys', () => {
    expect(singleError('checks for t:\n  - row_count > 0: 5\n')).toMatchObject({ line: 2, col: 20 });
    const error = singleError('checks for t:\n  - row_count > 0:\n    name: x\n');
    expect(error.message).toMatch(
      /indented under it; found 2 keys at the same level \(row_count > 0, name\)/,
    );
    expect(error).toMatchObject({ line: 2, col: 5 });
  });

  it('rejects non-text check items', () => {
    expect(singleError('checks for t:\n  - 42\n')).toMatchObject({ line: 2, col: 5 });
    expect(singleError('checks for t:\n  - [row_count > 0]\n')).toMatchObject({ line: 2, col: 5 });
    expect(singleError('checks for t:\n  - ""\n').message).toBe('A check line must not be empty');
  });

  it('a check with any configuration error is left out, not run half-understood', () => {
    const result = parse(withConfig('name: fine\nvalid min: lots'));
    expect(result.checks).toEqual([]);
  });
});

describe('missing and validity keys', () => {
  it('reads every key with its type', () => {
    const check = singleCheck(
      [
        '  - invalid_count(code) = 0:',
        '      missing values: [N/A, "-"]',
        '      missing format: date us',
        "      missing regex: '^ *$'",
        '      valid values: [1, 2, 3]',
        '      valid format: integer',
        '      valid regex: ^[0-9]+$',
        '      valid min: -1.5',
        '      valid max: 100',
        '      valid length: 3',
        '      valid min length: 1',
        '      valid max length: 5',
        '      invalid values: [999]',
        '      invalid format: uuid',
        '      invalid regex: x+',
        '      include null: true',
        '',
      ].join('\n'),
    );
    expect(check.missingValid).toEqual({
      missingValues: ['N/A', '-'],
      missingFormat: 'date us',
      missingRegex: '^ *$',
      validValues: [1, 2, 3],
      validFormat: 'integer',
      validRegex: '^[0-9]+$',
      validMin: -1.5,
      validMax: 100,
      validLength: 3,
      validMinLength: 1,
      validMaxLength: 5,
      invalidValues: [999],
      invalidFormat: 'uuid',
      invalidRegex: 'x+',
      includeNull: true,
    });
  });

  it('resolves variables in values, and numeric variables for numeric keys', () => {
    const check = singleCheck(
      '  - invalid_count(x) = 0:\n      valid values: ["${A}", b]\n      valid min: ${MIN}\n',
      {
        variables: { A: 'a', MIN: '2' },
      },
    );
    expect(check.missingValid).toEqual({ validValues: ['a', 'b'], validMin: 2 });
  });

  it.each<[string, RegExp]>([
    ['missing values: N/A', /"missing values" must be a list/],
    ['valid values: []', /"valid values" must not be empty/],
    ['valid values: [1, a]', /must be all texts or all numbers/],
    ['valid min: abc', /"valid min" must be a number/],
    ['valid max: [1]', /"valid max" must be a number/],
    ['valid length: -1', /"valid length" must be a non-negative whole number/],
    ['valid min length: 1.5', /"valid min length" must be a non-negative whole number/],
    ['valid max length: x', /"valid max length" must be a non-negative whole number/],
    ['include null: yes', /"include null" must be true or false/],
    ['valid regex: "[a-"', /"valid regex" is not a valid regular expression/],
    ['missing regex: "(a"', /"missing regex" is not a valid regular expression/],
    ['invalid regex: ""', /"invalid regex" must be a regular expression text/],
    ['valid format: 5', /"valid format" must be a format name/],
  ])('%s → error at the value', (config, message) => {
    const error = singleError(withConfig(config, 'invalid_count(x) = 0'));
    expect(error.message).toMatch(message);
    expect(error).toMatchObject({ line: 3, col: 7 + config.indexOf(':') + 2 });
  });

  it.each(['invalid values: [[1]]', 'invalid values: [true]', 'invalid values: [~]'])(
    '%s → error at the entry',
    (config) => {
      const error = singleError(withConfig(config, 'invalid_count(x) = 0'));
      expect(error).toEqual({
        message: '"invalid values" entries must be texts or numbers',
        line: 3,
        col: 24,
      });
    },
  );

  it('reports an unknown format with close names', () => {
    const error = singleError(withConfig('valid format: emial', 'invalid_count(x) = 0'));
    expect(error.message).toMatch(/^Unknown format "emial" in "valid format"\. Did you mean "email"\?/);
    expect(error).toMatchObject({ line: 3, col: 21 });
  });

  it('warns when invalid_count has nothing that says what is valid', () => {
    const result = parse('checks for t:\n  - invalid_count(x) = 0\n');
    expect(result.checks).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', location: { filePath: 'checks.yml', line: 2, col: 5 } }),
    ]);
    expect(parse('checks for t:\n  - invalid_count(x) = 0:\n      valid min: 0\n').diagnostics).toEqual([]);
  });
});

describe('configuration as written', () => {
  it('keeps odd keys such as __proto__ as plain data', () => {
    const result = parse('checks for t:\n  - row_count > 0:\n      attributes:\n        __proto__: x\n');
    const attributes = result.checks[0]?.attributes as Record<string, unknown>;
    expect(Object.keys(attributes)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  });

  it('does not take inherited names for metrics', () => {
    expect(singleError('checks for t:\n  - constructor > 0\n').message).toBe('Unknown metric "constructor".');
  });
});

describe('SQL pasted into a shared query', () => {
  it('refuses a trailing ";" in where, filter, fail condition and expression, at the value; queries may keep it', () => {
    const result = parse(
      [
        'filter t [p]:',
        "  where: country = 'BE';",
        'checks for t:',
        '  - row_count > 0:',
        "      filter: country = 'BE' ;",
        '  - failed rows:',
        '      fail condition: size < 0;',
        '  - x > 0:',
        '      x expression: SUM(1);',
        'checks:',
        '  - failed rows:',
        '      fail query: SELECT 1;',
        '',
      ].join('\n'),
    );
    expect(errors(result).map((d) => [d.location.line, d.location.col, d.message])).toEqual(
      [
        [2, 10, 'where'],
        [5, 15, 'filter'],
        [7, 23, 'fail condition'],
        [9, 21, 'x expression'],
      ].map(([line, col, key]) => [
        line,
        col,
        `"${key}" is pasted into a larger query, so it cannot end with ";"; remove the trailing ";"`,
      ]),
    );
    expect(result.checks.map((c) => c.kind)).toEqual(['failed-rows']);
  });
});
