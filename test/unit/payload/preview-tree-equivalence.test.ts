/**
 * The optimised preview tree against a straightforward reference walk: every row (depth, parent, key, kind,
 * value, class, withheld reason), the counts and the unknown fields equal, on real payloads under varied policies,
 * on the benchmark's 5,000-check payload, and on generated documents with generated withheld fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { WITHHELD_REASONS, type WithheldField } from '../../../src/payload/build.js';
import { pointerSegment } from '../../../src/payload/canonical.js';
import {
  classifyLeaf,
  FIELD_CLASSES,
  type FieldClass,
  metricNamesOf,
  type PathSegment,
} from '../../../src/payload/classes.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import {
  NONE,
  type PreviewTree,
  previewTree,
  ROW_LEAF,
  ROW_LEFT_OUT,
  ROW_LIST,
  ROW_OBJECT,
} from '../../../src/payload/preview-tree.js';
import { syntheticResult } from '../../bench/payload.js';
import { fixtureResult } from './fixture.js';

interface Rows {
  depth: number[];
  parent: number[];
  key: (string | number | null)[];
  kind: number[];
  value: unknown[];
  fieldClass: number[];
  withheld: number[];
  classCounts: Record<FieldClass, number>;
  withheldCounts: Record<string, number>;
  unknownFields: string[];
}

const unescapeSegment = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * The tree the slow, obvious way: every leaf classified from its full path with classifyLeaf, withheld fields
 * looked up by their whole pointer, left-out keys listed after an object's fields in the order the withheld list
 * first reaches them.
 */
function referenceRows(bytes: Uint8Array, withheld: readonly WithheldField[]): Rows {
  const document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  const metricNames = metricNamesOf(document);
  const byPointer = new Map<string, WithheldField>();
  const segmentsUnder = new Map<string, string[]>();
  for (const w of withheld) {
    byPointer.set(w.pointer, w);
    const segments = w.pointer.split('/').slice(1);
    for (let i = 0; i < segments.length; i++) {
      const at = segments
        .slice(0, i)
        .map((s) => `/${s}`)
        .join('');
      const under = segmentsUnder.get(at) ?? [];
      if (!under.includes(segments[i] as string)) under.push(segments[i] as string);
      segmentsUnder.set(at, under);
    }
  }
  const rows: Rows = {
    depth: [],
    parent: [],
    key: [],
    kind: [],
    value: [],
    fieldClass: [],
    withheld: [],
    classCounts: Object.fromEntries(FIELD_CLASSES.map((c) => [c, 0])) as Record<FieldClass, number>,
    withheldCounts: {},
    unknownFields: [],
  };
  for (const w of withheld) rows.withheldCounts[w.reason] = (rows.withheldCounts[w.reason] ?? 0) + 1;
  const add = (depth: number, parent: number, key: string | number | null, reason?: string) => {
    rows.depth.push(depth);
    rows.parent.push(parent);
    rows.key.push(key);
    rows.withheld.push(reason === undefined ? NONE : WITHHELD_REASONS.indexOf(reason as never));
    return rows.depth.length - 1;
  };
  const walk = (
    value: unknown,
    key: string | number | null,
    parent: number,
    path: PathSegment[],
    pointer: string,
  ) => {
    const row = add(path.length, parent, key, byPointer.get(pointer)?.reason);
    const fields =
      value !== null && typeof value === 'object'
        ? Array.isArray(value)
          ? value.map((item, i) => [i, item] as const)
          : Object.entries(value)
        : [];
    if (fields.length === 0) {
      const known = classifyLeaf(path, document, metricNames);
      rows.kind.push(ROW_LEAF);
      rows.value.push(value);
      rows.fieldClass.push(FIELD_CLASSES.indexOf(known ?? 'data'));
      rows.classCounts[known ?? 'data']++;
      if (known === undefined) rows.unknownFields.push(pointer);
      return;
    }
    rows.kind.push(Array.isArray(value) ? ROW_LIST : ROW_OBJECT);
    rows.value.push(fields.length);
    rows.fieldClass.push(NONE);
    for (const [name, item] of fields)
      walk(item, name, row, [...path, name], `${pointer}/${pointerSegment(name)}`);
    if (Array.isArray(value)) return;
    for (const segment of segmentsUnder.get(pointer) ?? []) {
      const field = byPointer.get(`${pointer}/${segment}`);
      if (!field || field.replacement !== undefined || unescapeSegment(segment) in (value as object))
        continue;
      add(path.length + 1, row, unescapeSegment(segment), field.reason);
      rows.kind.push(ROW_LEFT_OUT);
      rows.value.push(null);
      rows.fieldClass.push(FIELD_CLASSES.indexOf(field.fieldClass));
    }
  };
  walk(document, null, -1, [], '');
  return rows;
}

