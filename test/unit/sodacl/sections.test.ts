import { describe, expect, it } from 'vitest';
import type { MetricCheck } from '../../../src/sodacl/model.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { errors, parse, singleError } from './helpers.js';

describe('section headers', () => {
  it.each([
    ['checks for customers', { name: 'customers', quoted: false }],
    ['checks for public.customers', { name: 'public.customers', quoted: false }],
    ['checks for "Customer Orders"', { name: 'Customer Orders', quoted: true }],
    ['checks for `Customers`', { name: 'Customers', quoted: true }],
    ['checks for [Customers]', { name: 'Customers', quoted: true }],
  ])('%s', (header, dataset) => {
    const result = parse(`${header}:\n  - row_count > 0\n`);
    expect(errors(result)).toEqual([]);
    expect(result.checks[0]).toMatchObject({ dataset, header });
    expect(result.checks[0]?.partition).toBeUndefined();
  });

  it('gives checks of a partition its name and its resolved filter, declared anywhere in the file set', () => {
    const files = [
      { filePath: 'a.yml', text: 'checks for "Orders" [daily]:\n  - row_count > 0\n' },
      { filePath: 'b.yml', text: 'filter "Orders" [daily]:\n  where: day = \'${DAY}\'\n' },
    ];
    const result = parseChecks(files, { variables: { DAY: '2024-05-01' } });
    expect(result.diagnostics).toEqual([]);
    expect(result.checks[0]).toMatchObject({
      dataset: { name: 'Orders', quoted: true },
      partition: 'daily',
      partitionFilter: "day = '2024-05-01'",
      header: 'checks for "Orders" [daily]',
    });
  });

  it('matches unquoted dataset names case-insensitively and quoted ones exactly', () => {
    const ok = parse('filter Orders [d]:\n  where: a = 1\nchecks for orders [d]:\n  - row_count > 0\n');
    expect(ok.checks[0]?.partitionFilter).toBe('a = 1');
    const quoted = parse(
      'filter "Orders" [d]:\n  where: a = 1\nchecks for "orders" [d]:\n  - row_count > 0\n',
    );
    expect(quoted.checks).toEqual([]);
    expect(errors(quoted)[0]?.message).toMatch(/^Filter not declared: "orders" \[d\]/);
  });

  it('reports an undeclared partition at the partition name and runs none of its checks', () => {
    const result = parse('checks for customers [daily]:\n  - row_count > 0\n');
    expect(result.checks).toEqual([]);
    expect(errors(result)).toEqual([
      expect.objectContaining({ location: { filePath: 'checks.yml', line: 1, col: 22 } }),
    ]);
  });

  it('reports a second declaration of a filter, in another file', () => {
    const result = parseChecks([
      { filePath: 'a.yml', text: 'filter t [p]:\n  where: a = 1\n' },
      { filePath: 'b.yml', text: 'x: 1\nfilter T [p]:\n  where: a = 2\n' },
    ]);
    expect(errors(result)).toContainEqual({
      severity: 'error',
      message: 'Filter T [p] is already declared at a.yml:1',
      location: { filePath: 'b.yml', line: 2, col: 1 },
    });
  });

  it('reports an unknown filter key and the missing where', () => {
    expect(
      errors(parse('filter t [p]:\n  wher: a = 1\n')).map((e) => [
        e.message,
        e.location.line,
        e.location.col,
      ]),
    ).toEqual([
      ['A filter section needs "where: <SQL condition>"', 1, 1],
      ['Unknown key "wher" in a filter section; the only key is "where"', 2, 3],
    ]);
  });

  it.each<[string, string, number, number]>([
    ['filter t [p]:\n  where: 5\n', '"where" must be an SQL condition text', 2, 10],
    ['filter t [p]: x\n', 'A filter section must be a map with "where: <SQL condition>"', 1, 1],
    ['filter t:\n  where: a\n', 'A filter needs a name: filter DATASET [NAME]', 1, 9],
    ['filter t [p]:\n  {}\n', 'A filter section needs "where: <SQL condition>"', 1, 1],
  ])('filter section errors: %j', (text, message, line, col) => {
    expect(singleError(text)).toEqual({ message, line, col });
  });

  it.each<[string, RegExp, number]>([
    ['checks for:', /Unknown section header "checks for"/, 1],
    ['checks for "unterminated:', /Missing closing " for the name starting here/, 12],
    ['checks for t [p] extra:', /Unexpected "extra" after the partition/, 18],
    ['checks for t[p]:', /a partition is written " \[NAME\]"/, 13],
    ['checks for t [:', /Missing "]" after the partition name/, 14],
    ['checks for t []:', /The partition name must not be empty/, 14],
    ['checks for 9t:', /Expected a name \(a letter or _ first, or a quoted name\) but found "9"/, 12],
    ['configurations for t [p]:', /takes a dataset, not a partition/, 22],
    ['check for t:', /Unknown section header "check for t". Supported headers: "checks for DATASET:"/, 1],
  ])('header error %s', (header, message, col) => {
    const error = singleError(
      `${header}\n  - row_count > 0\n`.replace(':\n  - row_count > 0', ':\n  - row_count > 0'),
    );
    expect(error.message).toMatch(message);
    expect(error).toMatchObject({ line: 1, col });
  });

  it('for each column → not supported yet, an error: its checks would not run', () => {
    expect(singleError('checks for t:\n  - row_count > 0\nfor each column C:\n  columns: [a]\n')).toEqual({
      message:
        '"for each column" sections are not supported yet; take this section out of the files given to gatehouse (the other sections still run)',
      line: 3,
      col: 1,
    });
  });

  it.each([
    ['automated monitoring:\n  datasets: [a]', '"automated monitoring" sections'],
    ['profile columns:\n  columns: [a]', '"profile columns" sections'],
    ['discover datasets:\n  datasets: [a]', '"discover datasets" sections'],
    ['sample datasets:\n  datasets: [a]', '"sample datasets" sections'],
  ])('%s → a Soda Cloud feature: skipped with a warning, the checks still parse', (text, feature) => {
    const result = parse(`checks for t:\n  - row_count > 0\n${text}\n`);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        message: `${feature} are Soda Cloud features that Gatehouse does not run: this section is skipped, the other sections run`,
        location: { filePath: 'checks.yml', line: 3, col: 1 },
      },
    ]);
    expect(result.checks).toHaveLength(1);
  });

  it('resolves variables in headers and keeps the header as written', () => {
    const result = parse('checks for ${T}:\n  - row_count > 0\n', { variables: { T: 'orders' } });
    expect(result.checks[0]).toMatchObject({
      dataset: { name: 'orders', quoted: false },
      header: 'checks for ${T}',
    });
  });

  it('warns about an empty checks section and rejects a section that is not a list', () => {
    expect(parse('checks for t:\n').diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', location: { filePath: 'checks.yml', line: 1, col: 1 } }),
    ]);
    expect(singleError('checks for t:\n  row_count: 1\n')).toMatchObject({ line: 1, col: 1 });
  });
});

