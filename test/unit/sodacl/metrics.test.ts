import { describe, expect, it } from 'vitest';
import { AGGREGATE_METRICS, DERIVED_METRICS } from '../../../src/sodacl/model.js';
import { parse, singleCheck, singleError } from './helpers.js';

const COLUMN_METRICS = [...AGGREGATE_METRICS, ...DERIVED_METRICS].filter(
  (name) => name !== 'row_count' && name !== 'percentile',
);

describe('metrics on the check line', () => {
  it('row_count takes no argument', () => {
    expect(singleCheck('  - row_count > 0\n').metric).toEqual({ name: 'row_count', args: [] });
  });

  it.each(COLUMN_METRICS)('%s takes one column', (name) => {
    const check = singleCheck(`  - ${name}(amount) > 0\n`);
    expect(check.metric).toEqual({ name, column: { name: 'amount', quoted: false }, args: [] });
  });

  it('percentile takes a column and a fraction; percentile_disc is the same metric', () => {
    const expected = { name: 'percentile', column: { name: 'size', quoted: false }, args: [0.95] };
    expect(singleCheck('  - percentile(size, 0.95) > 3\n').metric).toEqual(expected);
    expect(singleCheck('  - percentile_disc(size, 0.95) > 3\n').metric).toEqual(expected);
    expect(singleCheck('  - percentile(size,0) > 3\n').metric.args).toEqual([0]);
    expect(singleCheck('  - percentile(size, 1) > 3\n').metric.args).toEqual([1]);
  });

  it('reads quoted column names and keeps their case', () => {
    expect(singleCheck('  - max("Order Total") > 0\n').metric.column).toEqual({
      name: 'Order Total',
      quoted: true,
    });
    expect(singleCheck('  - max(`Total`) > 0\n').metric.column).toEqual({ name: 'Total', quoted: true });
    expect(singleCheck('  - max(Total) > 0\n').metric.column).toEqual({ name: 'Total', quoted: false });
  });

  it('keeps the line as written in source and the line start as location', () => {
    const check = singleCheck('  - avg(x)  between 1 and ${HI}:\n      name: Average\n', {
      variables: { HI: '9' },
    });
    expect(check.source).toBe('avg(x)  between 1 and ${HI}');
    expect(check.location).toEqual({ filePath: 'checks.yml', line: 2, col: 5 });
    expect(check.header).toBe('checks for t');
    expect(check.dataset).toEqual({ name: 't', quoted: false });
    expect(check.configuration).toEqual({ name: 'Average' });
  });

  it('reports an unknown metric at its column, with a suggestion when one is close', () => {
    expect(singleError('checks for t:\n  - row_count > 0\n  - missing_cont(x) = 0\n')).toEqual({
      message: 'Unknown metric "missing_cont". Did you mean "missing_count"?',
      line: 3,
      col: 5,
    });
    expect(singleError('checks for t:\n  - frobnicate(x) = 0\n').message).toBe(
      'Unknown metric "frobnicate".',
    );
  });

  it('points into a quoted check line', () => {
    expect(singleError('checks for t:\n  - "avgg(x) > 1"\n')).toMatchObject({ line: 2, col: 6 });
  });

  it('rejects metric names starting with $ (check templates)', () => {
    expect(singleError('checks for t:\n  - $my_template > 0\n').message).toMatch(/beginning with "\$"/);
  });

  it.each<[string, RegExp, number]>([
    ['row_count(x) > 0', /row_count takes no argument/, 15],
    ['row_count() > 0', /Expected a column name or a number but found "\)"/, 15],
    ['missing_count > 0', /missing_count takes one column/, 5],
    ['missing_count(a, b) > 0', /missing_count takes one column/, 22],
    ['avg(5) > 0', /avg takes one column.*found the number 5/, 9],
    ['percentile(x) > 0', /percentile takes a column and a fraction/, 5],
    ['percentile(x, y) > 0', /"y" is not a number/, 19],
    ['percentile(x, 1.5) > 0', /fraction must be between 0 and 1, found 1.5/, 19],
    ['percentile(x, -0.5) > 0', /fraction must be between 0 and 1, found -0.5/, 19],
    ['percentile(x, 0.5, 1) > 0', /percentile takes a column and a fraction/, 24],
    ['max(x > 0', /Expected "," or "\)" but found ">"/, 11],
    ['max(x', /Expected "," or "\)" but found the end of the line/, 10],
    ['< 5', /Expected a metric name but found "<"/, 5],
    ['max("", x) > 1', /quoted column name must not be empty/, 9],
  ])('%s → error', (line, message, col) => {
    const error = singleError(`checks for t:\n  - ${line}\n`);
    expect(error.message).toMatch(message);
    expect(error).toMatchObject({ line: 2, col });
  });

  it.each([
    ['change for row_count < 5', 'Change-over-time checks'],
    ['anomaly detection for row_count', 'Anomaly detection checks'],
    ['group by:\n      query: SELECT 1', 'Group checks'],
    ['distribution_difference(x, d) > 0.05', 'Distribution checks'],
  ])('%s is reported as not supported yet', (line, feature) => {
    const error = singleError(`checks for t:\n  - ${line}\n`);
    expect(error).toEqual({
      message: `${feature} are not supported yet; take this check out of the files given to gatehouse (the other checks still run)`,
      line: 2,
      col: 5,
    });
  });

  it('keeps every valid check when one is broken', () => {
    const result = parse('checks for t:\n  - row_count > 0\n  - nope > 0\n  - max(x) < 3\n');
    expect(result.checks.map((c) => c.source)).toEqual(['row_count > 0', 'max(x) < 3']);
    expect(result.diagnostics).toHaveLength(1);
  });
});
