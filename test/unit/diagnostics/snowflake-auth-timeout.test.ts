/**
 * The connection test's Authentication step on Snowflake: browser SSO waits for a person at the identity provider
 * (at least 120 s, as a scan's login does) before the login itself; other login modes get the plain step time.
 */
import { describe, expect, it } from 'vitest';
import type { SnowflakeDataSource } from '../../../src/config/model.js';
import { snowflakeEngine } from '../../../src/diagnostics/engines/snowflake.js';

const ds = (authenticator: SnowflakeDataSource['authenticator']): SnowflakeDataSource => ({
  type: 'snowflake',
  name: 'sf',
  account: 'myorg-analytics',
  username: 'SCANNER',
  authenticator,
  protocol: 'https',
  connectionTimeoutMs: 30_000,
  sessionParams: {},
  poolSize: 2,
  statementTimeoutMs: 3_600_000,
});

describe('Snowflake Authentication step time', () => {
  it('browser SSO: the step time for the login plus at least 120 s for the browser', () => {
    expect(snowflakeEngine.authTimeoutMs?.(ds('EXTERNALBROWSER'), 30_000)).toBe(150_000);
    expect(snowflakeEngine.authTimeoutMs?.(ds('EXTERNALBROWSER'), 200_000)).toBe(400_000);
  });

  it('every other login mode: the plain step time', () => {
    for (const mode of ['SNOWFLAKE', 'SNOWFLAKE_JWT', 'OAUTH', 'PROGRAMMATIC_ACCESS_TOKEN'] as const) {
      expect(snowflakeEngine.authTimeoutMs?.(ds(mode), 30_000)).toBe(30_000);
    }
  });
});
