import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import type { Computed } from '../../../src/scan/computation.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import type { PlanContext } from '../../../src/scan/kinds/kind.js';
import { parseTimestamp, pythonDatetime, pythonTimedelta } from '../../../src/scan/kinds/timestamps.js';
import { planQueries } from '../../../src/scan/plan.js';
import type { FreshnessCheck, MetricCheck } from '../../../src/sodacl/model.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  dialect: postgresDialect,
  schema: 'sales',
  dataSource: 'pg',
  scanStart: new Date('2020-06-25T08:00:00.000Z'),
  variables: {},
  ...over,
});

const freshness = (over: Partial<FreshnessCheck> = {}): FreshnessCheck => ({
  kind: 'freshness',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'freshness(ts) < 1d',
  header: 'checks for t',
  configuration: {},
  dataset: { name: 't', quoted: false },
  column: { name: 'ts', quoted: false },
  fail: { gt: DAY, union: false },
  ...over,
});

/** Plan and evaluate a check, the database's newest value being `max` (ISO text, as the dialect returns it). */
function run(check: FreshnessCheck, max: Computed, context = ctx()) {
  const planned = planCheck(check, context);
  const [computation] = planned.computations;
  return planned.evaluate(new Map([[computation?.key as string, max]]));
}

describe('freshness planning', () => {
  it('joins the partition aggregate pass: MAX as ISO text, the check filter in a CASE, the partition in WHERE', () => {
    const metric: MetricCheck = {
      kind: 'metric',
      location: { filePath: 'c.yml', line: 3, col: 5 },
      source: 'max(ts) > 0',
      header: 'checks for t [recent]',
      configuration: {},
      dataset: { name: 't', quoted: false },
      partition: 'recent',
      partitionFilter: 'x > 1',
      metric: { name: 'max', column: { name: 'ts', quoted: false }, args: [] },
      fail: { lte: 0, union: false },
    };
    const checks = [
      freshness({ partition: 'recent', partitionFilter: 'x > 1' }),
      freshness({ partition: 'recent', partitionFilter: 'x > 1', filter: "country = 'NL'" }),
      metric,
    ];
    const computations = checks.flatMap((check) => planCheck(check, ctx()).computations);
    const queries = planQueries(computations, postgresDialect, 'sales', 'pg');
    expect(queries).toHaveLength(1);
    expect(queries[0]?.sql).toBe(
      [
        'SELECT',
        `  to_json(MAX("ts")) #>> '{}',`,
        `  to_json(MAX(CASE WHEN (country = 'NL') THEN "ts" END)) #>> '{}',`,
        '  MAX("ts")',
        'FROM "sales"."t"',
        'WHERE x > 1',
      ].join('\n'),
    );
  });
});

