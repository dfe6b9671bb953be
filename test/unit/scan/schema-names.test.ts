import { describe, expect, it } from 'vitest';
import { resolveSchemaNames } from '../../../src/scan/kinds/schema-names.js';

const columns = [
  { name: 'ID', type: 'NUMBER' },
  { name: 'Mixed', type: 'TEXT' },
];
const upper = (name: string) => name.toUpperCase();

describe('schema check names on a database that folds to upper case', () => {
  it('folds names that match no column as written, keeps exact matches, widens forbidden patterns', () => {
    expect(
      resolveSchemaNames(
        {
          requiredColumnMissing: ['id', 'Mixed', 'nope'],
          forbiddenColumnPresent: ['ssn*'],
          wrongColumnType: { id: 'integer' },
          wrongColumnIndex: { Mixed: 1 },
          mismatchingColumns: { columns: { id: null }, optional: ['extra'] },
        },
        columns,
        upper,
      ),
    ).toEqual({
      requiredColumnMissing: ['ID', 'Mixed', 'NOPE'],
      forbiddenColumnPresent: ['ssn*', 'SSN*'],
      wrongColumnType: { ID: 'integer' },
      wrongColumnIndex: { Mixed: 1 },
      mismatchingColumns: { columns: { ID: null }, optional: ['EXTRA'] },
    });
  });

  it('changes nothing where the dialect does not fold (PostgreSQL compares names as written)', () => {
    const validations = { requiredColumnMissing: ['id'] };
    expect(resolveSchemaNames(validations, columns, undefined)).toBe(validations);
  });
});
