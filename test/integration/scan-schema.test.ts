/**
 * Schema checks on the real PostgreSQL — or on Snowflake with GATEHOUSE_TEST_ENGINE=snowflake (test-engine.ts), the
 * same tables seen through the Snowflake-protocol server: upper-case names for unquoted columns, Snowflake's type
 * names (NUMBER, TEXT, TIMESTAMP_NTZ …) and its aliases in the check file. Tables with known columns, every
 * validation, schema changes against a previous schema, and one information-schema query per dataset however many
 * schema checks read it.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { buildScanResultsDocument } from '../../src/payload/soda-document.js';
import type { SchemaColumn } from '../../src/scan/computation.js';
import type { ScanResult } from '../../src/scan/result.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { checkNamed as checkNamedIn, scanYaml } from '../support/scan-yaml.js';
import { engineName as named, TEST_ENGINE } from '../support/test-engine.js';

const SNOWFLAKE = TEST_ENGINE === 'snowflake';

/**
 * The customers table: its DDL type, the type name information_schema.columns.data_type gives on each engine, and
 * how the "all good" check writes it there (PostgreSQL's names; Snowflake's, with its aliases).
 */
const CUSTOMERS: Array<{
  name: string;
  ddl: string;
  postgres: string;
  snowflake: string;
  written: [string, string];
}> = [
  { name: 'id', ddl: 'int4', postgres: 'integer', snowflake: 'NUMBER', written: ['int4', 'NUMBER(38,0)'] },
  {
    name: 'email',
    ddl: 'varchar(100)',
    postgres: 'character varying',
    snowflake: 'TEXT',
    written: ['varchar', 'VARCHAR'],
  },
  {
    name: 'size',
    ddl: 'float8',
    postgres: 'double precision',
    snowflake: 'FLOAT',
    written: ['float8', 'DOUBLE'],
  },
  {
    name: 'created',
    ddl: 'timestamp',
    postgres: 'timestamp without time zone',
    snowflake: 'TIMESTAMP_NTZ',
    written: ['timestamp', 'TIMESTAMP'],
  },
  {
    name: 'updated',
    ddl: 'timestamptz',
    postgres: 'timestamp with time zone',
    snowflake: 'TIMESTAMP_TZ',
    written: ['timestamptz', 'timestamp_tz'],
  },
  { name: 'notes', ddl: 'text', postgres: 'text', snowflake: 'TEXT', written: ['text', 'STRING'] },
  { name: 'Mixed', ddl: 'int8', postgres: 'bigint', snowflake: 'NUMBER', written: ['BIGINT', 'INT'] },
];
const typeOf = (column: (typeof CUSTOMERS)[number]) => (SNOWFLAKE ? column.snowflake : column.postgres);
const customerColumns: SchemaColumn[] = CUSTOMERS.map((c) => ({ name: named(c.name), type: typeOf(c) }));
/** What notes was in the previous scan: another type of the engine's. */
const PREVIOUS_NOTES = SNOWFLAKE ? 'NUMBER' : 'character varying';
/** What the previous scan saw: no "Mixed" yet, and notes had another type. */
const previousCustomers: SchemaColumn[] = customerColumns
  .filter((c) => c.name !== 'Mixed')
  .map((c) => (c.name === named('notes') ? { ...c, type: PREVIOUS_NOTES } : c));

const writtenTypes = CUSTOMERS.map((c) => `          ${c.name}: ${c.written[SNOWFLAKE ? 1 : 0]}`).join('\n');

