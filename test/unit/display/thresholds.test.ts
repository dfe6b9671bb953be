/**
 * Thresholds in words, one text for the CLI's results table and the desktop app: metric checks read their zones
 * from the result, freshness from its check (its Cloud diagnostics carry none), written as ages like `1d`.
 */
import { describe, expect, it } from 'vitest';
import { formatAge, thresholdText, zoneText } from '../../../src/display/thresholds.js';
import type { CheckResult } from '../../../src/scan/result.js';

const HOUR = 3_600_000;

function result(fields: Record<string, unknown>): CheckResult {
  return fields as unknown as CheckResult;
}

describe('thresholdText', () => {
  it('metric checks: the result zones, numbers as they are', () => {
    const check = result({
      check: { kind: 'metric' },
      fail: { gt: 10, union: false },
      warn: { gt: 5, lte: 10, union: false },
    });
    expect(thresholdText(check)).toBe('fail when > 10; warn when > 5 and <= 10');
  });

  it('freshness: the zones of the check, as ages', () => {
    const check = result({
      check: {
        kind: 'freshness',
        fail: { gt: 24 * HOUR, union: false },
        warn: { gt: 90 * 60_000, union: false },
      },
    });
    expect(thresholdText(check)).toBe('fail when > 1d; warn when > 1h30m');
  });

  it('a check without thresholds says nothing', () => {
    expect(thresholdText(result({ check: { kind: 'metric' } }))).toBe('');
  });
});

describe('zoneText and formatAge', () => {
  it('says each zone shape in threshold words', () => {
    expect(zoneText({ gt: 100, lt: 1, union: true })).toBe('< 1 or > 100');
    expect(zoneText({ gte: 19, lte: 25, union: false })).toBe('>= 19 and <= 25');
    expect(zoneText({ lt: 3, union: false })).toBe('< 3');
    expect(zoneText({ union: false })).toBe('never');
  });

  it('= 5 fails on both sides of the same number; != 0 fails on the one number', () => {
    expect(zoneText({ gt: 5, lt: 5, union: true })).toBe('!= 5');
    expect(zoneText({ gte: 0, lte: 0, union: false })).toBe('= 0');
  });

  it('ages: days to seconds, zero and negative', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(26 * HOUR + 61_000)).toBe('1d2h1m1s');
    expect(formatAge(-15 * 60_000)).toBe('-15m');
  });
});
