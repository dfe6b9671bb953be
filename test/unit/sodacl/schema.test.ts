import { describe, expect, it } from 'vitest';
import { errorList, onlyCheck, singleError } from './helpers.js';

describe('schema checks', () => {
  it('reads every validation into lists and maps, variables resolved', () => {
    const check = onlyCheck(
      'schema',
      [
        'checks for t:',
        '  - schema:',
        '      name: Columns',
        '      identity: s-1',
        '      attributes: {owner: ana}',
        '      warn:',
        '        when required column missing: [id, "${C}"]',
        '        when forbidden column present: [ssn, "pii*", "%secret%"]',
        '        when wrong column type: {id: integer, pct: varchar}',
        '        when wrong column index: {id: 0, distance: 3}',
        '        when schema changes: [column add, column delete]',
        '      fail:',
        '        when mismatching columns: {id: integer, name:}',
        '        with optional columns: [name]',
        '        when schema changes: any',
        '',
      ].join('\n'),
      { variables: { C: 'email' } },
    );
    expect(check).toMatchObject({
      kind: 'schema',
      source: 'schema',
      name: 'Columns',
      identity: 's-1',
      attributes: { owner: 'ana' },
      dataset: { name: 't', quoted: false },
    });
    expect(check.warn).toEqual({
      requiredColumnMissing: ['id', 'email'],
      forbiddenColumnPresent: ['ssn', 'pii*', '%secret%'],
      wrongColumnType: { id: 'integer', pct: 'varchar' },
      wrongColumnIndex: { id: 0, distance: 3 },
      schemaChanges: ['column add', 'column delete'],
    });
    expect(check.fail).toEqual({
      mismatchingColumns: { columns: { id: 'integer', name: null }, optional: ['name'] },
      schemaChanges: 'any',
    });
  });

  it('mismatching columns without optional columns has an empty optional list', () => {
    const check = onlyCheck(
      'schema',
      'checks for t:\n  - schema:\n      fail:\n        when mismatching columns: {id: int}\n',
    );
    expect(check.fail).toEqual({ mismatchingColumns: { columns: { id: 'int' }, optional: [] } });
    expect(check.warn).toBeUndefined();
  });

  it.each<[string, string, number, number]>([
    [
      '  - schema\n',
      'A schema check needs "warn:" or "fail:" with at least one validation, e.g. fail: {when required column missing: [id]}',
      2,
      5,
    ],
    [
      '  - schema > 0:\n      fail:\n        when required column missing: [a]\n',
      'A schema check takes no threshold: write "- schema:" with warn:/fail: validations under it',
      2,
      12,
    ],
    [
      '  - schema:\n      fail: {}\n',
      '"fail" of a schema check must be a map of validations: when required column missing, when forbidden column present, when wrong column type, when wrong column index, when mismatching columns, with optional columns, when schema changes',
      3,
      13,
    ],
    [
      '  - schema:\n      warn:\n        when required column missing: id\n',
      '"when required column missing" must be a non-empty list of column names, e.g. [id, email]',
      4,
      39,
    ],
    [
      '  - schema:\n      warn:\n        when wrong column type: [id]\n',
      '"when wrong column type" must be a map of column names to types, e.g. {id: integer, email: varchar}',
      4,
      33,
    ],
    [
      '  - schema:\n      warn:\n        when wrong column type: {id: }\n',
      '"when wrong column type": the type of "id" must be text',
      4,
      34,
    ],
    [
      '  - schema:\n      warn:\n        when wrong column index: {a: -1}\n',
      '"when wrong column index": the position of "a" must be a whole number from 0 (the first column)',
      4,
      38,
    ],
    [
      '  - schema:\n      warn:\n        when schema changes: some\n',
      '"when schema changes" must be "any" or a list of: column add, column delete, column type change, column index change',
      4,
      30,
    ],
    [
      '  - schema:\n      warn:\n        with optional columns: [a]\n',
      '"with optional columns" is only allowed together with "when mismatching columns"',
      4,
      9,
    ],
    [
      '  - schema:\n      threshold: 1\n      fail:\n        when required column missing: [a]\n',
      'Unknown check configuration key "threshold". Allowed keys: name, identity, attributes, warn, fail',
      3,
      7,
    ],
    [
      '  - schema:\n      filter: a = 1\n      fail:\n        when required column missing: [a]\n',
      '"filter" does not apply to schema checks. Allowed keys: name, identity, attributes, warn, fail',
      3,
      7,
    ],
  ])('error %#', (lines, message, line, col) => {
    expect(singleError(`checks for t:\n${lines}`)).toEqual({ message, line, col });
  });

  it('suggests the right spelling of a validation and of a schema change', () => {
    expect(
      errorList(
        'checks for t:\n  - schema:\n      fail:\n        when schema change: any\n        when schema changes: [column ad]\n',
      ),
    ).toEqual([
      [
        'Unknown schema validation "when schema change". Did you mean "when schema changes"? Validations: when required column missing, when forbidden column present, when wrong column type, when wrong column index, when mismatching columns, with optional columns, when schema changes',
        4,
        9,
      ],
      [
        'Unknown schema change "column ad". Did you mean "column add"? "when schema changes" must be "any" or a list of: column add, column delete, column type change, column index change',
        5,
        31,
      ],
    ]);
  });
});
