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
  if (typeof segment === 'number') return String(segment);
  return segment.includes('~') || segment.includes('/')
    ? segment.replaceAll('~', '~0').replaceAll('/', '~1')
    : segment;
}

/** The pointer of the value being written, built only when an error needs it. */
function pointerOf(path: readonly (string | number)[]): string {
  return path.map((segment) => `/${pointerSegment(segment)}`).join('');
}

/**
 * The exact serialiser, for the rare object whose keys JSON.stringify would reorder (integer-like keys): it writes
 * a copy sortedCopy has already checked, sorting keys again as it goes.
 */
function writeOrdered(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writeOrdered).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .sort(byCodeUnit)
    .map((key) => `${JSON.stringify(key)}:${writeOrdered(record[key])}`);
  return `{${fields.join(',')}}`;
}

/** Keys an engine enumerates first, in numeric order, whatever the insertion order (`"9"` before `"10"`). */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/**
 * A copy with every object's keys inserted in canonical order, checked as it is copied: JSON.stringify of it
 * then gives the canonical text several times faster than any JavaScript serialiser. Sets `indexKeys` when an
 * object has a key JSON.stringify would move (see isIndexKey): then only `writeOrdered` is exact.
 */
function sortedCopy(value: unknown, path: (string | number)[], state: { indexKeys: boolean }): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} has no JSON form`, pointerOf(path));
      return value;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`, pointerOf(path));
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      if (value[i] === undefined) throw new CanonicalJsonError('undefined has no JSON form', pointerOf(path));
      out[i] = sortedCopy(value[i], path, state);
      path.pop();
    }
    return out;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(
      `a ${prototype?.constructor?.name ?? 'non-plain'} object has no JSON form`,
      pointerOf(path),
    );
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(byCodeUnit);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const inner = record[key];
    if (inner === undefined) continue;
    if (keys.length > 1 && isIndexKey(key)) state.indexKeys = true;
    path.push(key);
    const copy = sortedCopy(inner, path, state);
    path.pop();
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    } else out[key] = copy;
  }
  return out;
}

export function canonicalJson(value: unknown): string {
  const state = { indexKeys: false };
  const copy = sortedCopy(value, [], state);
  return state.indexKeys ? writeOrdered(copy) : JSON.stringify(copy);
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