function columnsOf(tree: PreviewTree): Rows {
  for (const column of [
    tree.depth,
    tree.parent,
    tree.key,
    tree.kind,
    tree.value,
    tree.fieldClass,
    tree.withheld,
  ]) {
    expect(column.length).toBe(tree.size);
  }
  return {
    depth: Array.from(tree.depth),
    parent: Array.from(tree.parent),
    key: [...tree.key],
    kind: Array.from(tree.kind),
    value: [...tree.value],
    fieldClass: Array.from(tree.fieldClass),
    withheld: Array.from(tree.withheld),
    classCounts: tree.classCounts,
    withheldCounts: tree.withheldCounts as Record<string, number>,
    unknownFields: tree.unknownFields,
  };
}

const bytesOf = (document: unknown) => new TextEncoder().encode(JSON.stringify(document));

const POLICIES: [string, PrivacyConfig][] = [
  ['the default policy', DEFAULT_PRIVACY],
  ['level strict', { ...DEFAULT_PRIVACY, level: 'strict' }],
  ['level full', { ...DEFAULT_PRIVACY, level: 'full' }],
  ['level full, hashed identifiers', { ...DEFAULT_PRIVACY, level: 'full', hashIdentifiers: true }],
  [
    'values withheld, a column excluded',
    { ...DEFAULT_PRIVACY, withholdValues: true, excludeColumns: ['email'] },
  ],
  [
    'level full, values of some columns withheld, per-dataset rules',
    {
      ...DEFAULT_PRIVACY,
      level: 'full',
      withholdValues: ['cst_*'],
      datasets: { '*': { level: 'strict', excludeColumns: ['ssn'] } },
    },
  ],
];

describe('the preview tree equals a reference walk', () => {
  for (const [name, policy] of POLICIES) {
    it(`on the fixture's payload under ${name}`, () => {
      const { prepared, withheld } = buildPayload(fixtureResult(), policy, { salt: new Uint8Array(32) });
      expect(columnsOf(previewTree(prepared.bytes, withheld))).toEqual(
        referenceRows(prepared.bytes, withheld),
      );
    });
  }

  for (const level of ['standard', 'strict'] as const) {
    it(`on the benchmark's 5,000-check payload at level ${level}`, () => {
      const { prepared, withheld } = buildPayload(syntheticResult(), { ...DEFAULT_PRIVACY, level });
      const tree = previewTree(prepared.bytes, withheld);
      expect(tree.size).toBeGreaterThan(100_000);
      expect(columnsOf(tree)).toEqual(referenceRows(prepared.bytes, withheld));
    });
  }

  it('on UTF-8 text beyond ASCII, and refuses bytes that are not UTF-8', () => {
    const bytes = bytesOf({ definitionName: 'scan é ✓ 😀', checks: [{ name: 'naïve', definition: 'ß' }] });
    const tree = previewTree(bytes);
    expect(columnsOf(tree)).toEqual(referenceRows(bytes, []));
    expect(tree.value).toContain('scan é ✓ 😀');
    expect(() => previewTree(Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d))).toThrow(TypeError);
  });

  // Keys the classification rules read, so generated documents reach them; and keys that need escaping.
  const KEYS = [
    'metrics',
    'checks',
    'queries',
    'logs',
    'identity',
    'metricName',
    'value',
    'values',
    'diagnostics',
    'blocks',
    'file',
    'rows',
    'columns',
    'name',
    'outcomeReasons',
    'message',
    'fail',
    'warn',
    'valueSeries',
    'label',
    'sql',
    'type',
    'text',
    'location',
    'filePath',
    'definitionName',
    'hasErrors',
    'outcome',
    'freshness',
    'a/b',
    'c~d',
    '',
  ];
  const VALUES = ['row_count', 'max', 'schema', 'missing_count', 'm1', 'm2', 'x'];
  const key = fc.constantFrom(...KEYS);
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(
        fc.constantFrom(...VALUES),
        fc.integer(),
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.constant(null),
      ),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    ),
  }));
  const entry = fc.dictionary(key, node, { maxKeys: 6 });
  const documents = fc.record(
    {
      metrics: fc.array(fc.oneof(entry, node), { maxLength: 4 }),
      checks: fc.array(fc.oneof(entry, node), { maxLength: 4 }),
      queries: fc.array(entry, { maxLength: 3 }),
      logs: fc.array(fc.oneof(entry, node), { maxLength: 3 }),
      definitionName: node,
      hasErrors: fc.boolean(),
      other: node,
    },
    { requiredKeys: [] },
  );
  const segment = fc.oneof(key.map(pointerSegment), fc.nat({ max: 4 }).map(String));
  const withheldFields = fc.array(
    fc.record({
      pointer: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`),
      fieldClass: fc.constantFrom(...FIELD_CLASSES),
      reason: fc.constantFrom(...WITHHELD_REASONS),
      replacement: fc.option(fc.oneof(fc.constant(null), fc.string()), { nil: undefined }),
    }),
    { maxLength: 12 },
  );

  it('on generated documents with generated withheld and left-out fields', () => {
    fc.assert(
      fc.property(documents, withheldFields, (document, withheld) => {
        const fields = withheld.map(({ replacement, ...w }) =>
          replacement === undefined ? w : { ...w, replacement },
        );
        const bytes = bytesOf(document);
        expect(columnsOf(previewTree(bytes, fields))).toEqual(referenceRows(bytes, fields));
      }),
      { numRuns: 400 },
    );
  });
});
