import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import type { Computed, SchemaColumn } from '../../../src/scan/computation.js';
import { displayNameOf } from '../../../src/scan/evaluate.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import type { PlanContext } from '../../../src/scan/kinds/kind.js';
import { forbiddenPattern } from '../../../src/scan/kinds/schema-validations.js';
import { planQueries } from '../../../src/scan/plan.js';
import type { SchemaCheck, SchemaValidations } from '../../../src/sodacl/model.js';

const COLUMNS: SchemaColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'email', type: 'character varying' },
  { name: 'size', type: 'double precision' },
  { name: 'created', type: 'timestamp without time zone' },
  { name: 'updated', type: 'timestamp with time zone' },
  { name: 'Notes', type: 'text' },
];

const ctx = (previous?: SchemaColumn[]): PlanContext => ({
  dialect: postgresDialect,
  schema: 'sales',
  dataSource: 'pg',
  scanStart: new Date(),
  variables: {},
  previousSchema: (dataset) => (dataset === 't' ? previous : undefined),
});

const schemaCheck = (
  blocks: { warn?: SchemaValidations; fail?: SchemaValidations },
  over: Partial<SchemaCheck> = {},
) =>
  ({
    kind: 'schema',
    location: { filePath: 'c.yml', line: 2, col: 5 },
    source: 'schema',
    header: 'checks for t',
    configuration: {},
    dataset: { name: 't', quoted: false },
    ...blocks,
    ...over,
  }) as SchemaCheck;

/** Plan and evaluate a check against measured columns (and an optional previous schema). */
function run(check: SchemaCheck, columns: SchemaColumn[] | Computed = COLUMNS, previous?: SchemaColumn[]) {
  const planned = planCheck(check, ctx(previous));
  const [computation] = planned.computations;
  const computed: Computed = Array.isArray(columns) ? { value: columns } : columns;
  return planned.evaluate(new Map([[computation?.key as string, computed]]));
}

const diagnostics = (check: SchemaCheck, columns = COLUMNS, previous?: SchemaColumn[]) =>
  run(check, columns, previous).diagnostics as Record<string, unknown>;

describe('schema check planning', () => {
  it('one schema query per dataset, however many checks and partitions', () => {
    const checks = [
      schemaCheck({ fail: { requiredColumnMissing: ['id'] } }),
      schemaCheck({ warn: { forbiddenColumnPresent: ['ssn'] } }),
      schemaCheck(
        { fail: { requiredColumnMissing: ['id'] } },
        { partition: 'recent', partitionFilter: 'x > 1' },
      ),
      schemaCheck({ fail: { requiredColumnMissing: ['id'] } }, { dataset: { name: 'other', quoted: false } }),
    ];
    const computations = checks.flatMap((check) => planCheck(check, ctx()).computations);
    const queries = planQueries(computations, postgresDialect, 'sales', 'pg');
    expect(queries.map((q) => q.name)).toEqual(['pg.t.schema', 'pg.other.schema']);
    expect(queries[0]?.sql).toContain("table_schema = 'sales' AND table_name = 't'");
    expect(queries[0]?.sql).not.toContain('x > 1');
  });

  it('is named "Schema Check" unless it has a name', () => {
    expect(displayNameOf(schemaCheck({ fail: { requiredColumnMissing: ['id'] } }))).toBe('Schema Check');
    expect(displayNameOf(schemaCheck({ fail: { requiredColumnMissing: ['id'] } }, { name: 'Columns' }))).toBe(
      'Columns',
    );
  });
});

