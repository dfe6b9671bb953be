/**
 * The Snowflake → PostgreSQL translator of the test server: lexical rules (strings with backslash escapes,
 * quoted identifiers, comments never rewritten), identifier case, database and INFORMATION_SCHEMA names, function
 * and type rewrites, select-list names, and the tables a statement touches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snowflakeDialect, snowflakeString } from '../../../src/connectors/snowflake/dialect.js';
import { translateCreateTable } from '../../support/snowflake/create-table.js';
import { snowflakeFormatToPostgres } from '../../support/snowflake/formats.js';
import { swapCase } from '../../support/snowflake/names.js';
import { SqlSyntaxError, splitStatements, tokenize } from '../../support/snowflake/tokenizer.js';
import { type TranslateContext, translate } from '../../support/snowflake/translate.js';

const ctx: TranslateContext = {
  compat: 'cx',
  database: 'GATEHOUSE',
  session: {
    user: 'ALICE',
    role: 'ANALYST',
    warehouse: 'COMPUTE_WH',
    database: 'GATEHOUSE',
    schema: 'SALES',
    clientIp: '127.0.0.2',
    version: '9.0.0',
    account: 'ACME',
    region: 'local',
    sessionId: '42',
  },
};

const one = (sql: string) => {
  const statements = splitStatements(tokenize(sql));
  expect(statements).toHaveLength(1);
  return translate(statements[0] ?? [], ctx);
};
const sqlOf = (sql: string) => one(sql).sql;

describe('tokenizer', () => {
  it('decodes Snowflake string escapes and doubled quotes', () => {
    const [token] = tokenize(String.raw`'a\\d\'b''c\n\x41\u00e9'`);
    expect(token?.kind).toBe('string');
    expect(token?.value).toBe("a\\d'b'c\nAé");
  });

  it('drops the backslash before a character that starts no escape, as Snowflake does', () => {
    expect(tokenize(String.raw`'\d'`)[0]?.value).toBe('d');
  });

  it('reads $$ strings raw and quoted identifiers with doubled quotes', () => {
    const tokens = tokenize('$$it\'s \\d$$ "a""b"');
    expect(tokens[0]?.value).toBe("it's \\d");
    expect(tokens[2]).toMatchObject({ kind: 'quoted', value: 'a"b' });
  });

  it('keeps comments of all three kinds whole', () => {
    const kinds = tokenize("select 1 -- x 'y'\n/* 'z' */ // w\n").map((t) => t.kind);
    expect(kinds.filter((k) => k === 'comment')).toHaveLength(3);
  });

  it('splits statements at top-level semicolons only', () => {
    expect(splitStatements(tokenize("select ';'; select 2;"))).toHaveLength(2);
    expect(splitStatements(tokenize('select 1;'))).toHaveLength(1);
  });

  it('reads back any text the dialect writes as a Snowflake literal, and re-encodes it for PostgreSQL', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((value) => !value.includes('\0'));
    fc.assert(
      fc.property(text, (value) => {
        const tokens = tokenize(`SELECT ${snowflakeString(value)} AS v`);
        expect(tokens.find((token) => token.kind === 'string')?.value).toBe(value);
        // PostgreSQL's standard strings only double the quote.
        expect(sqlOf(`SELECT ${snowflakeString(value)} AS v`)).toBe(
          `SELECT '${value.replaceAll("'", "''")}' AS v`,
        );
      }),
    );
  });

  it('reports an unterminated string with its position', () => {
    expect(() => tokenize("select 'abc")).toThrow(SqlSyntaxError);
    try {
      tokenize("select 'abc");
    } catch (error) {
      expect((error as SqlSyntaxError).position).toBe(7);
    }
  });
});

