import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ParsedChecks, SourceLocation } from '../../../src/sodacl/model.js';
import { expandForEachDataset, parseChecks } from '../../../src/sodacl/parse.js';

/** Valid check files that exercise every part of the parser. */
const CORPUS = [
  `variables:
  LOW: 1
  DAY: 2024-01-01
filter customers [daily]:
  where: ts > '\${DAY}'
configurations for customers:
  missing values for email: [N/A, none]
  valid format for email: email
checks for customers [daily]:
  - row_count between \${LOW} and 100
  - missing_count(email) = 0:
      missing values: ['-']
      name: Emails \${LOW}
  - row_count:
      warn: when not between (19 and 25]
      fail: when < 5
  - invalid_percent(email) < 5 %
  - percentile_disc(size, 0.95) > 3
`,
  `checks for "Orders":
  - max("Order Total") != 5
  - avg(amount) between [0.5 and 10)
  - sum(amount) <> -3.25
  - stddev(x) <= 4:
      filter: country = 'NL'
      samples limit: 10
      attributes:
        owner: ana
  - invalid_count(code) = 0:
      valid values: [1, 2, 3]
      valid min length: 1
      include null: true
`,
  `checks for [raw data]:
  - "min_length(name) > 0"
  - max_length(name) < 255
  - variance(v) not between 1 and 2
`,
  `filter orders [recent]:
  where: day > 1
checks for customers:
  - duplicate_count(a, "B") < 2:
      filter: x > 1
      samples columns: [id]
  - duplicate_percent(a):
      warn: when > 1
      fail: when > 5
  - schema:
      warn:
        when required column missing: [id, email]
        when forbidden column present: [ssn, "pii*"]
        when wrong column type: {id: integer}
        when wrong column index: {id: 0}
        when schema changes: [column add, column delete]
      fail:
        when mismatching columns: {id: integer, name:}
        with optional columns: [name]
  - freshness(ts) < 1d1h
  - freshness(ts, END):
      warn: when > 6h
      fail: when >= 24h10m
  - freshness using ts with NOW < 2d
  - values in (a, b) must exist in orders (x, y)
  - values in a must not exist in orders x:
      samples limit: 5
  - failed rows:
      fail condition: cat = 'HIGH'
      samples columns: [id]
      fail: when > 5
  - ones(size) = 1:
      ones expression: SUM(1)
  - row_count same as orders [recent]
checks:
  - failed rows:
      fail query: SELECT * FROM x
  - belgians between 1 and 9:
      belgians query: SELECT count(*) FROM c
      failed rows query: SELECT * FROM c
for each dataset D:
  datasets: [customers, include raw_%, exclude raw_test%]
  checks:
    - row_count > 0
    - missing_count(id) = 0:
        name: ids in \${D}
`,
];

/** Every diagnostic and check location points at a real place in one of the input files. */
function expectLocationsInside(result: ParsedChecks, files: { filePath: string; text: string }[]): void {
  const check = (location: SourceLocation) => {
    const file = files.find((f) => f.filePath === location.filePath);
    expect(file, `unknown file ${location.filePath}`).toBeDefined();
    const lines = (file as { text: string }).text.split(/\r\n|\r|\n/);
    expect(location.line).toBeGreaterThanOrEqual(1);
    expect(location.col).toBeGreaterThanOrEqual(1);
    expect(location.line).toBeLessThanOrEqual(Math.max(1, lines.length));
    const lineText = lines[location.line - 1] ?? '';
    expect(location.col).toBeLessThanOrEqual(lineText.length + 1);
  };
  for (const diagnostic of result.diagnostics) check(diagnostic.location);
  for (const parsed of result.checks) check(parsed.location);
}

function parseSafely(texts: string[], options?: Parameters<typeof parseChecks>[1]): void {
  const files = texts.map((text, index) => ({ filePath: `file${index}.yml`, text }));
  const withFiles = {
    ...options,
    readFile: (path: string) => (path.endsWith('q.sql') ? 'SELECT 1' : undefined),
  };
  const result = parseChecks(files, withFiles);
  expectLocationsInside(result, files);
  // Templates must expand without throwing, and point into the files too.
  for (const template of result.forEach) {
    expectLocationsInside(expandForEachDataset(template, ['a', 'B c', 'raw_1'], withFiles), files);
  }
}