const CHECKS = `
filter customers [recent]:
  where: created > TIMESTAMP '2024-01-01'
checks for customers:
  - schema:
      name: all good
      fail:
        when required column missing: [id, email]
        when wrong column type:
${writtenTypes}
        when wrong column index:
          id: 0
          Mixed: 6
  - schema:
      name: violations
      warn:
        when forbidden column present: [ssn, "note*"]
      fail:
        when required column missing: [phone, mixed]
        when wrong column type:
          size: integer
  - schema:
      name: only warnings
      warn:
        when forbidden column present: ["%ail"]
        when wrong column index:
          email: 3
  - schema:
      name: exact columns
      fail:
        when mismatching columns:
          id: integer
          email:
          size:
          created:
          updated: timestamp
          fax: text
        with optional columns: [fax, Mixed]
  - schema:
      name: changed
      warn:
        when schema changes: any
checks for customers [recent]:
  - schema:
      name: partition
      fail:
        when required column missing: [id]
checks for orders:
  - schema:
      name: no history
      fail:
        when schema changes: [column add]
  - schema:
      fail:
        when required column missing: [id, amount]
`;

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe(`schema checks on ${SNOWFLAKE ? 'Snowflake' : 'PostgreSQL'}`, () => {
  let db: TestSchema;
  let result: ScanResult;
  let statements: string[];

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('schema');
    await db.sql(`CREATE TABLE customers (${CUSTOMERS.map((c) => `"${c.name}" ${c.ddl}`).join(', ')})`);
    await db.sql('CREATE TABLE orders (id bigint, amount numeric(10, 2))');
    ({ result, statements } = await scanYaml(db, CHECKS, {
      definitionName: 'schema',
      previousSchema: (dataset) => (dataset === 'customers' ? previousCustomers : undefined),
    }));
  });

  afterAll(async () => {
    await db?.drop();
  });

  const checkNamed = (name: string) => checkNamedIn(result, name);

  test('one schema query per dataset, whatever the number of schema checks and partitions', () => {
    expect(statements).toHaveLength(2);
    expect(result.queries.map((q) => q.name).sort()).toEqual([
      'warehouse.customers.schema',
      'warehouse.orders.schema',
    ]);
    expect(statements.every((sql) => sql.includes('information_schema.columns'))).toBe(true);
  });

  test('the measured schema is the table as created, reported once as the schema metric', () => {
    const metric = result.metrics.find((m) => m.metricName === 'schema' && m.dataset === 'customers');
    expect(metric?.value).toEqual(
      customerColumns.map((c) => ({ columnName: c.name, sourceDataType: c.type })),
    );
    const pass = checkNamed('all good');
    expect(pass.outcome).toBe('pass');
    expect(pass.value).toBe(0);
    const csv = ((pass.diagnostics?.blocks ?? []) as Array<{ text: string }>)[0]?.text;
    expect(csv).toBe(['Column,Type', ...customerColumns.map((c) => `${c.name},${c.type}`)].join('\n'));
    expect(checkNamed('partition').outcome).toBe('pass');
    expect(checkNamed('Schema Check').outcome).toBe('pass'); // Soda's default name
  });

  test('violations: missing (case-sensitive), forbidden patterns, wrong types; fail beats warn', () => {
    const check = checkNamed('violations');
    expect(check.outcome).toBe('fail');
    expect(check.diagnostics).toMatchObject({
      missing_column_names: [named('phone'), SNOWFLAKE ? 'MIXED' : 'mixed'],
      present_column_names: [named('notes')],
      column_type_mismatches: {
        [named('size')]: { expected_type: 'integer', actual_type: SNOWFLAKE ? 'FLOAT' : 'double precision' },
      },
    });
    expect(check.value).toBe(4);
    const warnings = checkNamed('only warnings');
    expect(warnings.outcome).toBe('warn');
    expect(warnings.diagnostics).toMatchObject({
      present_column_names: [named('email')],
      column_index_mismatches: {
        [named('email')]: { expected_index: 3, actual_index: 1, column_on_expected_index: named('created') },
      },
    });
  });

  test('mismatching columns: unlisted columns are present, listed ones missing unless optional', () => {
    const check = checkNamed('exact columns');
    expect(check.outcome).toBe('fail');
    expect(check.diagnostics).toMatchObject({
      missing_column_names: [],
      present_column_names: [named('notes')],
      column_type_mismatches: {
        [named('updated')]: {
          expected_type: 'timestamp',
          actual_type: SNOWFLAKE ? 'TIMESTAMP_TZ' : 'timestamp with time zone',
        },
      },
    });
  });

  test('schema changes against the previous schema; without one, skipped with a warning, not an error', () => {
    const changed = checkNamed('changed');
    expect(changed.outcome).toBe('warn');
    expect(changed.diagnostics).toMatchObject({
      column_additions: ['Mixed'],
      column_deletions: [],
      column_type_changes: {
        [named('notes')]: { previous_type: PREVIOUS_NOTES, new_type: SNOWFLAKE ? 'TEXT' : 'text' },
      },
      column_index_changes: {},
    });
    expect(changed.value).toBe(2);

    const first = checkNamed('no history');
    expect(first.outcome).toBeNull();
    expect(first.outcomeReasons[0]).toMatch(/no historic schema metrics/);
    const logged = result.logs.find((entry) => entry.message.includes('no historic schema metrics'));
    expect(logged?.level).toBe('warning');
    expect(result.hasErrors).toBe(false);
    // The schema is still recorded, so the next scan has history.
    expect(result.metrics.some((m) => m.metricName === 'schema' && m.dataset === 'orders')).toBe(true);
  });

  test("the results document carries Soda Cloud's schema diagnostics", () => {
    const document = buildScanResultsDocument(result);
    const entry = document.checks.find((c) => c.name === 'violations');
    expect(entry?.diagnostics).toMatchObject({
      preferredChart: 'bars',
      valueLabel: '4 schema event(s)',
      blocks: [
        { type: 'csv', title: 'Schema' },
        { type: 'csv', title: 'Diagnostics' },
      ],
    });
  });
});
