/**
 * Freshness checks on the real PostgreSQL: timestamp, timestamptz and date columns with known values, a fixed NOW,
 * ages computed here independently, and no query of their own (they join the aggregate pass).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ScanResult } from '../../src/scan/result.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { checkNamed as checkNamedIn, scanYaml } from '../support/scan-yaml.js';
import { TEST_ENGINE } from '../support/test-engine.js';

const ROWS = [
  {
    id: 1,
    at_naive: '2024-03-09T08:30:00',
    at_tz: '2024-03-09T08:30:00+01:00',
    day: '2024-03-08',
    country: 'NL',
  },
  {
    id: 2,
    at_naive: '2024-03-10T06:00:00',
    at_tz: '2024-03-10T09:15:30.25+05:30',
    day: '2024-03-09',
    country: 'BE',
  },
  { id: 3, at_naive: '2024-03-07T23:59:59.5', at_tz: null, day: null, country: 'NL' },
  { id: 4, at_naive: null, at_tz: '2024-03-08T00:00:00Z', day: '2024-03-09', country: 'FR' },
];
const NOW = '2024-03-10T12:00:00Z';
const END = '2024-03-11T00:00:00';
const HOUR = 3_600_000;

/** Milliseconds since the epoch; text without an offset is UTC (so `Z` is added: JS would read it as local). */
const ms = (text: string) =>
  text.length === 10
    ? Date.parse(`${text}T00:00:00Z`)
    : Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);
const newest = (values: Array<string | null>) =>
  Math.max(...values.filter((v): v is string => v !== null).map(ms));
const ageMs = (now: string, max: number) => ms(now) - max;

const CHECKS = `
filter events [none]:
  where: 1 = 0
checks for events:
  - row_count > 0
  - freshness(at_naive) < 1d
  - freshness(at_tz) < 1h:
      name: tz
  - freshness(day) < 12h:
      name: day
  - freshness(at_naive):
      name: NL only
      filter: country = 'NL'
      warn: when > 1h
      fail: when > 2d
  - freshness(at_naive, END) < 1d:
      name: until END
  - freshness(at_naive):
      name: boundary >
      fail: when > 6h
  - freshness(at_naive):
      name: boundary >=
      fail: when >= 6h
  - freshness(at_naive, LATER) < 1d:
      name: unknown variable
checks for events [none]:
  - freshness(at_naive) < 1d:
      name: no rows
`;

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

