/** Tokens of a check line or a `when …` threshold. Indices are into the text that was tokenized. */
export type TokenKind = 'name' | 'quoted' | 'number' | 'comparator' | 'punct' | 'end' | 'bad';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const COMPARATORS = ['<=', '>=', '!=', '<>', '<', '>', '='];
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '%', '+', '-']);
/** Soda's unquoted identifiers end at a space, a comparison sign, a bracket or a comma. */
const NAME_STOP = /[\s<>=!()[\],]/;
const NAME_START = /[A-Za-z_$]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const start = i;
    const comparator = COMPARATORS.find((c) => text.startsWith(c, i));
    if (comparator) {
      tokens.push({ kind: 'comparator', text: comparator, start, end: i + comparator.length });
      i += comparator.length;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^[0-9]*(\.[0-9]*)?/.exec(text.slice(i));
      const length = match?.[0].length || 1;
      tokens.push({ kind: 'number', text: text.slice(i, i + length), start, end: i + length });
      i += length;
    } else if (char === '"' || char === '`') {
      const close = text.indexOf(char, i + 1);
      const end = close < 0 ? text.length : close + 1;
      tokens.push({ kind: close < 0 ? 'bad' : 'quoted', text: text.slice(i, end), start, end });
      i = end;
    } else if (NAME_START.test(char)) {
      let end = i + 1;
      while (end < text.length && !NAME_STOP.test(text[end] as string)) end++;
      tokens.push({ kind: 'name', text: text.slice(i, end), start, end });
      i = end;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: 'punct', text: char, start, end: i + 1 });
      i++;
    } else {
      tokens.push({ kind: 'bad', text: char, start, end: i + 1 });
      i++;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** A cursor over tokens for the recursive-descent parsers. */
export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** Consumes the token if it is this punctuation or (case-insensitive) word. */
  accept(text: string): Token | undefined {
    const token = this.peek();
    if ((token.kind === 'punct' || token.kind === 'name') && token.text.toLowerCase() === text)
      return this.next();
    return undefined;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }
}

export function describeToken(token: Token): string {
  return token.kind === 'end' ? 'the end of the line' : `"${token.text}"`;
}
