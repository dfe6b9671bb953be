import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/common/sha256.js';
import { CanonicalJsonError, canonicalBytes, canonicalJson } from '../../../src/payload/canonical.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth, whatever the insertion order, with no whitespace', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(sha256Hex(canonicalBytes(a))).toBe(sha256Hex(canonicalBytes(b)));
  });

  it('orders keys by UTF-16 code units (as RFC 8785), not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, '\u{1F600}': 5, '\uFB01': 6 })).toBe(
      '{"B":2,"a":4,"b":1,"é":3,"\u{1F600}":5,"\uFB01":6}',
    );
  });

  it('prints numbers as JSON does: -0 as 0, large integers exactly or in exponent form', () => {
    expect(canonicalJson([-0, 0, 1.5, 2 ** 53, 2 ** 53 + 2, 1e21, 1e-7, 40.0])).toBe(
      '[0,0,1.5,9007199254740992,9007199254740994,1e+21,1e-7,40]',
    );
  });

  it('refuses what JSON cannot say exactly, naming where', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('at /a/1');
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow('has no JSON form');
    expect(() => canonicalJson({ n: 10n })).toThrow('bigint');
    expect(() => canonicalJson([undefined])).toThrow('undefined');
    expect(() => canonicalJson({ d: new Date(0) })).toThrow('Date');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('function');
  });

  it('leaves out undefined properties, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('writes UTF-8, escaping control characters and lone surrogates so the bytes are always valid', () => {
    const bytes = canonicalBytes({ s: 'é\n\u0001\uD800' });
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe('{"s":"é\\n\\u0001\\ud800"}');
    expect([...bytes.slice(6, 8)]).toEqual([0xc3, 0xa9]);
  });

  it('hashes with SHA-256 as lower-case hex', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('canonical JSON with index-like keys', () => {
  it('keeps code-unit order where JSON.stringify would put integer keys first', () => {
    const value = { b: 1, '10': 2, '9': 3, a: { '2': 0, '1': 1 } };
    expect(canonicalJson(value)).toBe('{"10":2,"9":3,"a":{"1":1,"2":0},"b":1}');
    expect(canonicalJson({ __proto__: 1, a: 2 } as unknown)).toBe('{"a":2}');
    const proto = JSON.parse('{"__proto__": 1, "a": 2}');
    expect(canonicalJson(proto)).toBe('{"__proto__":1,"a":2}');
  });
});

/** The canonical text written the slow, obvious way: sort every object's keys by code unit as it is written. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`).join(',')}}`;
}

/** The same value with every object's keys inserted in reverse order. */
function reversed(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(reversed);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    Object.defineProperty(out, key, {
      value: reversed((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe('canonical JSON, checked in place or copied', () => {
  it('is the reference text for any JSON value, whatever the key order, and leaves the input as it was', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        expect(canonicalJson(value)).toBe(reference(value));
        expect(canonicalJson(reversed(value))).toBe(reference(value));
        expect(JSON.stringify(value)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it('drops undefined properties even where the keys are already in order', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined, e: [1] } })).toBe('{"a":1,"c":{"e":[1]}}');
  });
});
