import type { Identifier } from './model.js';

/** Characters that end an unquoted identifier (Soda's grammar: space, comparison signs, brackets, comma). */
const UNQUOTED_STOP = new Set([' ', '\t', '<', '=', '>', '(', ')', '[', ']', ',', '!']);
const UNQUOTED_START = /[A-Za-z_]/;

const CLOSING_QUOTE: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

export type IdentifierRead =
  | { ok: true; identifier: Identifier; end: number }
  | { ok: false; message: string; index: number };

/**
 * Reads an identifier at `start`: unquoted (`customers`, `public.customers`), "double quoted", `backticked`
 * or [bracketed]. `allowBrackets` is off where `[` means something else (a partition name).
 */
export function readIdentifier(text: string, start: number, allowBrackets = true): IdentifierRead {
  const first = text[start];
  if (first === undefined) return { ok: false, message: 'Expected a name but the text ended', index: start };
  const closing = CLOSING_QUOTE[first];
  if (closing !== undefined && (first !== '[' || allowBrackets)) {
    const end = text.indexOf(closing, start + 1);
    if (end < 0)
      return { ok: false, message: `Missing closing ${closing} for the name starting here`, index: start };
    const name = text.slice(start + 1, end);
    if (name.trim() === '') return { ok: false, message: 'A quoted name must not be empty', index: start };
    return { ok: true, identifier: { name, quoted: true }, end: end + 1 };
  }
  if (!UNQUOTED_START.test(first)) {
    return {
      ok: false,
      message: `Expected a name (a letter or _ first, or a quoted name) but found "${first}"`,
      index: start,
    };
  }
  let end = start + 1;
  while (end < text.length && !UNQUOTED_STOP.has(text[end] as string)) end++;
  return { ok: true, identifier: { name: text.slice(start, end), quoted: false }, end };
}

/** Whether two identifiers name the same object: unquoted names compare case-insensitively, quoted ones exactly. */
export function sameIdentifier(a: Identifier, b: Identifier): boolean {
  if (a.quoted || b.quoted) return a.name === b.name;
  return a.name.toLowerCase() === b.name.toLowerCase();
}

/** A name as the user would write it again, for messages. */
export function formatIdentifier(identifier: Identifier): string {
  if (!identifier.quoted) return identifier.name;
  return `"${identifier.name}"`;
}
