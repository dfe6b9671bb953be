/** snowflake-sdk's statement errors as the connector reports them. */
import { describe, expect, it } from 'vitest';
import { queryError } from '../../../src/connectors/snowflake/errors.js';

const noWarehouse = () =>
  Object.assign(
    new Error(
      "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
    ),
    { code: '000606', sqlState: '57P03' },
  );

describe('Snowflake query errors', () => {
  it('000606 with a configured warehouse and role: names both, as Snowflake resolves them, and the GRANT to ask for', () => {
    const error = queryError(noWarehouse(), { warehouse: 'reporting_wh', role: '"Analyst"' });
    expect(error).toMatchObject({ code: '000606', kind: 'query' });
    expect(error.message).toContain(
      'The configured warehouse REPORTING_WH does not exist, or role Analyst may not use it',
    );
    expect(error.message).toContain('GRANT USAGE ON WAREHOUSE "REPORTING_WH" TO ROLE "Analyst".');
    expect(error.message).toContain('gatehouse test-connection');
  });

  it('090105/090106, no current database or schema: the configured one named with its GRANT, or add the key', () => {
    const sdk = (message: string, code: string) =>
      Object.assign(new Error(message), { code, sqlState: '22000' });
    const noDatabase = () =>
      sdk(
        "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
        '090105',
      );
    expect(queryError(noDatabase(), { database: 'sales', role: 'analyst' }).message).toContain(
      'The configured database SALES does not exist, or role ANALYST may not use it (Snowflake then logs in without a database): check database: in configuration.yml, or ask the admin to GRANT USAGE ON DATABASE "SALES" TO ROLE "ANALYST".',
    );
    expect(queryError(noDatabase(), {}).message).toContain(
      'The data source names no database and the user has no default one: add database: to it in configuration.yml.',
    );
    const noSchema = sdk(
      "Cannot perform SELECT. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.",
      '090106',
    );
    expect(queryError(noSchema, { database: 'sales', schema: 'raw' }).message).toContain(
      'GRANT USAGE ON SCHEMA "SALES"."RAW" TO ROLE <role>',
    );
  });

  it("Snowflake's two-line compilation errors become one line", () => {
    const error = queryError(
      Object.assign(
        new Error("SQL compilation error:\nObject 'DB.S.NOPE' does not exist or not authorized."),
        { code: '002003', sqlState: '42S02' },
      ),
    );
    expect(error.message).toBe("SQL compilation error: Object 'DB.S.NOPE' does not exist or not authorized.");
    expect(error.code).toBe('002003');
  });

  it('other statement errors keep their message as Snowflake wrote it', () => {
    const error = queryError(
      Object.assign(new Error("SQL compilation error: invalid identifier 'X'"), { code: '000904' }),
    );
    expect(error.message).toBe("SQL compilation error: invalid identifier 'X'");
  });
});
