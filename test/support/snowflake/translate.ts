/**
 * Snowflake SQL → PostgreSQL SQL, token by token (never a regex over the text, so string literals, quoted
 * identifiers and comments are never rewritten by accident):
 * - quoted identifiers get their case swapped (`"ORDERS"` → `"orders"`, see names.ts); unquoted ones are left to
 *   PostgreSQL's folding, which gives the same result;
 * - string literals are decoded with Snowflake's backslash escapes and re-encoded for PostgreSQL;
 * - `db.schema.table` loses the database part when it names the session's database;
 *   `[db.]INFORMATION_SCHEMA.COLUMNS|TABLES|SCHEMATA` become the compat schema's Snowflake-shaped views;
 * - Snowflake functions are called in the compat schema (compat-sql.ts); `CURRENT_USER()`, `CURRENT_ROLE()`,
 *   `CURRENT_IP_ADDRESS()` and the other session functions become literals of the session's values;
 * - date parts (`DATEADD(day, …)`) become unit literals, format strings of TO_VARCHAR/TO_DATE/TO_TIMESTAMP become
 *   PostgreSQL formats, Snowflake type names become PostgreSQL types (or compat domains) in `CAST`, `TRY_CAST`,
 *   `::` and CREATE TABLE column definitions; `x [NOT] RLIKE|REGEXP p` becomes a compat operator.
 * It also reports the tables a statement reads or writes, for privilege, warehouse and current-schema checks.
 */
import { COMPAT_FUNCTIONS } from './compat-sql.js';
import { snowflakeFormatToPostgres } from './formats.js';
import { pgIdentifier, pgString } from './names.js';
import { dateUnit, postgresType } from './snowflake-types.js';
import { closingParen, SqlSyntaxError, type Token } from './tokenizer.js';

export interface SessionValues {
  user: string;
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  clientIp: string;
  version: string;
  account: string;
  region: string;
  sessionId: string;
}

export interface TranslateContext {
  /** The PostgreSQL schema holding the compat functions and views. */
  compat: string;
  /** The account's database (its name is dropped from `db.schema.table`). */
  database: string;
  session: SessionValues;
}

export interface Translation {
  sql: string;
  /** Each table the statement names, as Snowflake resolved its parts (`['ORDERS']`, `['PUBLIC', 'ORDERS']`). */
  tables: string[][];
  /** Whether it reads INFORMATION_SCHEMA views (which, in Snowflake, need a running warehouse). */
  readsInformationSchema: boolean;
}

interface Sig extends Token {
  /** Whitespace and comments before the token, as PostgreSQL should read them. */
  gap: string;
}

const SESSION_FUNCTIONS: Readonly<Record<string, (s: SessionValues) => string | null>> = {
  CURRENT_USER: (s) => s.user,
  CURRENT_ROLE: (s) => s.role,
  CURRENT_WAREHOUSE: (s) => s.warehouse,
  CURRENT_DATABASE: (s) => s.database,
  CURRENT_SCHEMA: (s) => s.schema,
  CURRENT_IP_ADDRESS: (s) => s.clientIp,
  CURRENT_VERSION: (s) => s.version,
  CURRENT_ACCOUNT: (s) => s.account,
  CURRENT_ACCOUNT_NAME: (s) => s.account,
  CURRENT_REGION: (s) => s.region,
  CURRENT_SESSION: (s) => s.sessionId,
};

/** `CURRENT_TIMESTAMP()` is a syntax error in PostgreSQL, which knows these only as keywords. */
const DATETIME_KEYWORDS = new Set([
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'LOCALTIMESTAMP',
  'LOCALTIME',
]);

/** Functions whose first argument is a date part, written bare (`day`) or quoted (`'day'`). */
const DATE_PART_FUNCTIONS = new Set([
  'DATEADD',
  'TIMEADD',
  'TIMESTAMPADD',
  'DATEDIFF',
  'TIMEDIFF',
  'TIMESTAMPDIFF',
  'DATE_TRUNC',
  'DATE_PART',
]);

/** Functions whose second argument, when a string literal, is a Snowflake datetime format. */
const FORMAT_FUNCTIONS = new Set(['TO_VARCHAR', 'TO_CHAR', 'TO_DATE', 'TO_TIMESTAMP', 'TO_TIMESTAMP_NTZ']);

