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
 * a value inOrder has already checked, sorting keys again as it goes.
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
 * The value with every object's keys in canonical order, checked as it goes: an object whose keys already come in
 * that order, and whose values need no change, is returned as it is; any other is copied in order. JSON.stringify
 * of the result is then the canonical text, several times faster than any JavaScript serialiser. The payload
 * builder writes its objects in canonical order, so a payload is checked without being copied. Sets `indexKeys`
 * when an object has a key JSON.stringify would move (see isIndexKey): then only `writeOrdered` is exact.
 */
function inOrder(value: unknown, path: (string | number)[], state: { indexKeys: boolean }): unknown {
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
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const inner: unknown = value[i];
      path.push(i);
      if (inner === undefined) throw new CanonicalJsonError('undefined has no JSON form', pointerOf(path));
      const ordered = inOrder(inner, path, state);
      path.pop();
      if (ordered !== inner) {
        out ??= value.slice();
        out[i] = ordered;
      }
    }
    return out ?? value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(
      `a ${prototype?.constructor?.name ?? 'non-plain'} object has no JSON form`,
      pointerOf(path),
    );
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  let changed: Map<string, unknown> | undefined;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (k > 0 && !((keys[k - 1] as string) < key)) sorted = false;
    if (keys.length > 1 && isIndexKey(key)) state.indexKeys = true;
    const inner = record[key];
    // An undefined property is left out, as JSON.stringify does; the copy below drops it.
    if (inner === undefined) {
      sorted = false;
      continue;
    }
    path.push(key);
    const ordered = inOrder(inner, path, state);
    path.pop();
    if (ordered !== inner) {
      changed ??= new Map();
      changed.set(key, ordered);
    }
  }
  if (sorted && !changed) return record;
  const out: Record<string, unknown> = {};
  for (const key of keys.sort(byCodeUnit)) {
    const inner = record[key];
    if (inner === undefined) continue;
    const copy = changed?.has(key) ? changed.get(key) : inner;
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    } else out[key] = copy;
  }
  return out;
}

export function canonicalJson(value: unknown): string {
  const state = { indexKeys: false };
  const ordered = inOrder(value, [], state);
  return state.indexKeys ? writeOrdered(ordered) : JSON.stringify(ordered);
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
