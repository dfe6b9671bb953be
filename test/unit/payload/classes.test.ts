/** Every leaf of a document has a class: the fixture at every level, and Soda Core's own real document. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY } from '../../../src/config/privacy.js';
import { classifyDocument } from '../../../src/payload/classes.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import { fixtureResult } from './fixture.js';

/** A real document Soda Core 3.5.6 sent (copied from the shared reference notes). */
const SODA_DOCUMENT = join(import.meta.dirname, 'soda-cloud-scan-results.json');

describe('field classes', () => {
  for (const level of ['strict', 'standard', 'full'] as const) {
    it(`knows every leaf of a ${level} payload`, () => {
      const { document } = buildPayload(
        fixtureResult(),
        { ...DEFAULT_PRIVACY, level, hashIdentifiers: true },
        {
          salt: new Uint8Array(32),
        },
      );
      const leaves = classifyDocument(document);
      expect(leaves.filter((l) => l.unknown).map((l) => l.pointer)).toEqual([]);
      expect(leaves.length).toBeGreaterThan(100);
    });
  }

  it('knows every leaf of the document Soda Core sends (but type and token, which destinations add)', () => {
    const { type: _type, token: _token, ...document } = JSON.parse(readFileSync(SODA_DOCUMENT, 'utf8'));
    const leaves = classifyDocument(document);
    expect(leaves.filter((l) => l.unknown).map((l) => l.pointer)).toEqual([]);
  });

  it('tells counts from data-derived values by the metric, and freshness timestamps are data', () => {
    const { document } = buildPayload(fixtureResult());
    const classOf = new Map(classifyDocument(document).map((l) => [l.pointer, l.fieldClass]));
    expect(classOf.get('/metrics/0/value')).toBe('outcome'); // row_count
    expect(classOf.get('/metrics/2/value')).toBe('data'); // max(cst_code)
    expect(classOf.get('/metrics/5/value/0/columnName')).toBe('schema');
    expect(classOf.get('/checks/1/diagnostics/value')).toBe('outcome'); // missing_count
    expect(classOf.get('/checks/3/diagnostics/value')).toBe('data'); // avg
    expect(classOf.get('/checks/4/diagnostics/maxColumnTimestamp')).toBe('data');
    expect(classOf.get('/checks/4/diagnostics/nowTimestamp')).toBe('metadata');
    expect(classOf.get('/checks/0/diagnostics/fail/greaterThan')).toBe('definition');
    expect(classOf.get('/checks/0/definition')).toBe('definition');
    expect(classOf.get('/queries/0/sql')).toBe('sql');
    expect(classOf.get('/queries/2/exception')).toBe('log');
    expect(classOf.get('/logs/0/message')).toBe('log');
    // A log line's level, time and place are Soda's format, not something the data said.
    expect(classOf.get('/logs/0/level')).toBe('metadata');
    expect(classOf.get('/logs/0/timestamp')).toBe('metadata');
    expect(classOf.get('/logs/0/index')).toBe('metadata');
    expect(classOf.get('/checks/5/diagnostics/blocks/0/text')).toBe('schema');
  });

  it('falls back to data (the cautious class) for a field no rule knows, and says so', () => {
    const leaves = classifyDocument({ checks: [{ diagnostics: { surprise: 42 } }], extra: 'x' });
    expect(leaves.map((l) => [l.pointer, l.fieldClass, l.unknown])).toEqual([
      ['/checks/0/diagnostics/surprise', 'data', true],
      ['/extra', 'data', true],
    ]);
  });
});
