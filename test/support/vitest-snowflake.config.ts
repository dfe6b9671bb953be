/**
 * The SodaCL integration files run again through Snowflake (GATEHOUSE_TEST_ENGINE=snowflake), by
 * test/integration/snowflake-suite.test.ts. No global setup: these files need no build.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/integration/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
