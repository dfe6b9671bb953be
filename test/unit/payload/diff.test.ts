import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY } from '../../../src/config/privacy.js';
import { canonicalBytes } from '../../../src/payload/canonical.js';
import { diffPayloads } from '../../../src/payload/diff.js';
import { preparePayload } from '../../../src/payload/prepare.js';
import { fixtureResult } from './fixture.js';

const bytes = (value: unknown) => canonicalBytes(value);

describe('diffPayloads', () => {
  it('finds nothing between equal payloads', () => {
    const a = preparePayload(fixtureResult()).bytes;
    expect(diffPayloads(a, a)).toMatchObject({
      identical: true,
      changes: [],
      counts: { added: 0, removed: 0, changed: 0 },
    });
  });

  it('reports added, removed and changed fields with their classes', () => {
    const previous = bytes({
      definitionName: 'demo',
      hasFailures: false,
      metrics: [{ identity: 'm-max', metricName: 'max', value: 5 }],
      logs: [{ level: 'info', message: 'old' }],
    });
    const current = bytes({
      definitionName: 'demo',
      hasFailures: true,
      metrics: [{ identity: 'm-max', metricName: 'max', value: 7 }],
      queries: [{ name: 'q', sql: 'SELECT 1' }],
    });
    const diff = diffPayloads(previous, current);
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { kind: 'changed', pointer: '/hasFailures', fieldClass: 'outcome', before: false, after: true },
        { kind: 'changed', pointer: '/metrics/0/value', fieldClass: 'data', before: 5, after: 7 },
        { kind: 'added', pointer: '/queries/0/sql', fieldClass: 'sql', after: 'SELECT 1' },
        { kind: 'added', pointer: '/queries/0/name', fieldClass: 'identifier', after: 'q' },
        { kind: 'removed', pointer: '/logs/0/message', fieldClass: 'log', before: 'old' },
      ]),
    );
    expect(diff.counts).toEqual({ added: 2, removed: 2, changed: 2 });
    expect(diff.byClass).toMatchObject({ outcome: 1, data: 1, sql: 1, identifier: 1, log: 1, metadata: 1 });
  });

  it('matches checks by identity, so a check inserted first does not shift the others', () => {
    const check = (identity: string, outcome: string) => ({ identity, outcome, name: identity });
    const previous = bytes({ checks: [check('a', 'pass'), check('b', 'pass')] });
    const current = bytes({ checks: [check('new', 'fail'), check('a', 'pass'), check('b', 'fail')] });
    const diff = diffPayloads(previous, current);
    expect(diff.changes.filter((c) => c.kind === 'changed')).toEqual([
      { kind: 'changed', pointer: '/checks/2/outcome', fieldClass: 'outcome', before: 'pass', after: 'fail' },
    ]);
    expect(diff.counts.added).toBe(3);
    expect(diff.counts.removed).toBe(0);
  });

  it('shows what a stricter policy takes away', () => {
    const standard = preparePayload(fixtureResult()).bytes;
    const strict = preparePayload(fixtureResult(), { ...DEFAULT_PRIVACY, level: 'strict' }).bytes;
    const diff = diffPayloads(standard, strict);
    expect(diff.changes).toContainEqual({
      kind: 'changed',
      pointer: '/metrics/2/value',
      fieldClass: 'data',
      before: 'ZZ-CANARY-MAX',
      after: null,
    });
    expect(diff.changes.some((c) => c.kind === 'removed' && c.pointer.startsWith('/logs/'))).toBe(true);
  });

  it('refuses bytes that are not a JSON object', () => {
    expect(() => diffPayloads(bytes([1]), bytes({}))).toThrow('previous payload is not a JSON object');
    expect(() => diffPayloads(bytes({}), new Uint8Array([0xff]))).toThrow();
  });
});
