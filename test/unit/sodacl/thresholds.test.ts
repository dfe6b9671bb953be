import { describe, expect, it } from 'vitest';
import type { Zone } from '../../../src/sodacl/model.js';
import { inZone, singleCheck, singleError } from './helpers.js';

/** The fail zone of `row_count <threshold>`. */
function failZone(threshold: string, variables?: Record<string, string>): Zone | undefined {
  return singleCheck(`  - row_count ${threshold}\n`, variables ? { variables } : undefined).fail;
}

describe('line thresholds are the pass zone; the model stores the fail zone', () => {
  it.each<[string, Zone]>([
    ['< 5', { gte: 5, union: false }],
    ['<= 5', { gt: 5, union: false }],
    ['= 0', { gt: 0, lt: 0, union: true }],
    ['>= 5', { lt: 5, union: false }],
    ['> 5', { lte: 5, union: false }],
    ['!= 5', { gte: 5, lte: 5, union: false }],
    ['<> 5', { gte: 5, lte: 5, union: false }],
  ])('row_count %s', (threshold, expected) => {
    expect(failZone(threshold)).toEqual(expected);
  });

  it.each<[string, Zone]>([
    ['between 1 and 100', { gt: 100, lt: 1, union: true }],
    ['between [1 and 100]', { gt: 100, lt: 1, union: true }],
    ['between (1 and 100]', { lte: 1, gt: 100, union: true }],
    ['between [1 and 100)', { lt: 1, gte: 100, union: true }],
    ['between (1 and 100)', { lte: 1, gte: 100, union: true }],
    ['between (1 and 100', { lte: 1, gt: 100, union: true }],
    ['between 1 and 100)', { lt: 1, gte: 100, union: true }],
    ['between [1 and 100', { lt: 1, gt: 100, union: true }],
    ['between 1 and 100]', { lt: 1, gt: 100, union: true }],
    ['between 5 and 5', { lt: 5, gt: 5, union: true }],
  ])('row_count %s', (threshold, expected) => {
    expect(failZone(threshold)).toEqual(expected);
  });

  it.each<[string, Zone]>([
    ['not between 19 and 25', { gte: 19, lte: 25, union: false }],
    ['not between (19 and 25]', { gt: 19, lte: 25, union: false }],
    ['not between [19 and 25)', { gte: 19, lt: 25, union: false }],
    ['not between (19 and 25)', { gt: 19, lt: 25, union: false }],
    ['not between [19 and 25]', { gte: 19, lte: 25, union: false }],
  ])('row_count %s', (threshold, expected) => {
    expect(failZone(threshold)).toEqual(expected);
  });

  it('a pass zone and its fail zone never agree on a value', () => {
    const samples = [-1e9, -5, 0, 0.5, 1, 4.999, 5, 5.001, 19, 20, 25, 26, 100, 101, 1e9];
    const cases: [string, (x: number) => boolean][] = [
      ['< 5', (x) => x < 5],
      ['<= 5', (x) => x <= 5],
      ['= 5', (x) => x === 5],
      ['!= 5', (x) => x !== 5],
      ['> 5', (x) => x > 5],
      ['>= 5', (x) => x >= 5],
      ['between (19 and 25]', (x) => x > 19 && x <= 25],
      ['not between (19 and 25]', (x) => !(x > 19 && x <= 25)],
    ];
    for (const [threshold, passes] of cases) {
      const zone = failZone(threshold) as Zone;
      for (const x of samples) expect(inZone(zone, x), `${threshold} at ${x}`).toBe(!passes(x));
    }
  });

  it('ignores a % after the number', () => {
    expect(failZone('< 5 %')).toEqual({ gte: 5, union: false });
    expect(failZone('< 5%')).toEqual({ gte: 5, union: false });
    expect(failZone('between 1 % and 10 %')).toEqual({ lt: 1, gt: 10, union: true });
  });

  it('reads signed and decimal numbers', () => {
    expect(failZone('> -5')).toEqual({ lte: -5, union: false });
    expect(failZone('> +5')).toEqual({ lte: 5, union: false });
    expect(failZone('< 0.25')).toEqual({ gte: 0.25, union: false });
    expect(failZone('< .5')).toEqual({ gte: 0.5, union: false });
    expect(failZone('< 5.')).toEqual({ gte: 5, union: false });
    expect(failZone('between -10.5 and -0.5')).toEqual({ lt: -10.5, gt: -0.5, union: true });
  });

  it('resolves ${VAR} values, with the variable name in the error when it is not a number', () => {
    expect(failZone('between ${LOW} and ${HIGH}', { LOW: '1', HIGH: '2.5' })).toEqual({
      lt: 1,
      gt: 2.5,
      union: true,
    });
    expect(failZone('> -${N}', { N: '3' })).toEqual({ lte: -3, union: false });
    const error = singleError('checks for t:\n  - row_count > ${LIMIT}\n', { variables: { LIMIT: 'lots' } });
    expect(error).toEqual({ message: 'Variable "LIMIT" must be a number but is "lots"', line: 2, col: 17 });
  });

  it('rejects a between whose lower bound is above its upper bound, also after variables', () => {
    expect(singleError('checks for t:\n  - row_count between 10 and 5\n')).toEqual({
      message: 'The lower bound 10 is greater than the upper bound 5',
      line: 2,
      col: 23,
    });
    expect(
      singleError('checks for t:\n  - row_count between ${A} and ${B}\n', { variables: { A: '3', B: '2' } })
        .message,
    ).toBe('The lower bound 3 is greater than the upper bound 2');
  });

  it('rejects a between that accepts no value', () => {
    expect(singleError('checks for t:\n  - row_count between (5 and 5]\n').message).toMatch(
      /accepts no value/,
    );
  });

  it.each<[string, string, number]>([
    ['row_count >', 'Expected a number but found the end of the line', 16],
    ['row_count > abc', 'Expected a number but found "abc"', 17],
    ['row_count between 1 or 5', 'Expected "and" but found "or"', 25],
    ['row_count > 5 6', 'Unexpected "6" after the threshold', 19],
    [
      'row_count ~ 5',
      'Expected a threshold (<, <=, =, >=, >, !=, <>, between A and B, not between A and B) but found "~"',
      15,
    ],
    [
      'row_count not 5',
      'Expected a threshold (<, <=, =, >=, >, !=, <>, between A and B, not between A and B) but found "5"',
      19,
    ],
  ])('%s → error at its token', (line, message, col) => {
    expect(singleError(`checks for t:\n  - ${line}\n`)).toEqual({ message, line: 2, col });
  });
});
