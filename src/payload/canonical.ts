/**
 * Canonical JSON: the one serialisation of a payload. Object keys in UTF-16 code-unit order at every depth (as
 * RFC 8785), no insignificant whitespace, strings escaped as JSON.stringify escapes them (lone surrogates as
 * `\udxxx`, so the text is always valid UTF-8), numbers as JSON.stringify prints them (`-0` → `0`, `1e+21`).
 * Anything JSON cannot say exactly is an error rather than a silent `null`: NaN, ±Infinity, bigint, functions,
 * symbols, `undefined` inside arrays, and objects other than plain ones and arrays (a Date must already be text).
 * An object property whose value is `undefined` is left out, as JSON.stringify does.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    /** JSON Pointer of the offending value. */
    readonly pointer: string,
  ) {
    super(`${message} at ${pointer || '/'}`);
    this.name = 'CanonicalJsonError';
  }
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** RFC 6901 escaping of one path segment. */
export function pointerSegment(segment: string | number): string {
  return typeof segment === 'number' ? String(segment) : segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function write(value: unknown, pointer: string, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} has no JSON form`, pointer);
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`, pointer);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (value[i] === undefined)
        throw new CanonicalJsonError('undefined has no JSON form', `${pointer}/${i}`);
      write(value[i], `${pointer}/${i}`, out);
    }
    out.push(']');
    return;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(
      `a ${prototype?.constructor?.name ?? 'non-plain'} object has no JSON form`,
      pointer,
    );
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(byCodeUnit);
  out.push('{');
  let first = true;
  for (const key of keys) {
    const inner = record[key];
    if (inner === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(inner, `${pointer}/${pointerSegment(key)}`, out);
  }
  out.push('}');
}

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '', out);
  return out.join('');
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

/** Lower-case hex SHA-256. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