/** Keywords after which a name is a table (FROM, JOIN, INTO, UPDATE, TABLE). */
const TABLE_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE']);
/** Keywords that end a FROM list, after which a comma no longer introduces a table. */
const FROM_LIST_END = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'ON',
  'USING',
  'SET',
  'VALUES',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'MINUS',
  'QUALIFY',
  'WINDOW',
  'SELECT',
  'FETCH',
]);

/** Words that may follow a table in FROM without being its alias. */
const CLAUSE_WORDS = new Set([
  ...FROM_LIST_END,
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'NATURAL',
  'OUTER',
  'LATERAL',
  'SAMPLE',
  'TABLESAMPLE',
]);

/** Words that end an expression without being an alias (`CASE … END`, `x IS NULL`). */
const VALUE_WORDS = new Set([
  'END',
  'NULL',
  'TRUE',
  'FALSE',
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
]);
/** Words after which a name is an operand, not an alias. */
const OPERATOR_WORDS = new Set([
  'IS',
  'NOT',
  'AND',
  'OR',
  'LIKE',
  'ILIKE',
  'IN',
  'BETWEEN',
  'THEN',
  'ELSE',
  'WHEN',
  'CASE',
  'DISTINCT',
  'RLIKE',
  'REGEXP',
  'INTERVAL',
  'SELECT',
]);

const INFORMATION_SCHEMA_VIEWS: Readonly<Record<string, string>> = {
  COLUMNS: 'sf_columns',
  TABLES: 'sf_tables',
  SCHEMATA: 'sf_schemata',
};

export const isName = (token: Token | undefined): boolean =>
  token?.kind === 'word' || token?.kind === 'quoted';
export const isPunct = (token: Token | undefined, text: string): boolean =>
  token?.kind === 'punct' && token.text === text;
export const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'word' && token.value === word;

/** Whitespace and comments between tokens; `//` comments are Snowflake's only, so they become `--`. */
function gapText(tokens: readonly Token[]): string {
  return tokens
    .map((token) =>
      token.kind === 'comment' && token.text.startsWith('//') ? `--${token.text.slice(2)}` : token.text,
    )
    .join('');
}

export class Translator {
  readonly tables: string[][] = [];
  readsInformationSchema = false;
  private readonly sig: Sig[] = [];
  /** Derived tables named so far, for the aliases PostgreSQL needs. */
  private derived = 0;
  /** Aliases to write before the token at an index: Snowflake's names for unaliased select items. */
  private readonly aliasBefore = new Map<number, string>();

  constructor(
    tokens: readonly Token[],
    private readonly ctx: TranslateContext,
  ) {
    let pending: Token[] = [];
    for (const token of tokens) {
      if (token.kind === 'space' || token.kind === 'comment') {
        pending.push(token);
        continue;
      }
      this.sig.push({ ...token, gap: gapText(pending) });
      pending = [];
    }
  }

  get length(): number {
    return this.sig.length;
  }

