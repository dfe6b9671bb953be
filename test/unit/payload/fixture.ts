/**
 * A realistic ScanResult without a database: real parsed checks, values as a PostgreSQL scan reports them, and
 * canary values that only the data holds (a text max, a failed value in a message, sample rows).
 */
import type { CheckResult, ScanResult } from '../../../src/scan/result.js';
import { parseChecks } from '../../../src/sodacl/parse.js';

export const CANARY = {
  /** max(cst_code): a text-derived metric value. */
  textMax: 'ZZ-CANARY-MAX',
  /** A value in a failed-rows sample. */
  sampleValue: 'canary-row@example.com',
  /** A freshness timestamp read from the data. */
  newest: '2020-06-24 00:04:10',
  /** A failed value quoted in a warning and an outcome reason. */
  failedValue: 'CANARY-FAILED-VALUE',
};

const CHECKS = `checks for customers:
  - row_count between 1 and 100
  - missing_count(email) = 0:
      name: Emails present
  - max(cst_code) > 0
  - avg(cst_size) between 1 and 2
  - freshness(ts) < 1d
  - schema:
      fail:
        when required column missing: [id, email]
  - max(updated_at) < 1
checks for orders:
  - row_count > 0
  - missing_count(ssn) = 0
`;

export function fixtureResult(): ScanResult {
  const parsed = parseChecks([{ filePath: 'checks.yml', text: CHECKS }], { env: {} });
  const [rowCount, missing, textMax, avg, freshness, schema, broken, orderRows, ssn] = parsed.checks;
  if (!rowCount || !missing || !textMax || !avg || !freshness || !schema || !broken || !orderRows || !ssn) {
    throw new Error(`fixture checks did not parse: ${JSON.stringify(parsed.diagnostics)}`);
  }
  const m = (name: string) => `metric-demo-pg-${name}`;
  const checks: CheckResult[] = [
    {
      check: rowCount,
      displayName: 'row_count between 1 and 100',
      outcome: 'pass',
      value: 10,
      metrics: [m('customers-row_count')],
      outcomeReasons: [],
      fail: { lt: 1, gt: 100, union: true },
    },
    {
      check: missing,
      displayName: 'Emails present',
      outcome: 'fail',
      value: 2,
      metrics: [m('customers-email-missing_count')],
      outcomeReasons: [],
      fail: { gt: 0, lt: 0, union: true },
      column: 'email',
      samples: {
        columns: [
          { name: 'id', type: 'int4' },
          { name: 'email', type: 'varchar' },
          { name: 'cst_size', type: 'float8' },
        ],
        rows: [
          [1, CANARY.sampleValue, 1.5],
          [2, null, Number.NaN],
        ],
        totalRowCount: 2,
        storedRowCount: 2,
        limit: 100,
      },
    },
    {
      check: textMax,
      displayName: 'max(cst_code) > 0',
      outcome: null,
      value: null,
      metrics: [m('customers-cst_code-max')],
      outcomeReasons: [`max(cst_code) is not a number: "${CANARY.failedValue}"`],
      column: 'cst_code',
    },
    {
      check: avg,
      displayName: 'avg(cst_size) between 1 and 2',
      outcome: 'pass',
      value: 1.1285714285714286,
      metrics: [m('customers-cst_size-avg')],
      outcomeReasons: [],
      fail: { lt: 1, gt: 2, union: true },
      column: 'cst_size',
    },
    {
      check: freshness,
      displayName: 'freshness(ts) < 1d',
      outcome: 'pass',
      value: 42950000,
      metrics: [m('customers-ts-max')],
      outcomeReasons: [],
      column: 'ts',
      diagnostics: {
        value: 42950000,
        measure: 'time',
        maxColumnTimestamp: CANARY.newest,
        maxColumnTimestampUtc: `${CANARY.newest}+00:00`,
        nowVariableName: 'NOW',
        nowTimestamp: '2020-06-24 12:00:00',
        nowTimestampUtc: '2020-06-24 12:00:00+00:00',
        freshness: '11:55:50',
      },
    },
    {
      check: schema,
      displayName: 'Schema Check',
      outcome: 'fail',
      value: 1,
      metrics: [m('customers-schema')],
      outcomeReasons: [],
      diagnostics: {
        blocks: [
          {
            type: 'csv',
            text: 'Column,Type\nid,integer\nemail,character varying\nssn,text',
            title: 'Schema',
          },
          {
            type: 'csv',
            text: 'Column,Event,Details\nphone,:icon-fail: Required Column Missing, ',
            title: 'Diagnostics',
          },
        ],
        missing_column_names: ['phone'],
        present_column_names: [],
        column_type_mismatches: { email: { expected_type: 'text', actual_type: 'character varying' } },
        column_index_mismatches: {},
        column_additions: ['ssn'],
        column_deletions: [],
        column_type_changes: {},
        column_index_changes: {},
        preferredChart: 'bars',
        valueLabel: '1 schema event(s)',
        valueSeries: {
          values: [
            { label: 'fail', value: 1, outcome: 'fail' },
            { label: 'warn', value: 0, outcome: 'warn' },
            { label: 'pass', value: 2, outcome: 'pass' },
          ],
        },
      },
    },
    {
      check: broken,
      displayName: 'max(updated_at) < 1',
      outcome: null,
      value: null,
      metrics: [],
      outcomeReasons: ['The query failed'],
      outcomeReasonLevel: 'error',
      column: 'updated_at',
    },
    {
      check: orderRows,
      displayName: 'row_count > 0',
      outcome: 'pass',
      value: 7,
      metrics: [m('orders-row_count')],
      outcomeReasons: [],
      fail: { lte: 0, union: false },
    },
    {
      check: ssn,
      displayName: 'missing_count(ssn) = 0',
      outcome: 'pass',
      value: 0,
      metrics: [m('orders-ssn-missing_count')],
      outcomeReasons: [],
      fail: { gt: 0, lt: 0, union: true },
      column: 'ssn',
    },
  ];
  return {
    scanId: '2026-11-29T14-08-20.000Z-1a2b3c4d',
    definitionName: 'demo',
    dataSource: 'pg',
    dataTimestamp: '2026-11-29T14:08:20+00:00',
    scanStartTimestamp: '2026-11-29T14:08:20+00:00',
    scanEndTimestamp: '2026-11-29T14:08:21+00:00',
    checks,
    metrics: [
      { identity: m('customers-row_count'), metricName: 'row_count', dataset: 'customers', value: 10 },
      {
        identity: m('customers-email-missing_count'),
        metricName: 'missing_count',
        dataset: 'customers',
        column: 'email',
        value: 2,
      },
      {
        identity: m('customers-cst_code-max'),
        metricName: 'max',
        dataset: 'customers',
        column: 'cst_code',
        value: CANARY.textMax,
      },
      {
        identity: m('customers-cst_size-avg'),
        metricName: 'avg',
        dataset: 'customers',
        column: 'cst_size',
        value: 1.1285714285714286,
      },
      {
        identity: m('customers-ts-max'),
        metricName: 'max',
        dataset: 'customers',
        column: 'ts',
        value: '2020-06-24T00:04:10+00:00',
      },
      {
        identity: m('customers-schema'),
        metricName: 'schema',
        dataset: 'customers',
        value: [
          { columnName: 'id', sourceDataType: 'integer' },
          { columnName: 'email', sourceDataType: 'character varying' },
          { columnName: 'ssn', sourceDataType: 'text' },
        ],
      },
      { identity: m('orders-row_count'), metricName: 'row_count', dataset: 'orders', value: 7 },
      {
        identity: m('orders-ssn-missing_count'),
        metricName: 'missing_count',
        dataset: 'orders',
        column: 'ssn',
        value: 0,
      },
    ],
    queries: [
      {
        name: 'pg.customers.aggregation[0]',
        dataset: 'customers',
        sql: 'SELECT COUNT(*), COUNT(CASE WHEN email IS NULL THEN 1 END), MAX(cst_code) FROM customers',
        durationMs: 2.6,
      },
      {
        name: 'pg.orders.aggregation[0]',
        dataset: 'orders',
        sql: 'SELECT COUNT(*), COUNT(CASE WHEN ssn IS NULL THEN 1 END) FROM orders',
        durationMs: 1,
      },
      {
        name: 'pg.customers.schema',
        dataset: 'customers',
        sql: "SELECT column_name FROM information_schema.columns WHERE table_name = 'customers'",
        error: 'permission denied',
        durationMs: 1,
      },
    ],
    logs: [
      { level: 'info', message: 'Scan summary: 9 checks', timestamp: '2026-11-29T14:08:21.000Z' },
      { level: 'debug', message: 'SELECT 1', timestamp: '2026-11-29T14:08:21.000Z' },
      {
        level: 'warning',
        message: `Odd value "${CANARY.failedValue}" in cst_code`,
        timestamp: '2026-11-29T14:08:21.000Z',
      },
      { level: 'warning', message: 'Column email has NULLs', timestamp: '2026-11-29T14:08:21.000Z' },
      { level: 'error', message: 'Query failed: permission denied', timestamp: '2026-11-29T14:08:21.000Z' },
    ],
    hasErrors: true,
    hasWarnings: false,
    hasFailures: true,
  };
}
