import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildScanResultsDocument,
  checkDefinition,
  pythonDuration,
} from '../../../src/payload/soda-document.js';
import type { CheckResult, ScanResult } from '../../../src/scan/result.js';
import type { Check } from '../../../src/sodacl/model.js';

/** The schema metric of a document Soda Core 3.5.6 sent. */
const SODA_SCHEMA_METRIC = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'soda-cloud-scan-results.json'), 'utf8')) as {
    metrics: { metricName: string }[];
  }
).metrics.find((metric) => metric.metricName === 'schema') as object;

const check = (over: Partial<Check> = {}): Check =>
  ({
    kind: 'metric',
    location: { filePath: 'checks.yml', line: 2, col: 5 },
    source: 'missing_count(email) = 0',
    header: 'checks for customers',
    dataset: { name: 'customers', quoted: false },
    configuration: { name: 'Emails present' },
    metric: { name: 'missing_count', column: { name: 'email', quoted: false }, args: [] },
    ...over,
  }) as Check;

const result = (checks: CheckResult[], metrics: ScanResult['metrics'] = []): ScanResult => ({
  scanId: 'id',
  definitionName: 'demo',
  dataSource: 'pg',
  dataTimestamp: '2026-11-29T14:08:20+00:00',
  scanStartTimestamp: '2026-11-29T14:08:20+00:00',
  scanEndTimestamp: '2026-11-29T14:08:21+00:00',
  checks,
  metrics,
  queries: [
    { name: 'pg.customers.aggregation[0]', dataset: 'customers', sql: 'SELECT 1', durationMs: 2.627 },
  ],
  logs: [
    {
      level: 'error',
      message: 'boom',
      timestamp: '2026-11-29T14:08:20.123Z',
      location: { filePath: 'c.yml', line: 1, col: 1 },
    },
  ],
  hasErrors: true,
  hasWarnings: false,
  hasFailures: true,
});

