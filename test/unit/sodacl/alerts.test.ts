import { describe, expect, it } from 'vitest';
import { parse, singleCheck, singleError } from './helpers.js';

describe('warn: / fail: alert blocks', () => {
  it('uses the when-threshold as the alerting zone itself', () => {
    const check = singleCheck(
      '  - row_count:\n      warn: when not between (19 and 25]\n      fail: when not between (5 and 30]\n',
    );
    expect(check.warn).toEqual({ lte: 19, gt: 25, union: true });
    expect(check.fail).toEqual({ lte: 5, gt: 30, union: true });
  });

  it.each([
    ['when > 10', { gt: 10, union: false }],
    ['when >= 10', { gte: 10, union: false }],
    ['when < 10', { lt: 10, union: false }],
    ['when <= 10', { lte: 10, union: false }],
    ['when = 0', { gte: 0, lte: 0, union: false }],
    ['when != 0', { gt: 0, lt: 0, union: true }],
    ['when between 1 and 5', { gte: 1, lte: 5, union: false }],
    ['when between (1 and 5)', { gt: 1, lt: 5, union: false }],
    ['when not between [1 and 5]', { lt: 1, gt: 5, union: true }],
    ['when > 5 %', { gt: 5, union: false }],
  ])('fail: %s', (when, zone) => {
    const check = singleCheck(`  - missing_percent(x):\n      fail: ${when}\n`);
    expect(check.fail).toEqual(zone);
    expect(check.warn).toBeUndefined();
  });

  it('a warn block alone gives a warn zone and no fail zone', () => {
    const check = singleCheck('  - max(x):\n      warn: when > ${W}\n', { variables: { W: '7' } });
    expect(check.warn).toEqual({ gt: 7, union: false });
    expect(check.fail).toBeUndefined();
  });

  it('rejects warn/fail together with a line threshold (Soda silently ignores them)', () => {
    const error = singleError('checks for t:\n  - row_count > 0:\n      name: n\n      fail: when < 5\n');
    expect(error).toMatchObject({ line: 4, col: 7 });
    expect(error.message).toMatch(/threshold on its line, so its "fail:" would be ignored/);
  });

  it('rejects an alert without "when", with the place of the offending token', () => {
    expect(singleError('checks for t:\n  - row_count:\n      warn: = 5\n')).toEqual({
      message: 'warn: Expected "when <threshold>", e.g. "when > 10", but found "="',
      line: 3,
      col: 13,
    });
  });

  it('points at the bad token inside the when-threshold', () => {
    expect(singleError('checks for t:\n  - row_count:\n      fail: when between 9 and x\n')).toEqual({
      message: 'fail: Expected a number but found "x"',
      line: 3,
      col: 32,
    });
  });

  it.each(['warn: [when > 5]', 'fail: 5', 'fail:'])('rejects a non-text alert: %s', (config) => {
    expect(singleError(`checks for t:\n  - row_count:\n      ${config}\n`).message).toMatch(
      /must be "when <threshold>"/,
    );
  });

  it('requires some threshold', () => {
    expect(singleError('checks for t:\n  - row_count\n')).toEqual({
      message:
        'Check "row_count" has no threshold: add one to the line (e.g. row_count > 0) or give it "warn: when …" / "fail: when …"',
      line: 2,
      col: 5,
    });
    expect(singleError('checks for t:\n  - max(x):\n      name: only a name\n')).toMatchObject({
      line: 2,
      col: 5,
    });
    expect(parse('checks for t:\n  - row_count:\n').checks).toEqual([]);
  });
});