describe('identifiers', () => {
  it('swaps the case of names written entirely in one case and keeps mixed case', () => {
    expect(swapCase('ORDERS')).toBe('orders');
    expect(swapCase('orders')).toBe('ORDERS');
    expect(swapCase('Orders')).toBe('Orders');
    expect(swapCase('_1')).toBe('_1');
  });

  it('maps quoted identifiers through the swap and leaves unquoted ones to PostgreSQL folding', () => {
    expect(sqlOf('SELECT "EMAIL", email, "Mixed" FROM "SALES"."ORDERS"')).toBe(
      'SELECT "email", email, "Mixed" FROM "sales"."orders"',
    );
  });

  it('never rewrites the inside of strings or comments', () => {
    expect(sqlOf(`SELECT 'FROM "X" REGEXP_LIKE(' AS s /* "Y" */ FROM t`)).toBe(
      `SELECT 'FROM "X" REGEXP_LIKE(' AS s /* "Y" */ FROM t`,
    );
  });

  it('re-encodes string literals for PostgreSQL', () => {
    expect(sqlOf(String.raw`SELECT 'it\'s \\d' AS x`)).toBe(String.raw`SELECT 'it''s \d' AS x`);
  });

  it('drops the session database from three-part names and records the tables', () => {
    const translation = one(
      'SELECT * FROM GATEHOUSE.SALES.ORDERS o JOIN "GATEHOUSE"."SALES"."ITEMS" i ON o.id = i.id, c',
    );
    expect(translation.sql).toBe('SELECT * FROM SALES.ORDERS o JOIN "sales"."items" i ON o.id = i.id, c');
    expect(translation.tables).toEqual([
      ['SALES', 'ORDERS'],
      ['SALES', 'ITEMS'],
    ]);
  });

  it('lists every table of a FROM list', () => {
    expect(one('SELECT 1 FROM a, b WHERE a.x IN (SELECT y FROM c)').tables).toEqual([['A'], ['B'], ['C']]);
  });

  it('names derived tables PostgreSQL 15 would refuse without an alias, and keeps given aliases', () => {
    expect(sqlOf('SELECT COUNT(*) AS n FROM (SELECT 1 AS x) JOIN (SELECT 2 AS y) d ON TRUE')).toBe(
      'SELECT COUNT(*) AS n FROM (SELECT 1 AS x) AS sf_derived_1 JOIN (SELECT 2 AS y) d ON TRUE',
    );
    expect(sqlOf('SELECT x FROM (SELECT 1 AS x) AS failed_rows WHERE x = 1')).toBe(
      'SELECT x FROM (SELECT 1 AS x) AS failed_rows WHERE x = 1',
    );
  });

  it('maps INFORMATION_SCHEMA views to the compat schema, with or without the database', () => {
    const translation = one(
      'SELECT column_name FROM information_schema.columns c JOIN GATEHOUSE.INFORMATION_SCHEMA.TABLES t ON t.table_name = c.table_name',
    );
    expect(translation.sql).toBe(
      'SELECT column_name FROM cx.sf_columns c JOIN cx.sf_tables t ON t.table_name = c.table_name',
    );
    expect(translation.readsInformationSchema).toBe(true);
    expect(translation.tables).toEqual([]);
  });
});

describe('functions', () => {
  it('answers session functions with the session values', () => {
    expect(sqlOf('SELECT CURRENT_IP_ADDRESS(), current_role(), CURRENT_DATABASE() AS d')).toBe(
      `SELECT CAST('127.0.0.2' AS TEXT) AS "current_ip_address()", CAST('ANALYST' AS TEXT) AS "current_role()", CAST('GATEHOUSE' AS TEXT) AS d`,
    );
  });

  it('drops the empty parentheses of CURRENT_TIMESTAMP()', () => {
    expect(sqlOf('SELECT x FROM t WHERE ts < CURRENT_TIMESTAMP()')).toBe(
      'SELECT x FROM t WHERE ts < CURRENT_TIMESTAMP',
    );
  });

  it('runs every SQL form the Snowflake dialect emits through the compat schema', () => {
    const column = snowflakeDialect.identifier({ name: 'email', quoted: false });
    const regex = snowflakeDialect.regexMatches(column, String.raw`^\d+@x$`);
    expect(sqlOf(`SELECT COUNT(CASE WHEN ${regex} THEN 1 END) AS n FROM t`)).toBe(
      String.raw`SELECT COUNT(CASE WHEN cx.regexp_like(cx.sf_collate(cx.to_varchar("email"), ''), '.*(^\d+@x$).*', 's') THEN 1 END) AS n FROM t`,
    );
    expect(sqlOf(`SELECT ${snowflakeDialect.textToNumber(column)} AS v FROM t`)).toBe(
      `SELECT CAST(NULLIF(cx.regexp_replace(cx.to_varchar("email"), '[^-0-9.]', ''), '') AS DOUBLE PRECISION) AS v FROM t`,
    );
    expect(sqlOf(`SELECT ${snowflakeDialect.length(column)} AS l FROM t`)).toBe(
      'SELECT LENGTH(cx.to_varchar("email")) AS l FROM t',
    );
    expect(sqlOf(`SELECT ${snowflakeDialect.percentile(column, 0.5)} AS p FROM t`)).toBe(
      'SELECT PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY "email") AS p FROM t',
    );
    const schemaQuery = one(snowflakeDialect.schemaQuery({ name: 'orders', quoted: false }, undefined));
    expect(schemaQuery.sql).toContain('FROM cx.sf_columns');
    expect(schemaQuery.sql).toContain(`table_schema = CAST('SALES' AS TEXT)`);
  });

  it('turns date parts into unit literals and converts datetime formats', () => {
    expect(
      sqlOf(
        "SELECT DATEADD(dd, -1, ts) AS a, DATEDIFF('HOURS', a, b) AS b, TO_VARCHAR(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS.FF9') AS c FROM t",
      ),
    ).toBe(
      `SELECT cx.dateadd('day', -1, ts) AS a, cx.datediff('hour', a, b) AS b, cx.to_varchar(ts, 'YYYY-MM-DD"T"HH24:MI:SS.US"000"') AS c FROM t`,
    );
  });

  it('rewrites [NOT] RLIKE as an operator and TRY_CAST as a compat call', () => {
    expect(sqlOf("SELECT a FROM t WHERE a RLIKE 'x' AND b NOT REGEXP 'y'")).toBe(
      "SELECT a FROM t WHERE a OPERATOR(cx.#~) 'x' AND b OPERATOR(cx.!#~) 'y'",
    );
    expect(sqlOf("SELECT TRY_CAST('1.5' AS NUMBER(10, 2)) AS n")).toBe(
      "SELECT cx.try_cast_text(('1.5')::text, NULL::NUMERIC(10, 2)) AS n",
    );
  });

  it('translates Snowflake type names in casts', () => {
    expect(
      sqlOf(
        'SELECT CAST(a AS NUMBER) AS a, b::VARIANT AS b, c::TIMESTAMP_NTZ(9) AS c, d::STRING AS d FROM t',
      ),
    ).toBe(
      'SELECT CAST(a AS NUMERIC(38, 0)) AS a, b::cx.variant AS b, c::TIMESTAMP AS c, d::TEXT AS d FROM t',
    );
  });
});