describe('schema validations', () => {
  it('passes with no events, reports the schema metric and the Schema csv block', () => {
    const result = run(schemaCheck({ fail: { requiredColumnMissing: ['id', 'email'] } }));
    expect(result.outcome).toBe('pass');
    expect(result.value).toBe(0);
    expect(result.metrics).toEqual([{ metricName: 'schema', dataset: 't', value: COLUMNS }]);
    expect(result.diagnostics).toEqual({
      blocks: [
        {
          type: 'csv',
          text: 'Column,Type\nid,integer\nemail,character varying\nsize,double precision\ncreated,timestamp without time zone\nupdated,timestamp with time zone\nNotes,text',
          title: 'Schema',
        },
      ],
      column_additions: [],
      column_deletions: [],
      column_index_changes: {},
      column_index_mismatches: {},
      column_type_changes: {},
      column_type_mismatches: {},
      missing_column_names: [],
      present_column_names: [],
      preferredChart: 'bars',
      valueLabel: '0 schema event(s)',
      valueSeries: {
        values: [
          { label: 'fail', value: 0, outcome: 'fail' },
          { label: 'warn', value: 0, outcome: 'warn' },
          { label: 'pass', value: 6, outcome: 'pass' },
        ],
      },
    });
  });

  it('required column missing: names are case-sensitive as stored', () => {
    const check = schemaCheck({ fail: { requiredColumnMissing: ['id', 'notes', 'Notes', 'phone'] } });
    const result = run(check);
    expect(result.outcome).toBe('fail');
    expect(result.value).toBe(2);
    const d = result.diagnostics as Record<string, unknown>;
    expect(d.missing_column_names).toEqual(['notes', 'phone']);
    expect((d.blocks as Array<{ title: string; text: string }>)[1]).toEqual({
      type: 'csv',
      title: 'Diagnostics',
      text: 'Column,Event,Details\nnotes,:icon-fail: Required Column Missing, \nphone,:icon-fail: Required Column Missing, ',
    });
    expect(d.valueLabel).toBe('2 schema event(s)');
  });

  it('forbidden column present: * and % match any run, the whole name must match', () => {
    const check = schemaCheck({ warn: { forbiddenColumnPresent: ['e*', '%ated', 'id', 'size%', 'N_tes'] } });
    const result = run(check);
    expect(result.outcome).toBe('warn');
    expect((result.diagnostics as Record<string, unknown>).present_column_names).toEqual([
      'id',
      'email',
      'size',
      'created',
      'updated',
    ]);
  });

  it('patterns match the whole name, unlike Soda whose re.match anchors only the start (deliberate deviation)', () => {
    // Soda: re.match("id", "identity") matches, so `id` would also forbid `identity`.
    expect(forbiddenPattern('id').test('identity')).toBe(false);
    expect(forbiddenPattern('id').test('id')).toBe(true);
    // Soda pastes the rest of the pattern into a regex; here "." is a dot, not any character.
    expect(forbiddenPattern('a.b').test('axb')).toBe(false);
    expect(forbiddenPattern('a.b').test('a.b')).toBe(true);
    expect(forbiddenPattern('pii_*').test('pii_ssn')).toBe(true);
    expect(forbiddenPattern('%secret%').test('my_secret_key')).toBe(true);
    expect(forbiddenPattern('Secret').test('secret')).toBe(false);
  });

  it('wrong column type: case-insensitive with aliases; a missing column is reported missing', () => {
    const check = schemaCheck({
      fail: {
        wrongColumnType: {
          id: 'INT4',
          email: 'varchar',
          size: 'decimal',
          created: 'timestamp',
          updated: 'TimestampTZ',
          Notes: 'varchar',
          phone: 'text',
        },
      },
    });
    const result = run(check);
    const d = result.diagnostics as Record<string, unknown>;
    expect(d.column_type_mismatches).toEqual({ Notes: { expected_type: 'varchar', actual_type: 'text' } });
    expect(d.missing_column_names).toEqual(['phone']);
    expect(result.value).toBe(2);
    expect(result.outcome).toBe('fail');
  });

  it('wrong column index: 0-based, with the column found there; a missing column is reported missing', () => {
    const check = schemaCheck({ warn: { wrongColumnIndex: { id: 0, email: 2, size: 9, phone: 1 } } });
    const d = diagnostics(check);
    expect(d.column_index_mismatches).toEqual({
      email: { expected_index: 2, actual_index: 1, column_on_expected_index: 'size' },
      size: { expected_index: 9, actual_index: 2, column_on_expected_index: null },
    });
    expect(d.missing_column_names).toEqual(['phone']);
    expect(d.valueLabel).toBe('3 schema event(s)');
  });

  it('mismatching columns: the exact set and types, optional columns may be absent', () => {
    const check = schemaCheck({
      fail: {
        mismatchingColumns: {
          columns: {
            id: 'integer',
            email: null,
            size: 'integer',
            created: null,
            updated: null,
            phone: null,
            fax: 'text',
          },
          optional: ['fax', 'Notes'],
        },
      },
    });
    const d = diagnostics(check);
    expect(d.missing_column_names).toEqual(['phone']);
    expect(d.present_column_names).toEqual([]);
    expect(d.column_type_mismatches).toEqual({
      size: { expected_type: 'integer', actual_type: 'double precision' },
    });

    const extra = diagnostics(
      schemaCheck({ fail: { mismatchingColumns: { columns: { id: null, email: null }, optional: [] } } }),
    );
    expect(extra.present_column_names).toEqual(['size', 'created', 'updated', 'Notes']);
    expect(extra.missing_column_names).toEqual([]);
  });

  it('fail wins over warn; the value counts both blocks; the bars split them', () => {
    const check = schemaCheck({
      warn: { forbiddenColumnPresent: ['Notes'] },
      fail: { requiredColumnMissing: ['phone'] },
    });
    const result = run(check);
    expect(result.outcome).toBe('fail');
    expect(result.value).toBe(2);
    const d = result.diagnostics as Record<string, unknown>;
    expect(d.valueSeries).toEqual({
      values: [
        { label: 'fail', value: 1, outcome: 'fail' },
        { label: 'warn', value: 1, outcome: 'warn' },
        { label: 'pass', value: 4, outcome: 'pass' },
      ],
    });
    expect((d.blocks as Array<{ text: string }>)[1]?.text).toBe(
      'Column,Event,Details\nphone,:icon-fail: Required Column Missing, \nNotes,:icon-warn: Forbidden Column Present, ',
    );
    expect(
      run(
        schemaCheck({ warn: { forbiddenColumnPresent: ['Notes'] }, fail: { requiredColumnMissing: ['id'] } }),
      ).outcome,
    ).toBe('warn');
  });

  it('column names are data: "__proto__" stays a plain key, commas are quoted in csv', () => {
    const odd: SchemaColumn[] = [
      { name: '__proto__', type: 'text' },
      { name: 'a,b', type: 'integer' },
    ];
    const d = diagnostics(
      schemaCheck({ fail: { wrongColumnType: JSON.parse('{"__proto__": "integer"}') } }),
      odd,
    );
    expect(Object.keys(d.column_type_mismatches as object)).toEqual(['__proto__']);
    expect((d.blocks as Array<{ text: string }>)[0]?.text).toBe('Column,Type\n__proto__,text\n"a,b",integer');
  });

  it('a failed schema query or an absent table is not evaluated, with the reason', () => {
    const check = schemaCheck({ fail: { requiredColumnMissing: ['id'] } });
    const failed = run(check, { error: 'permission denied for schema sales' });
    expect(failed).toMatchObject({ outcome: null, outcomeReasons: ['permission denied for schema sales'] });
    const absent = run(check, []);
    expect(absent.outcome).toBeNull();
    expect(absent.outcomeReasons[0]).toMatch(/no columns for t: does the table exist\?/);
  });
});

