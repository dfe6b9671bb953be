import { describe, expect, it } from 'vitest';
import { renderResults } from '../../../src/cli/results-table.js';
import type { CheckResult, ScanResult } from '../../../src/scan/result.js';
import type { Check } from '../../../src/sodacl/model.js';

const stream = { isTTY: false, columns: 120 } as NodeJS.WriteStream;
const base = {
  location: { filePath: 'checks.yml', line: 2, col: 5 },
  header: 'checks for orders',
  configuration: {},
  dataset: { name: 'orders', quoted: false },
};

function checkResult(check: Partial<Check>, over: Partial<CheckResult>): CheckResult {
  return {
    check: { ...base, ...check } as Check,
    displayName: 'x',
    outcome: 'pass',
    value: 1,
    metrics: [],
    outcomeReasons: [],
    ...over,
  };
}

const result = (checks: CheckResult[], logs: ScanResult['logs'] = []): ScanResult => ({
  scanId: 'id',
  definitionName: 'nightly',
  dataSource: 'pg',
  dataTimestamp: '',
  scanStartTimestamp: '',
  scanEndTimestamp: '',
  checks,
  metrics: [],
  queries: [{ name: 'q', sql: 'SELECT 1' }],
  logs,
  hasErrors: false,
  hasWarnings: false,
  hasFailures: false,
});

describe('the results table', () => {
  it('groups by dataset, shows outcome, value, thresholds, details, samples, problems and a summary', () => {
    const text = renderResults(
      result(
        [
          checkResult(
            { kind: 'metric', source: 'missing_count(email) = 0' },
            {
              displayName: 'Emails present',
              outcome: 'fail',
              value: 4,
              fail: { gt: 0, lt: 0, union: true },
              samples: {
                columns: [{ name: 'id', type: 'int4' }],
                rows: [],
                totalRowCount: 4,
                storedRowCount: 2,
                limit: 2,
              },
            },
          ),
          checkResult(
            { kind: 'schema', source: 'schema' },
            {
              displayName: 'Schema Check',
              outcome: 'warn',
              value: 2,
              diagnostics: {
                missing_column_names: ['email'],
                column_type_mismatches: { id: { expected_type: 'integer', actual_type: 'text' } },
              },
            },
          ),
          checkResult(
            { kind: 'freshness', source: 'freshness(ts) < 1d' },
            {
              displayName: 'freshness(ts) < 1d',
              outcome: 'fail',
              value: null,
              diagnostics: { value: 0, measure: 'time', maxColumnTimestamp: null, freshness: null },
            },
          ),
          checkResult(
            { kind: 'metric', partition: 'recent' },
            { displayName: 'Recent rows', value: 2.123456 },
          ),
        ],
        [
          {
            level: 'error',
            message: 'boom',
            timestamp: '',
            location: { filePath: 'c.yml', line: 3, col: 7 },
          },
          { level: 'warning', message: 'careful', timestamp: '' },
        ],
      ),
      stream,
      1234,
    );
    expect(text).toMatch(/^orders$/m);
    expect(text).toMatch(/^ {2}FAIL {2}Emails present +4 {2}fail when != 0$/m);
    expect(text).toContain('↳ 2 of 4 failed rows kept locally (id)');
    expect(text).toMatch(/WARN {2}Schema Check/);
    expect(text).toContain('↳ missing: email · id is text, expected integer');
    expect(text).toMatch(
      /FAIL {2}freshness\(ts\) < 1d.*\n +↳ no rows with a value in the column \(an empty table or partition, or only NULLs\)$/m,
    );
    expect(text).toMatch(/^orders \[recent\]$/m);
    expect(text).toMatch(/Recent rows +2\.1235/);
    expect(text).toContain('Errors (1):\n  c.yml:3:7: boom');
    expect(text).toContain('Warnings (1):\n  careful');
    expect(text).toContain(
      'Scan "nightly" on pg: 1 passed · 1 warned · 2 failed · 0 not evaluated · 1 query · 1.23 s',
    );
  });
});
