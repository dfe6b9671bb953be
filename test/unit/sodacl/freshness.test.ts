import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/sodacl/duration.js';
import { errorList, onlyCheck, parse, singleError } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('durations', () => {
  it.each<[string, number]>([
    ['1d', DAY],
    ['24h', 24 * HOUR],
    ['1d1h', DAY + HOUR],
    ['24h10m', 24 * HOUR + 10 * 60_000],
    ['90s', 90_000],
    ['0m', 0],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each<[string, string, number]>([
    ['', 'Expected a duration such as 1d, 6h, 1d12h or 30m', 0],
    ['5', '"5" needs a unit: d (days), h (hours), m (minutes) or s (seconds)', 1],
    ['1d2', '"2" needs a unit: d (days), h (hours), m (minutes) or s (seconds)', 3],
    ['2w', 'Unknown duration unit "w"; use d (days), h (hours), m (minutes) or s (seconds)', 1],
    ['1.5h', '"1" needs a unit: d (days), h (hours), m (minutes) or s (seconds)', 1],
  ])('%j is an error', (text, message, index) => {
    expect(parseDuration(text)).toEqual({ ok: false, message, index });
  });
});

describe('freshness checks', () => {
  it('line "< X" and "<= X" both fail only when older than X (equal passes, as in Soda)', () => {
    expect(onlyCheck('freshness', 'checks for t:\n  - freshness(ts) < 1d\n')).toMatchObject({
      kind: 'freshness',
      column: { name: 'ts', quoted: false },
      fail: { gt: DAY, union: false },
      dataset: { name: 't', quoted: false },
    });
    const check = onlyCheck('freshness', 'checks for t:\n  - freshness("Ts", END) <= 24h10m\n', {
      variables: { END: '2024-01-01T00:00:00Z' },
    });
    expect(check).toMatchObject({
      column: { name: 'Ts', quoted: true },
      nowVariable: 'END',
      now: '2024-01-01T00:00:00Z',
      fail: { gt: 24 * HOUR + 600_000, union: false },
    });
  });

  it('takes "now" from NOW when no variable is named, and leaves it undefined when unset', () => {
    expect(
      onlyCheck('freshness', 'checks for t:\n  - freshness(ts) < 1d\n', { env: { NOW: '2024-02-01' } }).now,
    ).toBe('2024-02-01');
    const unset = onlyCheck('freshness', 'checks for t:\n  - freshness(ts, LATER) < 1d\n');
    expect(unset.nowVariable).toBe('LATER');
    expect(unset.now).toBeUndefined();
  });

  it('alert form: when > X and when >= X, with a filter', () => {
    const check = onlyCheck(
      'freshness',
      "checks for t:\n  - freshness(ts):\n      warn: when > 6h\n      fail: when >= 1d1h\n      filter: country = 'NL'\n      name: Fresh\n",
    );
    expect(check).toMatchObject({
      warn: { gt: 6 * HOUR, union: false },
      fail: { gte: DAY + HOUR, union: false },
      filter: "country = 'NL'",
      name: 'Fresh',
    });
  });

  it('reads the deprecated "freshness using" form with a warning', () => {
    const result = parse(
      'checks for t:\n  - freshness using ts with END < 1d\n  - freshness using ts:\n      fail: when > 2h\n',
    );
    expect(result.checks).toMatchObject([
      { kind: 'freshness', column: { name: 'ts' }, nowVariable: 'END', fail: { gt: DAY, union: false } },
      { kind: 'freshness', column: { name: 'ts' }, fail: { gt: 2 * HOUR, union: false } },
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        message: '"freshness using … with …" is deprecated; write freshness(ts, END) < 1d',
        location: { filePath: 'checks.yml', line: 2, col: 5 },
      },
      {
        severity: 'warning',
        message: '"freshness using … with …" is deprecated; write freshness(ts) < 1d',
        location: { filePath: 'checks.yml', line: 3, col: 5 },
      },
    ]);
  });

  it('refuses the comparators Soda silently ignores (pitfall 6.4), on the line and in alerts', () => {
    const line =
      'A freshness threshold on the line must be "< duration" or "<= duration" (the fail zone is anything older), e.g. freshness(ts) < 1d';
    expect(
      errorList(
        [
          'checks for t:',
          '  - freshness(ts) > 1d',
          '  - freshness(ts) between 1d and 2d',
          '  - freshness(ts):',
          '      warn: when < 23h',
          '  - freshness(ts):',
          '      fail: when between 1h and 2h',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      [`${line}; found ">"`, 2, 19],
      [`${line}; found "between"`, 3, 19],
      [
        'A freshness warn threshold must be "when > duration" or "when >= duration" (older than that alerts); "<" is not supported (Soda silently ignores it)',
        5,
        18,
      ],
      [
        'A freshness fail threshold must be "when > duration" or "when >= duration" (older than that alerts); "between" is not supported (Soda silently ignores it)',
        7,
        18,
      ],
    ]);
  });

  it.each<[string, string, number, number]>([
    [
      '  - freshness(ts) < 1x\n',
      'Unknown duration unit "x"; use d (days), h (hours), m (minutes) or s (seconds)',
      2,
      22,
    ],
    ['  - freshness(ts) < 5\n', '"5" needs a unit: d (days), h (hours), m (minutes) or s (seconds)', 2, 22],
    ['  - freshness(ts) < 1d extra\n', 'Unexpected "extra" after the duration', 2, 24],
    [
      '  - freshness(ts):\n      fail: when > 3\n',
      'fail: "3" needs a unit: d (days), h (hours), m (minutes) or s (seconds)',
      3,
      21,
    ],
    [
      '  - freshness(ts)\n',
      'Check "freshness(ts)" has no threshold: add one to the line (e.g. freshness(ts) < 1d) or give it "warn: when > 6h" / "fail: when > 1d"',
      2,
      5,
    ],
    [
      '  - freshness(ts) < 1d:\n      fail: when > 2d\n',
      'This check has a threshold on its line, so its "fail:" would be ignored; use either the line threshold or warn:/fail: blocks',
      3,
      7,
    ],
    [
      '  - freshness(1) < 1d\n',
      'freshness takes a column and optionally the variable holding "now": freshness(ts) or freshness(ts, NOW)',
      2,
      15,
    ],
    [
      '  - freshness(ts, NOW, x) < 1d\n',
      'freshness takes a column and optionally the variable holding "now": freshness(ts) or freshness(ts, NOW)',
      2,
      24,
    ],
    [
      '  - freshness(ts) < 1d:\n      samples columns: [a]\n',
      'Freshness checks take no samples, so "samples limit" and "samples columns" do not apply',
      3,
      7,
    ],
    [
      '  - freshness(ts) < 1d:\n      valid values: [a]\n',
      'Missing and validity keys do not apply to freshness checks',
      3,
      7,
    ],
  ])('error %#', (lines, message, line, col) => {
    expect(singleError(`checks for t:\n${lines}`)).toEqual({ message, line, col });
  });
});