describe('postgres type aliases', () => {
  const same = postgresDialect.sameType;
  it.each<[string, string]>([
    ['integer', 'integer'],
    ['INTEGER', 'integer'],
    ['int', 'integer'],
    ['int4', 'integer'],
    ['bigint', 'bigint'],
    ['int8', 'bigint'],
    ['smallint', 'smallint'],
    ['int2', 'smallint'],
    ['bool', 'boolean'],
    ['float4', 'real'],
    ['float8', 'double precision'],
    ['decimal', 'numeric'],
    ['varchar', 'character varying'],
    ['text', 'character varying'], // Soda's alias
    ['decimal', 'double precision'], // Soda's alias
    ['timestamp', 'timestamp without time zone'],
    ['timestamptz', 'timestamp with time zone'],
    ['Timestamp  With Time Zone', 'timestamp with time zone'],
    ['char', 'character'],
  ])('%s names %s', (written, reported) => {
    expect(same(written, reported)).toBe(true);
  });
  it.each<[string, string]>([
    ['integer', 'bigint'],
    ['varchar', 'text'], // Soda's aliases go one way: a reported text column is not a varchar
    ['numeric', 'double precision'],
    ['timestamp', 'timestamp with time zone'],
    ['varchar(255)', 'character varying'], // lengths are not in the information schema's data_type
    ['constructor', 'text'], // no prototype names sneak in as aliases
  ])('%s does not name %s', (written, reported) => {
    expect(same(written, reported)).toBe(false);
  });
});