  /**
   * Name the unaliased expressions of the statement's top-level select list as Snowflake does: by their text,
   * unquoted words upper-cased (`count(*)` is `COUNT(*)`, `current_user()` is `CURRENT_USER()`). Plain column
   * references keep the column's name, as in both engines.
   */
  nameSelectItems(): void {
    let depth = 0;
    let select = -1;
    for (let i = 0; i < this.sig.length; i++) {
      const token = this.sig[i];
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')')) depth--;
      else if (depth === 0 && isWord(token, 'SELECT')) {
        select = i;
        break;
      }
    }
    if (select === -1) return;
    let start = select + 1;
    while (isWord(this.sig[start], 'DISTINCT') || isWord(this.sig[start], 'ALL')) start++;
    if (isWord(this.sig[start], 'TOP') && this.sig[start + 1]?.kind === 'number') start += 2;
    const items: Array<[number, number]> = [];
    depth = 0;
    let from = start;
    let end = this.sig.length;
    for (let i = start; i < this.sig.length; i++) {
      const token = this.sig[i];
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')')) depth--;
      else if (depth === 0 && isPunct(token, ',')) {
        items.push([from, i]);
        from = i + 1;
      } else if (
        depth === 0 &&
        token?.kind === 'word' &&
        (token.value === 'FROM' || token.value === 'INTO' || FROM_LIST_END.has(token.value))
      ) {
        end = i;
        break;
      }
    }
    items.push([from, end]);
    for (const [a, b] of items) {
      const alias = this.snowflakeName(a, b);
      if (alias !== undefined) this.aliasBefore.set(b, alias);
    }
  }

  /** The Snowflake column name of an unaliased item [a, b), or undefined when it needs none. */
  private snowflakeName(a: number, b: number): string | undefined {
    if (b <= a) return undefined;
    const last = this.sig[b - 1] as Sig;
    const beforeLast = this.sig[b - 2];
    if (isWord(beforeLast, 'AS') || isPunct(last, '*')) return undefined;
    // `expr alias`: a name right after the end of an expression.
    const endsExpression =
      beforeLast !== undefined &&
      !isPunct(beforeLast, '.') &&
      (beforeLast.kind === 'number' ||
        beforeLast.kind === 'string' ||
        isPunct(beforeLast, ')') ||
        (isName(beforeLast) && !OPERATOR_WORDS.has(beforeLast.value)));
    if (b - a >= 2 && isName(last) && !VALUE_WORDS.has(last.value) && endsExpression) return undefined;
    // A column reference (`c`, `t.c`): named by the column in both engines.
    let plain = isName(this.sig[a]);
    for (let i = a + 1; plain && i < b; i += 2) plain = isPunct(this.sig[i], '.') && isName(this.sig[i + 1]);
    if (plain) return undefined;
    const text = this.sig
      .slice(a, b)
      .map(
        (token, k) =>
          `${k > 0 && token.gap !== '' ? ' ' : ''}${token.kind === 'word' ? token.value : token.text}`,
      )
      .join('');
    return Buffer.byteLength(text) <= 63 ? text : undefined;
  }

  token(index: number): Sig | undefined {
    return this.sig[index];
  }

  private compat(name: string): string {
    return `${this.ctx.compat}.${name}`;
  }

  private close(open: number, end: number): number {
    const close = closingParen(this.sig, open);
    if (close === -1 || close >= end)
      throw new SqlSyntaxError("unexpected end of statement: missing ')'", this.at(open));
    return close;
  }

  private at(index: number): number {
    return this.sig[index]?.start ?? 0;
  }

  /** Top-level comma-separated ranges inside `(`…`)`. */
  private args(open: number, close: number): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    let depth = 0;
    let from = open + 1;
    for (let i = open + 1; i < close; i++) {
      const token = this.sig[i];
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')')) depth--;
      else if (depth === 0 && isPunct(token, ',')) {
        ranges.push([from, i]);
        from = i + 1;
      }
    }
    if (from < close || ranges.length > 0) ranges.push([from, close]);
    return ranges;
  }

  /** The index of the last top-level `AS` in a range, or -1. */
  private topLevelAs(from: number, to: number): number {
    let depth = 0;
    let found = -1;
    for (let i = from; i < to; i++) {
      const token = this.sig[i];
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')')) depth--;
      else if (depth === 0 && isWord(token, 'AS')) found = i;
    }
    return found;
  }

  /** A Snowflake type name at `from` → PostgreSQL's, and the index after it. */
  type(from: number, to: number): { text: string; next: number } {
    const first = this.sig[from];
    if (!first || !isName(first)) throw new SqlSyntaxError('expected a type name', this.at(from));
    let i = from + 1;
    let name = first.value.toUpperCase();
    const words = (...expected: string[]) => expected.every((word, k) => isWord(this.sig[i + k], word));
    if (name === 'DOUBLE' && words('PRECISION')) i++;
    else if ((name === 'CHAR' || name === 'CHARACTER' || name === 'NCHAR') && words('VARYING')) {
      name = 'VARCHAR';
      i++;
    } else if (name === 'TIMESTAMP' && words('WITH', 'LOCAL', 'TIME', 'ZONE')) {
      name = 'TIMESTAMP_LTZ';
      i += 4;
    } else if (name === 'TIMESTAMP' && words('WITH', 'TIME', 'ZONE')) {
      name = 'TIMESTAMP_TZ';
      i += 3;
    } else if (name === 'TIMESTAMP' && words('WITHOUT', 'TIME', 'ZONE')) {
      name = 'TIMESTAMP_NTZ';
      i += 3;
    }
    let args: string[] = [];
    if (isPunct(this.sig[i], '(') && i < to) {
      const close = this.close(i, to + 1);
      args = this.args(i, close).map(([a, b]) => this.range(a, b).trim());
      i = close + 1;
    }
    return { text: `${first.gap}${postgresType(name, args, this.ctx.compat)}`, next: i };
  }

  /** Translate significant tokens [from, to). */
  range(from: number, to: number): string {
    let out = '';
    let expectTable = false;
    let inFromList = false;
    let i = from;
    while (i < to) {
      const alias = this.aliasBefore.get(i);
      if (alias !== undefined) out += ` AS ${pgIdentifier(alias)}`;
      const token = this.sig[i] as Sig;
      const next = this.sig[i + 1];
      if (token.kind === 'word') {
        const word = token.value;
        if (expectTable && ['IF', 'NOT', 'EXISTS', 'ONLY', 'LATERAL'].includes(word)) {
          out += token.gap + token.text;
          i++;
          continue;
        }
        if (TABLE_KEYWORDS.has(word)) {
          expectTable = true;
          inFromList = word === 'FROM';
          out += token.gap + token.text;
          i++;
          continue;
        }
        if (FROM_LIST_END.has(word)) inFromList = false;
        if (i + 1 < to && isPunct(next, '(') && !isPunct(this.sig[i - 1], '.')) {
          const call = this.call(i, to);
          if (call) {
            out += call.text;
            i = call.next;
            expectTable = false;
            continue;
          }
        }
        if ((word === 'RLIKE' || word === 'REGEXP') && !isPunct(next, '(')) {
          out += ` OPERATOR(${this.compat('#~')})`;
          i++;
          continue;
        }
        if (
          word === 'NOT' &&
          (isWord(next, 'RLIKE') || isWord(next, 'REGEXP')) &&
          !isPunct(this.sig[i + 2], '(')
        ) {
          out += ` OPERATOR(${this.compat('!#~')})`;
          i += 2;
          continue;
        }
      }
      if (isName(token)) {
        const chain = this.chain(i, to, expectTable);
        out += chain.text;
        i = chain.next;
        expectTable = false;
        continue;
      }
      if (token.kind === 'string') {
        out += token.gap + pgString(token.value);
        i++;
        continue;
      }
      if (isPunct(token, '::')) {
        const type = this.type(i + 1, to);
        out += token.gap + token.text + type.text;
        i = type.next;
        continue;
      }
      if (expectTable && isPunct(token, '(') && (isWord(next, 'SELECT') || isWord(next, 'WITH'))) {
        // A derived table: PostgreSQL before 16 insists on an alias, Snowflake does not.
        const close = this.close(i, to);
        out += `${token.gap}(${this.range(i + 1, close)}${this.sig[close]?.gap ?? ''})`;
        const after = close + 1 < to ? this.sig[close + 1] : undefined;
        const aliased =
          isWord(after, 'AS') ||
          after?.kind === 'quoted' ||
          (after?.kind === 'word' && !CLAUSE_WORDS.has(after.value));
        if (!aliased) out += ` AS sf_derived_${++this.derived}`;
        i = close + 1;
        expectTable = false;
        continue;
      }
      if (isPunct(token, ',') && inFromList) expectTable = true;
      else if (token.kind === 'punct') expectTable = false;
      out += token.gap + token.text;
      i++;
    }
    const alias = this.aliasBefore.get(to);
    if (alias !== undefined) out += ` AS ${pgIdentifier(alias)}`;
    return out;
  }

  /** A dotted name from `from`: database part dropped, INFORMATION_SCHEMA mapped, quoted parts case-swapped. */
  private chain(from: number, to: number, isTable: boolean): { text: string; next: number } {
    const parts: Sig[] = [this.sig[from] as Sig];
    let i = from + 1;
    while (i + 1 < to && isPunct(this.sig[i], '.') && isName(this.sig[i + 1])) {
      parts.push(this.sig[i + 1] as Sig);
      i += 2;
    }
    const gap = parts[0]?.gap ?? '';
    const names = parts.map((part) => part.value);
    let kept = parts;
    if (parts.length >= 3 && names[0] === this.ctx.database) kept = parts.slice(1);
    const keptNames = kept.map((part) => part.value);
    if (keptNames.length === 2 && keptNames[0] === 'INFORMATION_SCHEMA') {
      const view =
        INFORMATION_SCHEMA_VIEWS[keptNames[1] as string] ?? `sf_${(keptNames[1] as string).toLowerCase()}`;
      this.readsInformationSchema = true;
      return { text: `${gap}${this.compat(view)}`, next: i };
    }
    if (isTable) this.tables.push(keptNames);
    const text = kept
      .map((part) => (part.kind === 'quoted' ? pgIdentifier(part.value) : part.text))
      .join('.');
    return { text: gap + text, next: i };
  }

  /** A function call at `index` (a word followed by `(`) that needs rewriting, or undefined. */
  private call(index: number, to: number): { text: string; next: number } | undefined {
    const token = this.sig[index] as Sig;
    const name = token.value;
    const open = index + 1;
    const session = SESSION_FUNCTIONS[name];
    if (session && isPunct(this.sig[open + 1], ')')) {
      const value = session(this.ctx.session);
      return {
        text: `${token.gap}CAST(${value === null ? 'NULL' : pgString(value)} AS TEXT)`,
        next: open + 2,
      };
    }
    if (DATETIME_KEYWORDS.has(name) && isPunct(this.sig[open + 1], ')')) {
      return { text: token.gap + token.text, next: open + 2 };
    }
    const close = this.close(open, to);
    if (name === 'CAST' || name === 'TRY_CAST') {
      const as = this.topLevelAs(open + 1, close);
      if (as === -1) throw new SqlSyntaxError(`${name} needs AS and a type`, token.start);
      const expr = this.range(open + 1, as);
      const type = this.type(as + 1, close);
      if (type.next !== close)
        throw new SqlSyntaxError(`unexpected '${this.sig[type.next]?.text}'`, this.at(type.next));
      const text =
        name === 'CAST'
          ? `${token.gap}CAST(${expr} AS${type.text})`
          : `${token.gap}${this.compat('try_cast_text')}((${expr})::text, NULL::${type.text.trim()})`;
      return { text, next: close + 1 };
    }
    const compatName = COMPAT_FUNCTIONS[name];
    if (DATE_PART_FUNCTIONS.has(name)) {
      const [first, ...rest] = this.args(open, close);
      const part = first ? this.sig[first[0]] : undefined;
      if (!first || first[1] !== first[0] + 1 || !part || !(part.kind === 'word' || part.kind === 'string')) {
        throw new SqlSyntaxError(`${name} needs a date or time part as its first argument`, token.start);
      }
      const unit = pgString(dateUnit(part.value));
      const others = rest.map(([a, b]) => this.range(a, b));
      const callee = compatName ? this.compat(compatName) : token.text;
      return { text: `${token.gap}${callee}(${[unit, ...others].join(',')})`, next: close + 1 };
    }
    if (!compatName) return undefined;
    const args = this.args(open, close);
    const rendered = args.map(([a, b], k) => {
      const only = this.sig[a];
      if (k === 1 && FORMAT_FUNCTIONS.has(name) && b === a + 1 && only?.kind === 'string') {
        return `${only.gap}${pgString(snowflakeFormatToPostgres(only.value))}`;
      }
      return this.range(a, b);
    });
    return { text: `${token.gap}${this.compat(compatName)}(${rendered.join(',')})`, next: close + 1 };
  }
}

/** Translate one statement's tokens (a statement: no top-level `;`). */
export function translate(tokens: readonly Token[], ctx: TranslateContext): Translation {
  const translator = new Translator(tokens, ctx);
  translator.nameSelectItems();
  const sql = translator.range(0, translator.length);
  return {
    sql: sql.trim(),
    tables: translator.tables,
    readsInformationSchema: translator.readsInformationSchema,
  };
}
