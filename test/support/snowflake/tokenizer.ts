/**
 * A tokenizer for Snowflake SQL: enough to rewrite statements token by token without ever touching the inside of
 * a string literal, a quoted identifier or a comment. Snowflake's lexical rules, where they differ from
 * PostgreSQL's: backslash escapes inside single-quoted strings, `$$…$$` strings, `//` line comments.
 */

export type TokenKind =
  | 'space'
  | 'comment'
  | 'string'
  | 'quoted'
  | 'word'
  | 'number'
  | 'punct'
  | 'placeholder';

export interface Token {
  kind: TokenKind;
  /** The token exactly as written. */
  text: string;
  /** Offset of the first character in the statement. */
  start: number;
  /** string: the decoded value; quoted: the identifier's name; word: the upper-cased word. */
  value: string;
}

export class SqlSyntaxError extends Error {
  override name = 'SqlSyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Operators of two characters, longest first so `::` never reads as two colons. */
const TWO_CHAR = ['::', '||', '<=', '>=', '<>', '!=', '=>', '->'];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** A single-quoted Snowflake string from `start` (the opening quote): its end and decoded value. */
function readString(sql: string, start: number): { end: number; value: string } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === "'") {
      if (sql[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { end: i + 1, value };
    }
    if (ch === '\\' && i + 1 < sql.length) {
      const next = sql[i + 1] as string;
      const hex = /^x([0-9a-fA-F]{2})/.exec(sql.slice(i + 1, i + 4));
      const unicode = /^u([0-9a-fA-F]{4})/.exec(sql.slice(i + 1, i + 6));
      const octal = /^([0-7]{3})/.exec(sql.slice(i + 1, i + 4));
      if (hex) {
        value += String.fromCharCode(Number.parseInt(hex[1] as string, 16));
        i += 4;
      } else if (unicode) {
        value += String.fromCharCode(Number.parseInt(unicode[1] as string, 16));
        i += 6;
      } else if (octal) {
        value += String.fromCharCode(Number.parseInt(octal[1] as string, 8));
        i += 4;
      } else {
        // Snowflake drops the backslash before a character that starts no escape sequence.
        value += SIMPLE_ESCAPES[next] ?? next;
        i += 2;
      }
      continue;
    }
    value += ch;
    i++;
  }
  throw new SqlSyntaxError('unterminated string literal', start);
}

function readQuoted(sql: string, start: number): { end: number; value: string } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === '"') {
      if (sql[i + 1] === '"') {
        value += '"';
        i += 2;
        continue;
      }
      if (value === '') throw new SqlSyntaxError('zero-length delimited identifier', start);
      return { end: i + 1, value };
    }
    value += ch;
    i++;
  }
  throw new SqlSyntaxError('unterminated quoted identifier', start);
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number, value?: string) => {
    const text = sql.slice(i, end);
    tokens.push({ kind, text, start: i, value: value ?? text });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      let end = i + 1;
      while (end < sql.length && /\s/.test(sql[end] as string)) end++;
      push('space', end);
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      const newline = sql.indexOf('\n', i);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) throw new SqlSyntaxError('unterminated comment', i);
      push('comment', close + 2);
    } else if (ch === "'") {
      const { end, value } = readString(sql, i);
      push('string', end, value);
    } else if (ch === '$' && next === '$') {
      const close = sql.indexOf('$$', i + 2);
      if (close === -1) throw new SqlSyntaxError('unterminated $$ string', i);
      push('string', close + 2, sql.slice(i + 2, close));
    } else if (ch === '"') {
      const { end, value } = readQuoted(sql, i);
      push('quoted', end, value);
    } else if (/[0-9]/.test(ch) || (ch === '.' && next !== undefined && /[0-9]/.test(next))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i));
      push('number', i + (match?.[0].length ?? 1));
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end] as string)) end++;
      push('word', end, sql.slice(i, end).toUpperCase());
    } else if (ch === '?' || (ch === ':' && next !== undefined && /[0-9]/.test(next))) {
      let end = i + 1;
      while (end < sql.length && /[0-9]/.test(sql[end] as string)) end++;
      push('placeholder', end);
    } else if (ch === '$' && next !== undefined && /[0-9]/.test(next)) {
      let end = i + 1;
      while (end < sql.length && /[0-9]/.test(sql[end] as string)) end++;
      push('placeholder', end);
    } else {
      const two = sql.slice(i, i + 2);
      push('punct', i + (TWO_CHAR.includes(two) ? 2 : 1));
    }
  }
  return tokens;
}

/** Tokens that carry meaning (no spaces, no comments). */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => token.kind !== 'space' && token.kind !== 'comment');
}

/** The index of the `)` that closes the `(` at `open`, among significant tokens; -1 when unbalanced. */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const text = (tokens[i] as Token).text;
    if (tokens[i]?.kind !== 'punct') continue;
    if (text === '(') depth++;
    else if (text === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Split a request's text into statements at top-level semicolons, dropping empty ones (a trailing `;`).
 * Returns the token lists of each statement.
 */
export function splitStatements(tokens: readonly Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') statements.push([]);
    else statements.at(-1)?.push(token);
  }
  return statements.filter((statement) => significant(statement).length > 0);
}