describe('file shape and YAML errors', () => {
  it('an empty file or a file of comments has no checks and no diagnostics', () => {
    expect(parse('')).toEqual({ checks: [], forEach: [], variables: {}, diagnostics: [] });
    expect(parse('# nothing yet\n\n')).toEqual({ checks: [], forEach: [], variables: {}, diagnostics: [] });
  });

  it.each([
    ['- row_count > 0\n', 1, 1],
    ['just text\n', 1, 1],
    ['\n\n  42\n', 3, 3],
  ])('a file that is not a map is an error: %j', (text, line, col) => {
    expect(singleError(text)).toEqual({
      message:
        'A check file must be a map of section headers, e.g. "checks for customers:" followed by a list',
      line,
      col,
    });
  });

  it('asks about a forgotten ":" after a header, and explains a check whose configuration lost its ":"', () => {
    expect(singleError('checks for customers\n  - row_count > 0\n').message).toMatch(
      /; is the ":" after the first header missing\?$/,
    );
    expect(singleError('checks for t:\n  - missing_count(e) = 0\n      name: x\n')).toEqual({
      message:
        'Invalid YAML: a key must fit on one line; for a check with configuration, end the check line with ":" and indent its keys under it (- row_count > 0:)',
      line: 2,
      col: 5,
    });
  });

  it('reports malformed YAML with its line and column', () => {
    const result = parse('checks for t:\n  - row_count > 0\n  - [unclosed\n');
    expect(result.checks).toEqual([]);
    expect(errors(result).map((e) => [e.message, e.location.line, e.location.col])).toEqual([
      [
        'Invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
        4,
        1,
      ],
    ]);
  });

  it('reports a duplicate key at the second occurrence', () => {
    expect(singleError('checks for t:\n  - row_count > 0:\n      name: a\n      name: b\n')).toEqual({
      message: 'Invalid YAML: duplicate key (each key may appear only once in a map)',
      line: 4,
      col: 7,
    });
    expect(singleError('checks for t:\n  - row_count > 0\nchecks for t:\n  - max(x) > 0\n')).toMatchObject({
      line: 3,
      col: 1,
    });
  });

  it('reports several documents in one file', () => {
    expect(
      singleError('checks for t:\n  - row_count > 0\n---\nchecks for u:\n  - row_count > 0\n').message,
    ).toMatch(/single YAML document/);
  });

  it('rejects non-text section headers', () => {
    expect(singleError('? [a]\n: 1\n')).toMatchObject({ line: 1, col: 3 });
  });

  it('follows YAML anchors and aliases', () => {
    const result = parse('checks for a:\n  - &rc row_count > 0\nchecks for b:\n  - *rc\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.checks.map((c) => c.dataset?.name)).toEqual(['a', 'b']);
  });

  it('expands YAML merge keys (<<: *anchor) as Soda’s ruamel.yaml does: the map’s own keys win', () => {
    const result = parse(
      [
        'checks for a:',
        '  - row_count > 0: &common',
        '      name: Shared',
        '      attributes: {owner: team}',
        '  - missing_count(e) = 1:',
        '      <<: *common',
        '      name: Own name',
        '  - missing_count(e) = 2:',
        '      <<: [{missing values: [N/A], name: First}, *common]',
        '  - row_count > 1:',
        '      "<<": quoted is a plain key',
        '',
      ].join('\n'),
    );
    expect(errors(result).map((d) => [d.message, d.location.line])).toEqual([
      [expect.stringMatching(/Unknown check configuration key "<<"/), 11],
    ]);
    expect(result.checks.map((c) => [c.name, c.attributes])).toEqual([
      ['Shared', { owner: 'team' }],
      ['Own name', { owner: 'team' }],
      ['First', { owner: 'team' }],
    ]);
    expect((result.checks[2] as MetricCheck).missingValid?.missingValues).toEqual(['N/A']);
  });

  it('reports a merge key whose value is not a map at the value', () => {
    expect(singleError('checks for a:\n  - row_count > 0:\n      <<: 5\n')).toMatchObject({
      message: expect.stringMatching(/merge key "<<" takes a map/),
      line: 3,
      col: 11,
    });
  });

  it('names the right file for each diagnostic, in file order', () => {
    const result = parseChecks([
      { filePath: 'one.yml', text: 'checks for t:\n  - nope > 1\n' },
      { filePath: 'two.yml', text: 'bad header:\n  - row_count > 0\n' },
    ]);
    expect(result.diagnostics.map((d) => [d.location.filePath, d.location.line])).toEqual([
      ['one.yml', 2],
      ['two.yml', 1],
    ]);
  });
});

describe('line endings', () => {
  it('locates errors the same way with LF and CRLF line breaks', () => {
    for (const newline of ['\n', '\r\n']) {
      const text = ['checks for t:', '  - row_count > 0', '  - max(x) > oops', ''].join(newline);
      expect(singleError(text)).toEqual({ message: 'Expected a number but found "oops"', line: 3, col: 14 });
    }
  });
});
