/**
 * `CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE name (col TYPE …, …)` for PostgreSQL: column types translated,
 * OR REPLACE turned into a DROP first (PostgreSQL has no CREATE OR REPLACE TABLE), TRANSIENT dropped.
 */
import { closingParen, SqlSyntaxError, type Token } from './tokenizer.js';
import { isName, isPunct, isWord, type TranslateContext, type Translation, Translator } from './translate.js';

/** The statement for PostgreSQL, or undefined when it is not a CREATE TABLE. */
export function translateCreateTable(
  tokens: readonly Token[],
  ctx: TranslateContext,
): Translation | undefined {
  const t = new Translator(tokens, ctx);
  let i = 0;
  if (!isWord(t.token(i), 'CREATE')) return undefined;
  i++;
  let replace = false;
  if (isWord(t.token(i), 'OR') && isWord(t.token(i + 1), 'REPLACE')) {
    replace = true;
    i += 2;
  }
  let temporary = '';
  while (
    ['TRANSIENT', 'TEMPORARY', 'TEMP', 'LOCAL', 'GLOBAL', 'VOLATILE'].includes(t.token(i)?.value ?? '')
  ) {
    if (t.token(i)?.value.startsWith('TEMP')) temporary = ' TEMPORARY';
    i++;
  }
  if (!isWord(t.token(i), 'TABLE')) return undefined;
  i++;
  let ifNotExists = '';
  if (isWord(t.token(i), 'IF') && isWord(t.token(i + 1), 'NOT') && isWord(t.token(i + 2), 'EXISTS')) {
    ifNotExists = ' IF NOT EXISTS';
    i += 3;
  }
  let nameEnd = i + 1;
  while (isPunct(t.token(nameEnd), '.') && isName(t.token(nameEnd + 1))) nameEnd += 2;
  const name = t.range(i, nameEnd).trim();
  const nameParts: string[] = [];
  for (let k = i; k < nameEnd; k += 2) nameParts.push(t.token(k)?.value ?? '');
  if (nameParts.length >= 3 && nameParts[0] === ctx.database) nameParts.shift();
  const open = nameEnd;
  let body: string;
  if (isPunct(t.token(open), '(')) {
    const close = closingParen(
      Array.from({ length: t.length }, (_, k) => t.token(k) as Token),
      open,
    );
    if (close === -1) throw new SqlSyntaxError("missing ')'", t.token(open)?.start ?? 0);
    const elements = splitTopLevel(t, open, close).map(([a, b]) => {
      const first = t.token(a);
      const constraint = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK'].includes(first?.value ?? '');
      if (constraint || !isName(first) || b <= a + 1) return t.range(a, b);
      const type = t.type(a + 1, b);
      return `${t.range(a, a + 1)}${type.text}${t.range(type.next, b)}`;
    });
    body = ` (${elements.map((e) => e.trim()).join(', ')})${t.range(close + 1, t.length)}`;
  } else {
    body = t.range(open, t.length);
  }
  const drop = replace ? `DROP TABLE IF EXISTS ${name}; ` : '';
  const sql = `${drop}CREATE${temporary} TABLE${ifNotExists} ${name}${body}`;
  return { sql, tables: [nameParts, ...t.tables], readsInformationSchema: t.readsInformationSchema };
}

function splitTopLevel(t: Translator, open: number, close: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < close; i++) {
    const token = t.token(i);
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (depth === 0 && isPunct(token, ',')) {
      ranges.push([from, i]);
      from = i + 1;
    }
  }
  ranges.push([from, close]);
  return ranges;
}