describe('the Soda Cloud scan-results document', () => {
  it('writes checks with Soda zones, definition, location and the failed-rows block without rows', () => {
    const document = buildScanResultsDocument(
      result([
        {
          check: check(),
          displayName: 'Emails present',
          outcome: 'fail',
          value: 4,
          metrics: ['metric-demo-pg-customers-email-missing_count'],
          outcomeReasons: [],
          fail: { gt: 0, lt: 0, union: true },
          column: 'email',
          samples: {
            columns: [{ name: 'id', type: 'int4' }],
            rows: [[1], [2]],
            totalRowCount: 4,
            storedRowCount: 2,
            limit: 2,
          },
        },
      ]),
    );
    const entry = document.checks[0];
    expect(entry).toMatchObject({
      name: 'Emails present',
      type: 'generic',
      definition: 'checks for customers:\n  - missing_count(email) = 0:\n      name: Emails present\n',
      location: { filePath: 'checks.yml', line: 2, col: 5 },
      dataSource: 'pg',
      table: 'customers',
      column: 'email',
      outcome: 'fail',
      source: 'soda-core',
    });
    expect(entry?.diagnostics).toMatchObject({ value: 4, fail: { greaterThan: 0, lessThan: 0 } });
    expect(entry?.diagnostics.blocks).toEqual([
      {
        type: 'file',
        title: 'Failed Rows',
        file: {
          columns: [{ name: 'id', type: 'int4' }],
          totalRowCount: 4,
          storedRowCount: 2,
          reference: {
            type: 'noFile',
            message: 'Samples are not sent to Soda Cloud',
            link: { href: null, text: null },
            fileId: '',
          },
        },
      },
    ]);
    expect(JSON.stringify(document)).not.toContain('[[1],[2]]');
  });

  it('sends outcome reasons with their code and level, and leaves out checks without outcome or reason', () => {
    const document = buildScanResultsDocument(
      result([
        {
          check: check({ kind: 'schema', source: 'schema', configuration: {} } as Partial<Check>),
          displayName: 'Schema Check',
          outcome: null,
          value: null,
          metrics: [],
          outcomeReasons: ['Skipping schema checks since there is no historic schema metrics!'],
          outcomeReasonLevel: 'warning',
          outcomeReasonCode: 'notEnoughHistory',
        },
        {
          check: check(),
          displayName: 'silent',
          outcome: null,
          value: null,
          metrics: [],
          outcomeReasons: [],
        },
      ]),
    );
    expect(document.checks).toHaveLength(1);
    expect(document.checks[0]?.outcomeReasons).toEqual([
      {
        code: 'notEnoughHistory',
        message: 'Skipping schema checks since there is no historic schema metrics!',
        severity: 'warn',
      },
    ]);
  });

  it('metrics keep timestamps and schemas as Soda sends them; queries and logs in Soda form', () => {
    const document = buildScanResultsDocument(
      result(
        [],
        [
          {
            identity: 'metric-demo-pg-customers-ts-max',
            metricName: 'max',
            value: '2020-06-24T00:04:10+00:00',
          },
          {
            identity: 'metric-demo-pg-customers-schema',
            metricName: 'schema',
            dataset: 'customers',
            value: [{ columnName: 'id', sourceDataType: 'integer' }],
          },
        ],
      ),
    );
    expect(document.metrics).toEqual([
      { identity: 'metric-demo-pg-customers-ts-max', metricName: 'max', value: '2020-06-24T00:04:10+00:00' },
      {
        // As in the real document (reference/soda-cloud-scan-results.json), in Soda's key order.
        identity: 'metric-demo-pg-customers-schema',
        metricName: 'schema',
        dataSourceName: 'pg',
        tableName: 'customers',
        partitionName: null,
        columnName: null,
        value: [{ columnName: 'id', sourceDataType: 'integer' }],
      },
    ]);
    expect(Object.keys(document.metrics[1] ?? {})).toEqual(Object.keys(SODA_SCHEMA_METRIC));
    expect(document.queries[0]).toEqual({
      name: 'pg.customers.aggregation[0]',
      dataSource: 'pg',
      table: 'customers',
      partition: null,
      column: null,
      sql: 'SELECT 1',
      exception: null,
      duration: '0:00:00.002627',
    });
    expect(document.logs[0]).toEqual({
      level: 'error',
      message: 'boom',
      timestamp: '2026-11-29T14:08:20+00:00',
      index: 1,
      location: { filePath: 'c.yml', line: 1, col: 1 },
      errorLocation: { filePath: 'c.yml', line: 1, col: 1 },
    });
  });

  it('formats durations as Python prints a timedelta, and a plain check line as its definition', () => {
    expect(pythonDuration(2.627)).toBe('0:00:00.002627');
    expect(pythonDuration(3_723_000)).toBe('1:02:03');
    // As the real Soda document has it: no list dash, no final newline.
    expect(checkDefinition(check({ configuration: {} }))).toBe(
      'checks for customers:\n  missing_count(email) = 0',
    );
  });

  it("keeps Soda's key order: partition after table, a kind's own diagnostics first, then blocks, value, zones", () => {
    const document = buildScanResultsDocument(
      result([
        {
          check: check({ partition: 'daily' }),
          displayName: 'Emails present',
          outcome: 'fail',
          value: 4,
          metrics: ['m'],
          outcomeReasons: ['boom'],
          fail: { gt: 0, union: true },
          diagnostics: { measure: 'x', value: 9, blocks: [{ type: 'csv', text: 'a' }] },
        },
      ]),
    );
    const entry = document.checks[0];
    expect(Object.keys(entry ?? {})).toEqual([
      'identity',
      'identities',
      'migratedIdentities',
      'name',
      'type',
      'definition',
      'resourceAttributes',
      'location',
      'dataSource',
      'table',
      'partition',
      'column',
      'metrics',
      'outcome',
      'diagnostics',
      'source',
      'outcomeReasons',
    ]);
    expect(Object.keys(entry?.diagnostics ?? {})).toEqual(['measure', 'value', 'blocks', 'fail']);
    expect(entry?.diagnostics).toEqual({
      measure: 'x',
      value: 4,
      blocks: [{ type: 'csv', text: 'a' }],
      fail: { greaterThan: 0 },
    });
  });
});