describe('freshness evaluation', () => {
  const now = { variables: { NOW: '2020-06-24T12:00:00' } };

  it("reports Soda Cloud's diagnostics: ms, time, the timestamps as Python prints them", () => {
    const result = run(freshness(), { value: '2020-06-24T00:04:10' }, ctx(now));
    expect(result.outcome).toBe('pass');
    expect(result.value).toBe(42_950_000);
    expect(result.column).toBe('ts');
    expect(result.diagnostics).toEqual({
      value: 42_950_000,
      measure: 'time',
      maxColumnTimestamp: '2020-06-24 00:04:10',
      maxColumnTimestampUtc: '2020-06-24 00:04:10+00:00',
      nowVariableName: 'NOW',
      nowTimestamp: '2020-06-24T12:00:00',
      nowTimestampUtc: '2020-06-24 12:00:00+00:00',
      freshness: '11:55:50',
    });
  });

  it('fails older than the fail zone, warns older than the warn zone', () => {
    const check = freshness({ fail: { gt: DAY, union: false }, warn: { gt: 6 * HOUR, union: false } });
    const at = (max: string) => run(check, { value: max }, ctx(now)).outcome;
    expect(at('2020-06-24T11:00:00')).toBe('pass');
    expect(at('2020-06-24T05:00:00')).toBe('warn');
    expect(at('2020-06-23T11:59:59')).toBe('fail');
  });

  it('the exact boundary: `when >` passes an age equal to the threshold, `when >=` fails it (sodacl.md §6.4)', () => {
    // Soda judges only ">" thresholds ("equal passes") and silently ignores "<" ones; the parser rejects those.
    const max = { value: '2020-06-23T12:00:00' }; // exactly 1 day before NOW
    expect(run(freshness({ fail: { gt: DAY, union: false } }), max, ctx(now)).outcome).toBe('pass');
    expect(run(freshness({ fail: { gte: DAY, union: false } }), max, ctx(now)).outcome).toBe('fail');
    // One microsecond older is past either boundary.
    const older = { value: '2020-06-23T11:59:59.999999' };
    expect(run(freshness({ fail: { gt: DAY, union: false } }), older, ctx(now)).outcome).toBe('fail');
  });

  it('a DATE max stands for the last microsecond of that day (Soda)', () => {
    const result = run(freshness(), { value: '2020-06-23' }, ctx(now));
    expect(result.diagnostics).toMatchObject({
      maxColumnTimestamp: '2020-06-23 23:59:59.999999',
      maxColumnTimestampUtc: '2020-06-23 23:59:59.999999+00:00',
      freshness: '12:00:00.000001',
    });
    expect(result.value).toBe(12 * HOUR);
    expect(result.outcome).toBe('pass');
  });

  it('timestamptz keeps its offset in maxColumnTimestamp and is converted for the age', () => {
    const result = run(freshness(), { value: '2020-06-24T02:04:10+02:00' }, ctx(now));
    expect(result.diagnostics).toMatchObject({
      maxColumnTimestamp: '2020-06-24 02:04:10+02:00',
      maxColumnTimestampUtc: '2020-06-24 00:04:10+00:00',
      freshness: '11:55:50',
    });
  });

  it('a naive now is UTC; an offset now is converted', () => {
    const result = run(
      freshness(),
      { value: '2020-06-24T00:00:00' },
      ctx({ variables: { NOW: '2020-06-24 12:00:00-03:30' } }),
    );
    expect(result.value).toBe(15.5 * HOUR);
    expect(result.diagnostics).toMatchObject({
      nowTimestamp: '2020-06-24 12:00:00-03:30',
      nowTimestampUtc: '2020-06-24 15:30:00+00:00',
    });
  });

  it("now: the check's variable, else NOW, else the scan start in UTC", () => {
    const max = { value: '2020-06-24T00:00:00' };
    const named = freshness({ nowVariable: 'END', now: '2020-06-24T01:00:00' });
    expect(run(named, max, ctx(now)).diagnostics).toMatchObject({ nowVariableName: 'END', value: HOUR });
    const fromScanVariables = freshness({ nowVariable: 'END' });
    expect(run(fromScanVariables, max, ctx({ variables: { END: '2020-06-24T02:00:00Z' } })).value).toBe(
      2 * HOUR,
    );
    const fromParser = freshness({ now: '2020-06-24T03:00:00' });
    expect(run(fromParser, max, ctx(now)).value).toBe(3 * HOUR);
    const scanStart = run(freshness(), max, ctx());
    expect(scanStart.value).toBe(DAY + 8 * HOUR);
    expect(scanStart.diagnostics).toMatchObject({
      nowVariableName: 'NOW',
      nowTimestamp: '2020-06-25T08:00:00.000+00:00',
      freshness: '1 day, 8:00:00',
    });
  });

  it('an unknown or unparseable now variable is not evaluated, and the error names the variable', () => {
    const max = { value: '2020-06-24T00:00:00' };
    const unknown = run(freshness({ nowVariable: 'END' }), max, ctx(now));
    expect(unknown.outcome).toBeNull();
    expect(unknown.outcomeReasons[0]).toMatch(
      /^Could not parse variable END as a timestamp: variable not found/,
    );
    const bad = run(freshness(), max, ctx({ variables: { NOW: 'yesterday' } }));
    expect(bad.outcome).toBeNull();
    expect(bad.outcomeReasons[0]).toMatch(/^Could not parse variable NOW as a timestamp: "yesterday" is not/);
  });

  it('a NULL max (no rows) fails, as in Soda', () => {
    const result = run(freshness(), { value: null }, ctx(now));
    expect(result.outcome).toBe('fail');
    expect(result.value).toBeNull();
    expect(result.outcomeReasons).toEqual([]);
    expect(result.diagnostics).toEqual({
      value: 0,
      measure: 'time',
      maxColumnTimestamp: null,
      maxColumnTimestampUtc: null,
      nowVariableName: 'NOW',
      nowTimestamp: '2020-06-24T12:00:00',
      nowTimestampUtc: '2020-06-24 12:00:00+00:00',
      freshness: null,
    });
  });

  it('a max that is no date or timestamp, or a failed query, is not evaluated', () => {
    expect(run(freshness(), { value: '42' }, ctx(now)).outcomeReasons[0]).toBe(
      'Could not evaluate freshness: max(ts) is not a date or timestamp: "42"',
    );
    expect(run(freshness(), { value: 'infinity' }, ctx(now)).outcome).toBeNull();
    expect(run(freshness(), { error: 'column "ts" does not exist' }, ctx(now)).outcomeReasons).toEqual([
      'column "ts" does not exist',
    ]);
  });

  it('a max in the future gives a negative age, as Python prints it', () => {
    const result = run(freshness(), { value: '2020-06-24T12:00:01' }, ctx(now));
    expect(result.value).toBe(-SECOND);
    expect(result.outcome).toBe('pass');
    expect(result.diagnostics).toMatchObject({ freshness: '-1 day, 23:59:59' });
  });
});

describe('timestamps', () => {
  it.each<[string, string]>([
    ['2020-06-24', '2020-06-24 00:00:00'],
    ['2020-06-24T01:02:03', '2020-06-24 01:02:03'],
    ['2020-06-24 01:02:03.5', '2020-06-24 01:02:03.500000'],
    ['2020-06-24T01:02', '2020-06-24 01:02:00'],
    ['2020-06-24T01:02:03Z', '2020-06-24 01:02:03+00:00'],
    ['1850-06-24T01:02:03+00:19:32', '1850-06-24 01:02:03+00:19:32'], // local mean time offsets
    ['0099-01-01T00:00:00', '0099-01-01 00:00:00'], // no two-digit-year surprise
  ])('%s', (text, python) => {
    const parsed = parseTimestamp(text);
    expect(parsed).toBeDefined();
    expect(pythonDatetime(parsed?.utcMicros as number, parsed?.offsetSeconds)).toBe(python);
  });

  it.each(['2020-02-30', '2020-06-24T24:00:00', '24/06/2020', 'infinity', '2020-06-24Z', ''])(
    '%j is not one',
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    },
  );

  it.each<[number, string]>([
    [0, '0:00:00'],
    [42_950_000_000, '11:55:50'],
    [(DAY + 2 * HOUR + 3 * 60 * SECOND + 4 * SECOND) * 1000, '1 day, 2:03:04'],
    [3 * DAY * 1000 + 1, '3 days, 0:00:00.000001'],
    [-1, '-1 day, 23:59:59.999999'],
    [-3 * DAY * 1000, '-3 days, 0:00:00'],
  ])('timedelta %d µs prints %s', (micros, text) => {
    expect(pythonTimedelta(micros)).toBe(text);
  });
});
