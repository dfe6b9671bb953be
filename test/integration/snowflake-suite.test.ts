/**
 * The SodaCL integration suite, run again through Snowflake: every scan-* file (and the payload and pitfall
 * files) opens the engine GATEHOUSE_TEST_ENGINE names (test/support/test-engine.ts); here they run in a child
 * vitest with GATEHOUSE_TEST_ENGINE=snowflake — the same tables and checks, through snowflake-sdk and the
 * Snowflake-protocol server — and every test must pass, none left out. Where the engines rightly differ (type
 * names, upper-case names of unquoted columns, the SQL of the newest value) the tests expect each engine's own.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { postgresAvailable } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const ROOT = join(import.meta.dirname, '..', '..');
const FILES = [
  'scan-metrics',
  'scan-duplicate',
  'scan-failed-rows',
  'scan-for-each',
  'scan-freshness',
  'scan-reference',
  'scan-row-count-comparison',
  'scan-samples',
  'scan-schema',
  'scan-user-metric',
  'soda-pitfalls',
  'payload-classes',
].map((name) => `test/integration/${name}.test.ts`);

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

function runVitest(outputFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'test/support/vitest-snowflake.config.ts',
        '--reporter=json',
        `--outputFile=${outputFile}`,
        ...FILES,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, GATEHOUSE_TEST_ENGINE: 'snowflake' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the SodaCL integration suite through Snowflake', () => {
  test('every test of the scan files passes with GATEHOUSE_TEST_ENGINE=snowflake', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-sf-suite-'));
    try {
      const outputFile = join(dir, 'report.json');
      const run = await runVitest(outputFile);
      const report = JSON.parse(await readFile(outputFile, 'utf8')) as JsonReport;
      const failed = report.testResults.flatMap((file) =>
        file.assertionResults.filter((t) => t.status === 'failed').map((t) => `${file.name}: ${t.fullName}`),
      );
      expect(failed, run.output.slice(-4000)).toEqual([]);
      expect(run.code).toBe(0);
      expect(report.testResults.map((file) => file.name.slice(ROOT.length + 1)).sort()).toEqual(
        [...FILES].sort(),
      );
      // Nothing left out, nothing skipped for a missing prerequisite.
      expect(report.numPendingTests).toBe(0);
      expect(report.numPassedTests).toBeGreaterThanOrEqual(60);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
