import { afterEach, describe, expect, it } from 'vitest';
import {
  clearSecrets,
  MIN_REDACTED_LENGTH,
  REDACTED,
  redact,
  redactDeep,
  registerSecret,
} from '../../../src/common/redaction.js';

afterEach(clearSecrets);

describe('redaction', () => {
  it('replaces every occurrence of every registered secret', () => {
    registerSecret('Hunter-2');
    registerSecret('other-secret');
    expect(redact('password=Hunter-2 and again Hunter-2; other-secret')).toBe(
      `password=${REDACTED} and again ${REDACTED}; ${REDACTED}`,
    );
  });

  it('replaces the longest secret first, so no part of a longer one stays visible', () => {
    registerSecret('abcd');
    registerSecret('abcdefgh');
    expect(redact('x abcdefgh y abcd')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('treats regular-expression characters literally', () => {
    registerSecret('p@ss.w*rd(1)$');
    expect(redact('pw p@ss.w*rd(1)$ / p@ssXwordd1')).toBe(`pw ${REDACTED} / p@ssXwordd1`);
  });

  it('also redacts the URL-encoded and JSON-escaped forms', () => {
    registerSecret('a b/"c"');
    expect(redact('postgres://u:a%20b%2F%22c%22@h/db')).toBe(`postgres://u:${REDACTED}@h/db`);
    expect(redact(JSON.stringify({ p: 'a b/"c"' }))).toBe(`{"p":"${REDACTED}"}`);
  });

  it(`ignores values shorter than ${MIN_REDACTED_LENGTH} characters, and undefined`, () => {
    registerSecret('abc');
    registerSecret('');
    registerSecret(undefined);
    expect(redact('abc abc')).toBe('abc abc');
  });

  it('redacts every string of an object, keys included, without changing the original', () => {
    registerSecret('s3cret-value');
    const original = {
      logs: [{ message: 'failed with s3cret-value', level: 'error' }],
      count: 3,
      nothing: null,
      nested: { 's3cret-value': true },
    };
    const copy = redactDeep(original);
    expect(copy).toEqual({
      logs: [{ message: `failed with ${REDACTED}`, level: 'error' }],
      count: 3,
      nothing: null,
      nested: { [REDACTED]: true },
    });
    expect(original.logs[0]?.message).toBe('failed with s3cret-value');
  });

  it('with nothing registered, returns the same value', () => {
    const value = { a: 'text' };
    expect(redactDeep(value)).toBe(value);
    expect(redact('text')).toBe('text');
  });
});
