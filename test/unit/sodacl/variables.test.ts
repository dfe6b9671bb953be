import { describe, expect, it } from 'vitest';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { resolveVariables } from '../../../src/sodacl/variables.js';
import { errors, metricChecks, parse, singleError } from './helpers.js';

const CHECK = 'checks for t:\n  - row_count > ${N}\n';

describe('variables', () => {
  it('takes the environment first, then -v options, then variables: sections', () => {
    const file = `variables:\n  N: 1\n${CHECK}`;
    const fromFile = parse(file);
    const fromOption = parse(file, { variables: { N: '2' } });
    const fromEnv = parse(file, { variables: { N: '2' }, env: { N: '3' } });
    expect(metricChecks(fromFile.checks)[0]?.fail).toEqual({ lte: 1, union: false });
    expect(metricChecks(fromOption.checks)[0]?.fail).toEqual({ lte: 2, union: false });
    expect(metricChecks(fromEnv.checks)[0]?.fail).toEqual({ lte: 3, union: false });
    expect(fromEnv.variables).toEqual({ N: '3' });
    expect(fromFile.variables).toEqual({ N: '1' });
  });

  it('ignores environment entries that are undefined', () => {
    expect(
      metricChecks(parse(CHECK, { variables: { N: '4' }, env: { N: undefined } }).checks)[0]?.fail,
    ).toEqual({
      lte: 4,
      union: false,
    });
  });

  it('reads variables: sections from any file, in any order, and lets values refer to other variables', () => {
    const result = parseChecks(
      [
        { filePath: 'checks.yml', text: 'checks for ${TABLE}:\n  - row_count > ${MIN}\n' },
        {
          filePath: 'vars.yml',
          text: 'variables:\n  TABLE: ${PREFIX}_orders\n  MIN: 10\n  PREFIX: ${ENVIRONMENT}\n',
        },
      ],
      { env: { ENVIRONMENT: 'prod' } },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.variables).toEqual({ TABLE: 'prod_orders', MIN: '10', PREFIX: 'prod' });
    expect(result.checks[0]?.dataset?.name).toBe('prod_orders');
  });

  it('reports an undefined variable where it is used, never resolving it to an empty string', () => {
    expect(singleError(CHECK)).toEqual({
      message:
        'Variable "N" is not defined (set it in the environment, with -v N=…, or in a variables: section)',
      line: 2,
      col: 17,
    });
    expect(singleError('checks for t:\n  - row_count > 0:\n      name: Rows of ${WHO}\n')).toMatchObject({
      line: 3,
      col: 21,
    });
    expect(singleError('checks for ${T}:\n  - row_count > 0\n')).toMatchObject({ line: 1, col: 12 });
    expect(parse(CHECK).checks).toEqual([]);
  });

  it('reports malformed references', () => {
    expect(singleError('checks for t:\n  - row_count > ${N\n').message).toMatch(
      /Unterminated variable reference/,
    );
    expect(singleError('checks for t:\n  - row_count > ${ a | b }\n')).toMatchObject({
      message: expect.stringMatching(/Unsupported variable reference "\$\{ a \| b \}"/),
      col: 17,
    });
  });

  it('reports self-referencing variables and bad variable sections', () => {
    expect(
      errors(parse('variables:\n  A: ${B}\n  B: ${A}\n')).map((e) => [e.message, e.location.line]),
    ).toEqual([
      ['Variable "A" refers to itself through ${…}', 2],
      ['Variable "B" refers to itself through ${…}', 3],
    ]);
    expect(singleError('variables:\n  A: [1]\n')).toMatchObject({
      message: 'Variable "A" must have a text or number value',
      line: 2,
      col: 6,
    });
    expect(singleError('variables:\n  1A: x\n')).toMatchObject({ line: 2, col: 3 });
    expect(singleError('variables: [a]\n')).toMatchObject({ line: 1, col: 1 });
  });

  it('warns when a variable is declared twice; the later value wins', () => {
    const result = parseChecks([
      { filePath: 'a.yml', text: 'variables:\n  N: 1\n' },
      { filePath: 'b.yml', text: `variables:\n  N: 2\n${CHECK}` },
    ]);
    expect(errors(result)).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', location: { filePath: 'b.yml', line: 2, col: 3 } }),
    ]);
    expect(metricChecks(result.checks)[0]?.fail).toEqual({ lte: 2, union: false });
  });

  it('maps positions in resolved text back to the text as written', () => {
    const { resolved, problems } = resolveVariables(
      'a ${X} b ${Y}',
      (name) => ({ X: 'long value', Y: '' })[name],
    );
    expect(problems).toEqual([]);
    expect(resolved.text).toBe('a long value b ');
    expect(resolved.originalIndex(0)).toBe(0);
    expect(resolved.originalIndex(2)).toBe(2);
    expect(resolved.originalIndex(7)).toBe(2);
    expect(resolved.originalIndex(13)).toBe(7);
    expect(resolved.originalIndex(15)).toBe(13);
    expect(resolved.variablesIn(2, 12)).toEqual(['X']);
    expect(resolved.variablesIn(12, 14)).toEqual([]);
  });
});