describe('schema changes', () => {
  const previous: SchemaColumn[] = [
    { name: 'id', type: 'integer' },
    { name: 'phone', type: 'text' },
    { name: 'email', type: 'text' },
    { name: 'size', type: 'double precision' },
    { name: 'created', type: 'timestamp without time zone' },
    { name: 'updated', type: 'timestamp with time zone' },
  ];
  // Against COLUMNS: phone deleted, Notes added, email text → character varying, email/size/created/updated moved.

  it('any change counts with `any`', () => {
    const result = run(schemaCheck({ warn: { schemaChanges: 'any' } }), COLUMNS, previous);
    expect(result.outcome).toBe('warn');
    const d = result.diagnostics as Record<string, unknown>;
    expect(d.column_additions).toEqual(['Notes']);
    expect(d.column_deletions).toEqual(['phone']);
    expect(d.column_type_changes).toEqual({
      email: { previous_type: 'text', new_type: 'character varying' },
    });
    expect(d.column_index_changes).toEqual({
      email: { previous_index: 2, new_index: 1 },
      size: { previous_index: 3, new_index: 2 },
      created: { previous_index: 4, new_index: 3 },
      updated: { previous_index: 5, new_index: 4 },
    });
    expect(result.value).toBe(7);
    expect((d.blocks as Array<{ text: string }>)[1]?.text).toBe(
      [
        'Column,Event,Details',
        'phone,:icon-warn: Column Deleted, ',
        'Notes,:icon-warn: Column Added, ',
        'email,:icon-warn: Index Changed, Previous Index: 2; New Index: 1',
        'size,:icon-warn: Index Changed, Previous Index: 3; New Index: 2',
        'created,:icon-warn: Index Changed, Previous Index: 4; New Index: 3',
        'updated,:icon-warn: Index Changed, Previous Index: 5; New Index: 4',
        'email,:icon-warn: Type Changed, Previous Type: text; New Type: character varying',
      ].join('\n'),
    );
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['column add', { column_additions: ['Notes'] }, 1],
    ['column delete', { column_deletions: ['phone'] }, 1],
    [
      'column type change',
      { column_type_changes: { email: { previous_type: 'text', new_type: 'character varying' } } },
      1,
    ],
    [
      'column index change',
      { column_index_changes: expect.objectContaining({ size: { previous_index: 3, new_index: 2 } }) },
      4,
    ],
  ])('only the listed kind counts: %s', (change, expected, count) => {
    const result = run(schemaCheck({ fail: { schemaChanges: [change as 'column add'] } }), COLUMNS, previous);
    expect(result.outcome).toBe('fail');
    expect(result.value).toBe(count);
    expect(result.diagnostics).toMatchObject(expected);
  });

  it('an unchanged schema passes', () => {
    expect(run(schemaCheck({ fail: { schemaChanges: 'any' } }), COLUMNS, COLUMNS)).toMatchObject({
      outcome: 'pass',
      value: 0,
    });
  });

  it('without a previous schema the check is skipped as in Soda: no outcome, a warning, the metric still reported', () => {
    const result = run(
      schemaCheck({ warn: { schemaChanges: 'any' }, fail: { requiredColumnMissing: ['phone'] } }),
      COLUMNS,
      undefined,
    );
    expect(result.outcome).toBeNull();
    expect(result.reasonLevel).toBe('warning');
    expect(result.outcomeReasons[0]).toMatch(
      /^Skipping schema checks since there is no historic schema metrics!/,
    );
    expect(result.outcomeReasons[0]).toContain('notEnoughHistory');
    expect(result.metrics).toEqual([{ metricName: 'schema', dataset: 't', value: COLUMNS }]);
  });

  it('checks without change validations need no history', () => {
    const result = run(schemaCheck({ fail: { requiredColumnMissing: ['id'] } }), COLUMNS, undefined);
    expect(result.outcome).toBe('pass');
    expect(result.reasonLevel).toBeUndefined();
  });
});
