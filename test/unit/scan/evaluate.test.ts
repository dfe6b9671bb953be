import { describe, expect, it } from 'vitest';
import { displayNameOf } from '../../../src/scan/evaluate.js';
import { judge, outcomeOf } from '../../../src/scan/kinds/thresholds.js';
import { percentOf, toNumber } from '../../../src/scan/numbers.js';
import { zoneContains } from '../../../src/scan/zone.js';
import type { MetricCheck, Zone } from '../../../src/sodacl/model.js';
import { parseChecks } from '../../../src/sodacl/parse.js';

const check = (over: Partial<MetricCheck> = {}): MetricCheck => ({
  kind: 'metric',
  location: { filePath: 'c.yml', line: 2, col: 5 },
  source: 'row_count > 0',
  header: 'checks for t',
  dataset: { name: 't', quoted: false },
  configuration: {},
  metric: { name: 'row_count', args: [] },
  fail: { lte: 0, union: false },
  ...over,
});
const noMetrics = () => [];

describe('zones', () => {
  it('one-sided zones', () => {
    expect(zoneContains({ gt: 5, union: false }, 5)).toBe(false);
    expect(zoneContains({ gte: 5, union: false }, 5)).toBe(true);
    expect(zoneContains({ lt: 5, union: false }, 4.99)).toBe(true);
    expect(zoneContains({ lte: 5, union: false }, 5.01)).toBe(false);
  });
  it('a union zone holds values outside its bounds (the inverse of between)', () => {
    const failOutsideOneToHundred: Zone = { gt: 100, lt: 1, union: true };
    expect(zoneContains(failOutsideOneToHundred, 0)).toBe(true);
    expect(zoneContains(failOutsideOneToHundred, 1)).toBe(false);
    expect(zoneContains(failOutsideOneToHundred, 100)).toBe(false);
    expect(zoneContains(failOutsideOneToHundred, 101)).toBe(true);
  });
  it('= 0 fails everything but 0', () => {
    const zone: Zone = { gt: 0, lt: 0, union: true };
    expect([-1, 0, 1].map((v) => zoneContains(zone, v))).toEqual([true, false, true]);
  });
  it('an intersection zone holds values between its bounds', () => {
    const zone: Zone = { gte: 19, lt: 25, union: false };
    expect([18, 19, 24.9, 25].map((v) => zoneContains(zone, v))).toEqual([false, true, true, false]);
  });
});

describe('outcomes, as Soda decides them', () => {
  it('fail wins over warn, warn over pass', () => {
    const zones = { fail: { gt: 10, union: false }, warn: { gt: 5, union: false } };
    expect(outcomeOf(zones, 11)).toBe('fail');
    expect(outcomeOf(zones, 6)).toBe('warn');
    expect(outcomeOf(zones, 5)).toBe('pass');
  });
  it('a NULL value is not evaluated', () => {
    const result = judge(check(), { value: null }, noMetrics);
    expect(result.outcome).toBeNull();
    // Read after "Check … was not evaluated: ", so it neither repeats that nor starts a new sentence.
    expect(result.outcomeReasons).toEqual(['the metric value is NULL (no rows, or no usable values)']);
  });
  it('no threshold is not evaluated, with the reason', () => {
    const result = judge(check({ fail: undefined }), { value: 3 }, noMetrics);
    expect(result.outcome).toBeNull();
    expect(result.outcomeReasons).toEqual(['No threshold specified']);
  });
  it('a query error is carried to the check', () => {
    const result = judge(check(), { error: 'relation "t" does not exist' }, noMetrics);
    expect(result.outcome).toBeNull();
    expect(result.outcomeReasons[0]).toMatch(/does not exist/);
  });
  it('percentages: count × 100 ÷ rows, 2 decimals, 0 without rows', () => {
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe('check names, as Soda names them', () => {
  it('uses name:, else the line with its warn and fail conditions', () => {
    expect(displayNameOf(check({ name: 'Rows present' }))).toBe('Rows present');
    expect(
      displayNameOf(check({ source: 'row_count', configuration: { warn: 'when = 10', fail: 'when = 11' } })),
    ).toBe('row_count warn when = 10 fail when = 11');
  });

  it('resolves variables in the default name, as Soda’s Check.name does (Soda Cloud shows that name)', () => {
    const parsed = parseChecks(
      [
        {
          filePath: 'checks.yml',
          text: 'checks for t:\n  - row_count between ${LOW} and ${HIGH}\n  - row_count:\n      warn: when > ${LOW}\n  - row_count > ${LOW}:\n      name: min ${LOW}\n',
        },
      ],
      { variables: { LOW: '1', HIGH: '9' } },
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.checks.map(displayNameOf)).toEqual([
      'row_count between 1 and 9',
      'row_count warn when > 1',
      'min 1',
    ]);
  });
});

describe('database values as numbers', () => {
  it('reads numbers and numeric text; anything else is an error that shows the value as the database would', () => {
    expect(toNumber('12.5')).toEqual({ value: 12.5 });
    expect(toNumber(null)).toEqual({ value: null });
    const date = toNumber(new Date('2020-06-23T00:00:00Z'));
    expect(date).toEqual({ error: expect.stringContaining('"2020-06-23T00:00:00.000Z"') });
    expect(date).toEqual({ error: expect.stringContaining('freshness(column)') });
    expect(toNumber('LOW')).toEqual({ error: expect.stringContaining('not a number: "LOW"') });
  });
});