describe('freshness checks on PostgreSQL', () => {
  let db: TestSchema;
  let result: ScanResult;
  let statements: string[];
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    if (!available) return;
    // node-postgres reads timestamps without a time zone as local time; the check must not depend on it.
    process.env.TZ = 'Pacific/Auckland';
    db = await createTestSchema('freshness');
    await db.sql(
      'CREATE TABLE events (id int, at_naive timestamp, at_tz timestamptz, day date, country text)',
    );
    await db.insertRows('events', ROWS);
    const variables = { NOW, END };
    ({ result, statements } = await scanYaml(db, CHECKS, { definitionName: 'fresh', variables }));
  });

  afterAll(async () => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
    await db?.drop();
  });

  const checkNamed = (name: string) => checkNamedIn(result, name);

  test('freshness adds no query: it joins the partition aggregate pass', () => {
    expect(result.queries.map((q) => q.name)).toEqual([
      'warehouse.events.aggregation[0]',
      'warehouse.events[none].aggregation[0]',
    ]);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain('COUNT(*)');
    // The newest value as ISO text: to_json(MAX(…)) on PostgreSQL, TO_VARCHAR(MAX(…)) on Snowflake.
    const newestValues = TEST_ENGINE === 'snowflake' ? /TO_VARCHAR\(MAX/g : /to_json\(MAX/g;
    expect(statements[0]?.match(newestValues)).toHaveLength(4); // at_naive (shared by every unfiltered at_naive check), at_tz, day, NL only
  });

  test('timestamp without time zone is UTC, whatever the local time zone', () => {
    expect(new Date(ms(NOW)).getTimezoneOffset()).not.toBe(0); // the local zone really is not UTC here
    const check = checkNamed('freshness(at_naive) < 1d');
    const max = newest(ROWS.map((r) => r.at_naive));
    expect(check.value).toBe(ageMs(NOW, max));
    expect(check.outcome).toBe(ageMs(NOW, max) > 24 * HOUR ? 'fail' : 'pass');
    expect(check.column).toBe('at_naive');
    expect(check.diagnostics).toEqual({
      value: ageMs(NOW, max),
      measure: 'time',
      maxColumnTimestamp: '2024-03-10 06:00:00',
      maxColumnTimestampUtc: '2024-03-10 06:00:00+00:00',
      nowVariableName: 'NOW',
      nowTimestamp: NOW,
      nowTimestampUtc: '2024-03-10 12:00:00+00:00',
      freshness: '6:00:00',
    });
  });

  test('timestamptz: the newest instant, converted to UTC', () => {
    const check = checkNamed('tz');
    const max = newest(ROWS.map((r) => r.at_tz));
    expect(check.value).toBe(ageMs(NOW, max));
    expect(check.outcome).toBe('fail');
    expect(check.diagnostics).toMatchObject({
      maxColumnTimestampUtc: '2024-03-10 03:45:30.250000+00:00',
      freshness: '8:14:29.750000',
    });
  });

  test('a DATE is fresh until its last microsecond, so 12h and 1µs old fails "< 12h"', () => {
    const check = checkNamed('day');
    const dayEndMicros = (newest(ROWS.map((r) => r.day)) + 24 * HOUR) * 1000 - 1;
    const ageMicros = ms(NOW) * 1000 - dayEndMicros;
    expect(ageMicros).toBe(12 * HOUR * 1000 + 1);
    expect(check.value).toBe(Math.round(ageMicros / 1000));
    expect(check.outcome).toBe('fail');
    expect(check.diagnostics).toMatchObject({
      maxColumnTimestamp: '2024-03-09 23:59:59.999999',
      freshness: '12:00:00.000001',
    });
  });

  test('the check filter restricts the rows; warn and fail zones decide', () => {
    const check = checkNamed('NL only');
    const age = ageMs(NOW, newest(ROWS.filter((r) => r.country === 'NL').map((r) => r.at_naive)));
    expect(check.value).toBe(age);
    expect(check.outcome).toBe(age > 48 * HOUR ? 'fail' : age > HOUR ? 'warn' : 'pass');
    expect(check.outcome).toBe('warn');
  });

  test('the second argument names the variable holding now', () => {
    const check = checkNamed('until END');
    expect(check.value).toBe(ageMs(END, newest(ROWS.map((r) => r.at_naive))));
    expect(check.diagnostics).toMatchObject({ nowVariableName: 'END', nowTimestamp: END });
    expect(check.outcome).toBe('pass');
  });

  test('the exact boundary: "when > 6h" passes an age of exactly 6h, "when >= 6h" fails it (sodacl.md §6.4)', () => {
    // Soda uses only > / >= freshness thresholds and ignores the others silently; the parser rejects those.
    expect(ageMs(NOW, newest(ROWS.map((r) => r.at_naive)))).toBe(6 * HOUR);
    expect(checkNamed('boundary >').outcome).toBe('pass');
    expect(checkNamed('boundary >=').outcome).toBe('fail');
  });

  test('no rows fails; an unknown now variable is an error naming it', () => {
    expect(checkNamed('no rows')).toMatchObject({ outcome: 'fail', value: null });
    const unknown = checkNamed('unknown variable');
    expect(unknown.outcome).toBeNull();
    expect(unknown.outcomeReasons[0]).toMatch(
      /^Could not parse variable LATER as a timestamp: variable not found/,
    );
    expect(result.hasErrors).toBe(true);
  });
});