/** Character-level edits of a text: deletions, insertions and swaps. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom(
        '${',
        '}',
        ':',
        '- ',
        '[',
        ']',
        '(',
        ')',
        '"',
        "'",
        '\n',
        '  ',
        '\t',
        '#',
        '&a ',
        '*a',
        '%',
        '<',
        'between ',
      ),
    ),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);

interface Edit {
  kind: 'delete' | 'insert' | 'swap';
  at: number;
  length?: number;
  text?: string;
  other?: number;
}

function applyMutations(text: string, edits: Edit[]): string {
  let result = text;
  for (const edit of edits) {
    const at = result.length === 0 ? 0 : edit.at % (result.length + 1);
    if (edit.kind === 'delete') result = result.slice(0, at) + result.slice(at + (edit.length ?? 1));
    else if (edit.kind === 'insert') result = result.slice(0, at) + (edit.text ?? '') + result.slice(at);
    else if (result.length > 1) {
      const i = Math.min(at, result.length - 1);
      const j = (edit.other ?? 0) % result.length;
      const chars = [...result];
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
      result = chars.join('');
    }
  }
  return result;
}

const checkLineFragment = fc.constantFrom(
  'row_count',
  'missing_count(x)',
  'percentile(x, 0.5)',
  'max("A b")',
  'avg(',
  ' > ',
  ' between ',
  '(1 and 5]',
  ' not ',
  '${V}',
  '${',
  '%',
  '-',
  '.5',
  ' and ',
  '<>',
  'freshness(ts)',
  '$x',
  'duplicate_count(a, b)',
  'freshness(ts, NOW)',
  ' < 1d1h',
  'schema',
  'failed rows',
  'values in (a, b) must exist in o (x, y)',
  'values in a must not exist in o x',
  'row_count same as o [p]',
  ' in ds',
  'freshness using ts with NOW',
  'm',
);

/** YAML-ish documents: random trees of maps, lists and scalars drawn from SodaCL vocabulary. */
const yamlTree = fc.letrec((tie) => ({
  scalar: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(checkLineFragment, { maxLength: 6 }).map((parts) => parts.join('')),
  ),
  key: fc.oneof(
    fc.constantFrom(
      'checks for t',
      'checks for t [p]',
      'filter t [p]',
      'configurations for t',
      'variables',
      'where',
      'name',
      'warn',
      'fail',
      'valid values',
      'missing values for x',
      'valid format',
      'samples limit',
      'include null',
      'checks',
      'for each dataset D',
      'for each table T',
      'datasets',
      'tables',
      'fail condition',
      'fail query',
      'm expression',
      'm query',
      'm sql_file',
      'failed rows query',
      'samples columns',
      'when required column missing',
      'when mismatching columns',
      'with optional columns',
      'when schema changes',
      'when wrong column index',
      'schema',
      'failed rows',
    ),
    fc.array(checkLineFragment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')),
    fc.string({ maxLength: 10 }),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('scalar'), tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(tie('key') as fc.Arbitrary<string>, tie('node'), { maxKeys: 4 }),
}));

const options = fc.record({
  variables: fc.dictionary(fc.constantFrom('V', 'LOW', 'DAY', 'X'), fc.string({ maxLength: 6 })),
  env: fc.dictionary(
    fc.constantFrom('V', 'LOW', 'HOME'),
    fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
  ),
});

describe('parseChecks never throws and always points into the file', () => {
  it('parses the valid corpus without errors', () => {
    for (const text of CORPUS) {
      const result = parseChecks([{ filePath: 'c.yml', text }], { variables: { END: '2024-01-01' } });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.checks.length).toBeGreaterThan(0);
    }
  });

  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), options, (text, opts) => parseSafely([text], opts)),
      { numRuns: 400 },
    );
  });

  it('random texts made of SodaCL-ish characters', () => {
    const alphabet = fc.constantFrom(...'abc:-[]()"\'`{}$%<>=!,. \n\t#&*|>0123456789');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 300 }).map((chars) => chars.join('')),
        (text) => parseSafely([text]),
      ),
      { numRuns: 400 },
    );
  });

  it('random YAML-ish structures', () => {
    fc.assert(
      fc.property(fc.array(yamlTree.node, { minLength: 1, maxLength: 2 }), options, (trees, opts) => {
        parseSafely(
          trees.map((tree) => stringify(tree)),
          opts,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('mutations of valid check files', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CORPUS),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        options,
        (text, edits, opts) => parseSafely([applyMutations(text, edits), CORPUS[0] as string], opts),
      ),
      { numRuns: 600 },
    );
  });
});
