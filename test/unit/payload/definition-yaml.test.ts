import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { definitionYaml, plainDefinition } from '../../../src/payload/definition-yaml.js';

/**
 * What Soda's definition text is: a check without configuration is its header and its line as written (the
 * reference document's "checks for customers:\n  row_count between 1 and 100"); one with configuration is the
 * library's rendering of `{header: [{line: configuration}]}`.
 */
function library(header: string, source: string, configuration: Record<string, unknown>): string {
  if (Object.keys(configuration).length === 0) return `${header}:\n  ${source}`;
  return stringify({ [header]: [{ [source]: configuration }] }, { lineWidth: 0 });
}

// Characters that change how YAML must write a scalar, mixed with ordinary ones.
const tricky = fc.constantFrom(
  ...'aZ_(0 9:#-?[]{},"\'!&*|>%@`.~\t\n\u0085é'.split(''),
  'null',
  'true',
  'False',
  '...',
  '---',
  ': ',
  ' #',
);
const text = fc.oneof(
  fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('row_count > 0', 'missing_count(email) = 0', 'checks for customers', 'name'),
);
const value = fc.oneof(
  text,
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(-0),
  fc.constant(null),
  fc.array(text, { maxLength: 2 }),
);
const configuration = fc.dictionary(text, value, { maxKeys: 3 });

describe('check definition text', () => {
  it('is the yaml library text, whichever path writes it', () => {
    fc.assert(
      fc.property(text, text, configuration, (header, source, config) => {
        expect(definitionYaml(header, source, config)).toBe(library(header, source, config));
      }),
      { numRuns: 3000 },
    );
  });

  it('a check without configuration is its header and line, as in the real Soda document', () => {
    expect(definitionYaml('checks for customers', 'row_count between 1 and 100', {})).toBe(
      'checks for customers:\n  row_count between 1 and 100',
    );
    expect(definitionYaml('checks for customers', 'freshness(ts) < 1d', {})).toBe(
      'checks for customers:\n  freshness(ts) < 1d',
    );
  });

  it('takes the fast path for the common shapes, and gives the same text there', () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['checks for customers', 'missing_count(email) = 0', { name: 'Emails present', 'samples limit': 5 }],
      ['checks for orders [daily]', 'freshness(ts) < 1d', { warn: 'when > 6h', identity: 'abc', x: true }],
      ['checks for t', '(a) is b', { a: -12 }],
    ];
    for (const [header, source, config] of cases) {
      expect(plainDefinition(header, source, config)).toBe(library(header, source, config));
    }
  });

  it('leaves to the library what needs quoting, explicit keys or structure', () => {
    const declined: [string, string, Record<string, unknown>][] = [
      ['checks for t', 'a: b', {}],
      ['checks for t', 'a #b', {}],
      ['checks for t', 'true', {}],
      ['checks for t', 'x'.repeat(1100), {}],
      ['checks for t', 'row_count > 0', { 'valid values': ['a', 'b'] }],
      ['checks for t', 'row_count > 0', { fail: 1.5 }],
      ['checks for t', 'row_count > 0', { name: 'ends with colon:' }],
      ['checks for t', 'row_count > 0', { 'samples limit': -0 }],
    ];
    for (const [header, source, config] of declined) {
      expect(plainDefinition(header, source, config)).toBeUndefined();
      expect(definitionYaml(header, source, config)).toBe(library(header, source, config));
    }
  });
});