describe('select-list names', () => {
  it('names unaliased expressions by their upper-cased text, as Snowflake does', () => {
    // Aliases are written in PostgreSQL's case: the encoder swaps "count(*)" back to COUNT(*).
    expect(sqlOf('select count(*), max(a) + 1, a, t.b, c x, d as "Y" from t')).toBe(
      'select count(*) AS "count(*)", max(a) + 1 AS "max(a) + 1", a, t.b, c x, d as "y" from t',
    );
  });

  it('does not take the END of a CASE or a trailing NULL for an alias', () => {
    expect(sqlOf('SELECT CASE WHEN a THEN 1 END, a IS NULL FROM t')).toBe(
      'SELECT CASE WHEN a THEN 1 END AS "case when a then 1 end", a IS NULL AS "a is null" FROM t',
    );
  });
});

describe('CREATE TABLE', () => {
  it('translates column types and OR REPLACE, and records the new table', () => {
    const statement = splitStatements(
      tokenize(
        'CREATE OR REPLACE TRANSIENT TABLE "T" (id INT NOT NULL, v VARIANT, ts TIMESTAMP_LTZ, s VARCHAR(10), PRIMARY KEY (id))',
      ),
    )[0];
    const translation = translateCreateTable(statement ?? [], ctx);
    expect(translation?.sql).toBe(
      'DROP TABLE IF EXISTS "t"; CREATE TABLE "t" (id NUMERIC(38, 0) NOT NULL, v cx.variant, ts cx.timestamp_ltz, s VARCHAR(10), PRIMARY KEY (id))',
    );
    expect(translation?.tables[0]).toEqual(['T']);
  });

  it('is not used for other statements', () => {
    expect(translateCreateTable(tokenize('CREATE VIEW v AS SELECT 1'), ctx)).toBeUndefined();
  });
});

describe('formats', () => {
  it('converts Snowflake datetime formats to to_char formats', () => {
    expect(snowflakeFormatToPostgres('YYYY-MM-DD"T"HH24:MI:SS.FF9TZH:TZM')).toBe(
      'YYYY-MM-DD"T"HH24:MI:SS.US"000"TZH:TZM',
    );
    expect(snowflakeFormatToPostgres('yyyy-mm-dd hh:mi:ss.ff3')).toBe('YYYY-MM-DD HH24:MI:SS.MS');
    expect(snowflakeFormatToPostgres('DD MON YYYY')).toBe('DD Mon YYYY');
  });
});
