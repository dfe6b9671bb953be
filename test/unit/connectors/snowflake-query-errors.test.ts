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
