import { describe, expect, it } from 'vitest';
import {
  configuredName,
  snowflakeDialect,
  snowflakeString,
} from '../../../src/connectors/snowflake/dialect.js';

const id = (name: string, quoted = false) => ({ name, quoted });

describe('Snowflake dialect', () => {
  it('folds unquoted identifiers to upper case and keeps quoted ones', () => {
    expect(snowflakeDialect.identifier(id('customers'))).toBe('"CUSTOMERS"');
    expect(snowflakeDialect.identifier(id('Mixed Case', true))).toBe('"Mixed Case"');
    expect(snowflakeDialect.identifier(id('a"b', true))).toBe('"a""b"');
  });

  it('qualifies tables with the configured schema, folded unless written in quotes', () => {
    expect(snowflakeDialect.table(id('orders'), 'public')).toBe('"PUBLIC"."ORDERS"');
    expect(snowflakeDialect.table(id('orders'), '"Raw"')).toBe('"Raw"."ORDERS"');
    expect(snowflakeDialect.table(id('orders'), undefined)).toBe('"ORDERS"');
    expect(configuredName('"a""b"')).toBe('a"b');
  });

  it('lets a dotted dataset name bring its own schema and database; a quoted one is a single name', () => {
    expect(snowflakeDialect.table(id('raw.orders'), 'public')).toBe('"RAW"."ORDERS"');
    expect(snowflakeDialect.table(id('sales.raw.orders'), 'public')).toBe('"SALES"."RAW"."ORDERS"');
    expect(snowflakeDialect.table(id('raw.orders', true), 'public')).toBe('"PUBLIC"."raw.orders"');
    expect(snowflakeDialect.schemaQuery(id('sales.raw.orders'), 'public')).toContain(
      `FROM "SALES".information_schema.columns\nWHERE table_schema = 'RAW' AND table_name = 'ORDERS'`,
    );
    expect(snowflakeDialect.schemaQuery(id('raw.orders'), 'public')).toContain(
      `FROM information_schema.columns\nWHERE table_schema = 'RAW' AND table_name = 'ORDERS'`,
    );
  });

  it('escapes backslashes and quotes in string literals (Snowflake reads backslash escapes)', () => {
    expect(snowflakeString(String.raw`it's \d`)).toBe(String.raw`'it''s \\d'`);
    expect(snowflakeDialect.literal('N/A')).toBe("'N/A'");
    expect(snowflakeDialect.literal(1.5)).toBe('1.5');
  });

  it('matches regexes with REGEXP_LIKE, wrapped so that it searches like PostgreSQL', () => {
    expect(snowflakeDialect.regexMatches('"ID"', String.raw`ID\d`)).toBe(
      String.raw`REGEXP_LIKE(COLLATE(TO_VARCHAR("ID"), ''), '.*(ID\\d).*', 's')`,
    );
  });

  it('the wrapped pattern, matched as a whole, finds what an unanchored search finds', () => {
    // REGEXP_LIKE(x, p, 's') ≡ whole-string match with dotAll; PostgreSQL's `~` ≡ search.
    const cases: Array<[string, string]> = [
      ['ID[0-9]', 'ID7'],
      ['ID[0-9]', 'xxID7yy'],
      ['ID[0-9]', 'id7'],
      ['^ID[0-9]$', 'ID7'],
      ['^ID[0-9]$', 'ID77'],
      ['a|b', 'zzbzz'],
      ['x', 'line1\nx'],
      ['^(a)$', 'b\na'],
    ];
    for (const [regex, value] of cases) {
      const wrapped = `.*(${regex}).*`;
      const whole = new RegExp(`^(?:${wrapped})$`, 's').test(value);
      expect(whole, `${regex} on ${JSON.stringify(value)}`).toBe(new RegExp(regex).test(value));
    }
  });

  it('computes lengths, numbers from text and percentiles in Snowflake SQL', () => {
    expect(snowflakeDialect.length('"NAME"')).toBe('LENGTH(TO_VARCHAR("NAME"))');
    expect(snowflakeDialect.textToNumber('"PCT"')).toBe(
      `CAST(NULLIF(REGEXP_REPLACE(TO_VARCHAR("PCT"), '[^-0-9.]', ''), '') AS DOUBLE PRECISION)`,
    );
    expect(snowflakeDialect.percentile('"SIZE"', 0.95)).toBe(
      'PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY "SIZE")',
    );
    expect(snowflakeDialect.isoText('MAX("TS")')).toBe('TO_VARCHAR(MAX("TS"))');
  });

  it('reads columns and tables from the information schema with upper-case names', () => {
    expect(snowflakeDialect.schemaQuery(id('customers'), 'public')).toBe(
      "SELECT column_name, data_type\nFROM information_schema.columns\nWHERE table_schema = 'PUBLIC' AND table_name = 'CUSTOMERS'\nORDER BY ordinal_position",
    );
    expect(snowflakeDialect.schemaQuery(id('Quoted', true), undefined)).toContain(
      "table_schema = CURRENT_SCHEMA() AND table_name = 'Quoted'",
    );
    expect(snowflakeDialect.tablesQuery('raw')).toBe(
      "SELECT table_name\nFROM information_schema.tables\nWHERE table_schema = 'RAW'\nORDER BY table_name",
    );
  });

  it('knows the names a column type can be written with', () => {
    const same = snowflakeDialect.sameType;
    expect(same('integer', 'NUMBER')).toBe(true);
    expect(same('number(38,0)', 'NUMBER')).toBe(true);
    expect(same('varchar', 'TEXT')).toBe(true);
    expect(same('character varying', 'TEXT')).toBe(true);
    expect(same('string', 'TEXT')).toBe(true);
    expect(same('double', 'FLOAT')).toBe(true);
    expect(same('timestamp', 'TIMESTAMP_NTZ')).toBe(true);
    expect(same('timestamptz', 'TIMESTAMP_TZ')).toBe(true);
    expect(same('Timestamp_LTZ', 'TIMESTAMP_LTZ')).toBe(true);
    expect(same('varchar', 'NUMBER')).toBe(false);
    expect(same('timestamp', 'TIMESTAMP_TZ')).toBe(false);
    expect(same('float', 'NUMBER')).toBe(false);
  });
});
