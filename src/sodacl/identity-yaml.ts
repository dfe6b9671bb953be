/**
 * The configuration text Soda Core hashes into a check's identity (`Check.create_identity`): the check's
 * configuration minus `name`, `samples limit`, `identity` and `attributes`, sorted by key into an OrderedDict and
 * dumped by ruamel.yaml (round trip, `preserve_quotes`, `indent(mapping=2, sequence=4, offset=2)`, width 80):
 *
 *   !!omap
 *     - fail condition: cst_size < 0
 *     - warn:
 *         when required column missing: [id, email]
 *
 * Soda Cloud keys a check's history by that identity, so the text must be byte-equal to ruamel's, or a check
 * moved from Soda Core to Gatehouse starts a new history. Round trip keeps each node's style (quotes, flow or
 * block collections, `|`/`>` blocks with their line breaks), so this writes the nodes as they stand in the file,
 * with ruamel's line folding past column 80. test/unit/scan/identity.test.ts holds identities computed by
 * Soda Core's own code.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { scalarToString } from './yaml-source.js';

/** Keys Soda leaves out of the identity (it pops them before dumping). */
export const NON_IDENTITY_KEYS: ReadonlySet<string> = new Set([
  'name',
  'samples limit',
  'identity',
  'attributes',
]);

const WIDTH = 80;
const MAPPING_INDENT = 2;
const SEQUENCE_OFFSET = 2;

/** The identity text of a configuration map node; undefined when no key is left (Soda then hashes nothing). */
export function sodaIdentityYaml(configNode: unknown, fileText: string): string | undefined {
  if (!isMap(configNode)) return undefined;
  const pairs = configNode.items
    .filter((pair) => isScalar(pair.key) && !NON_IDENTITY_KEYS.has(scalarToString(pair.key)))
    .map((pair) => ({ key: scalarToString(pair.key as Scalar), pair }))
    // Python's sorted() on str: code-point order.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (pairs.length === 0) return undefined;
  const out = new Writer(fileText);
  out.raw('!!omap');
  for (const { pair } of pairs) {
    // An OrderedDict is a sequence of one-key maps: "- " at the offset, the key at offset + 2.
    out.newline(SEQUENCE_OFFSET);
    out.raw('- ');
    out.key(pair.key);
    out.value(pair as Pair<unknown, unknown>, SEQUENCE_OFFSET + 2);
  }
  return `${out.text}\n`;
}

/** A small subset of ruamel's emitter: the node kinds a check configuration holds. */
class Writer {
  text = '';
  private column = 0;

  constructor(private readonly fileText: string) {}

  raw(data: string): void {
    this.text += data;
    this.column += data.length;
  }

  newline(indent: number): void {
    this.text += `\n${' '.repeat(indent)}`;
    this.column = indent;
  }

  /** The value of a `key:` already written, in a block mapping whose keys stand at `indent`. */
  value(pair: Pair<unknown, unknown>, indent: number): void {
    const node = pair.value as Node | null;
    if (node === null || node === undefined) return;
    if (isMap(node) && !node.flow) {
      for (const inner of node.items) {
        this.newline(indent + MAPPING_INDENT);
        this.key(inner.key);
        this.value(inner as Pair<unknown, unknown>, indent + MAPPING_INDENT);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) {
        this.newline(indent + SEQUENCE_OFFSET);
        this.raw('- ');
        this.sequenceItem(item, indent + SEQUENCE_OFFSET + 2);
      }
    } else {
      this.raw(' ');
      this.inline(node, indent + MAPPING_INDENT);
    }
  }

  private sequenceItem(item: unknown, indent: number): void {
    if (isMap(item) && !item.flow) {
      item.items.forEach((inner, index) => {
        if (index > 0) this.newline(indent);
        this.key(inner.key);
        this.value(inner as Pair<unknown, unknown>, indent);
      });
    } else {
      this.inline(item as Node, indent);
    }
  }

  /** A key in its style as written (preserve_quotes keeps quoted keys quoted); keys are never folded. */
  key(node: unknown): void {
    const text = isScalar(node) ? scalarToString(node) : String(node);
    if (isScalar(node) && node.type === 'QUOTE_DOUBLE') this.doubleQuoted(text, Number.POSITIVE_INFINITY);
    else if (isScalar(node) && node.type === 'QUOTE_SINGLE') this.raw(`'${text.replaceAll("'", "''")}'`);
    else this.raw(text);
    this.raw(':');
  }

  /** A scalar or flow collection after "key: " or "- "; continuation lines go to `indent`. */
  private inline(node: Node, indent: number): void {
    if (isMap(node) || isSeq(node)) {
      const [open, close] = isMap(node) ? ['{', '}'] : ['[', ']'];
      this.raw(open);
      node.items.forEach((item, index) => {
        // ruamel writes the comma, then breaks the line if past the width, else the space before the item.
        if (index > 0) this.raw(',');
        if (this.column > WIDTH) this.newline(indent);
        else if (index > 0) this.raw(' ');
        if (isMap(node)) {
          const pair = item as Pair<unknown, unknown>;
          this.key(pair.key);
          this.raw(' ');
          this.inline(pair.value as Node, indent);
        } else {
          this.inline(item as Node, indent);
        }
      });
      this.raw(close);
      return;
    }
    if (!isScalar(node)) return;
    const value = node.value;
    if (value === null) return;
    if (typeof value !== 'string') {
      this.raw(typeof value === 'boolean' ? String(value) : scalarToString(node));
    } else if (node.type === 'QUOTE_DOUBLE') {
      this.doubleQuoted(value, indent);
    } else if (node.type === 'QUOTE_SINGLE') {
      this.singleQuoted(value, indent);
    } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      this.block(node, value, indent);
    } else {
      this.plain(value, indent);
    }
  }

  /** ruamel's write_plain: a single space after column 80 becomes a line break. */
  private plain(text: string, indent: number): void {
    const words = text.split(/( +)/);
    for (const part of words) {
      if (part === ' ' && this.column > WIDTH) this.newline(indent);
      else this.raw(part);
    }
  }

  /** ruamel's write_single_quoted: like plain, but never at the ends; quotes doubled. */
  private singleQuoted(text: string, indent: number): void {
    this.raw("'");
    const parts = text.split(/( +)/);
    parts.forEach((part, index) => {
      const inside = index > 0 && index < parts.length - 1;
      if (part === ' ' && inside && this.column > WIDTH) this.newline(indent);
      else this.raw(part.replaceAll("'", "''"));
    });
    this.raw("'");
  }

  /** ruamel's write_double_quoted: escapes, and a "\" line continuation where a line would pass column 80. */
  private doubleQuoted(text: string, indent: number): void {
    this.raw('"');
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printable(ch)) {
        if (start < end) this.raw(text.slice(start, end));
        if (ch !== undefined) this.raw(yamlEscape(ch));
        start = end + 1;
      }
      if (
        end > 0 &&
        end < text.length - 1 &&
        (ch === ' ' || start >= end) &&
        this.column + (end - start) > WIDTH
      ) {
        this.raw(`${text.slice(start, end)}\\`);
        if (start < end) start = end;
        this.newline(indent);
        if (text[start] === ' ') this.raw('\\');
      }
    }
    this.raw('"');
  }

  /** `|` and `>` blocks keep their lines as written (ruamel keeps a folded block's line breaks too). */
  private block(node: Scalar, value: string, indent: number): void {
    const chomp = !value.endsWith('\n') ? '-' : value.length === 1 || value.endsWith('\n\n') ? '+' : '';
    this.raw(`${node.type === 'BLOCK_FOLDED' ? '>' : '|'}${chomp}`);
    const [from, to] = node.range ?? [0, 0];
    const lines = this.fileText
      .slice(from, to)
      .split(/\r\n|\r|\n/)
      .slice(1);
    while (lines.length > 0 && (lines.at(-1) as string).trim() === '') lines.pop();
    const margin = Math.min(
      ...lines
        .filter((line) => line.trim() !== '')
        .map((line) => (line.match(/^ */) as RegExpMatchArray)[0].length),
    );
    for (const line of lines) {
      if (line.trim() === '') {
        this.text += '\n';
        this.column = 0;
      } else {
        this.newline(indent);
        this.raw(line.slice(margin));
      }
    }
  }
}

function printable(ch: string): boolean {
  return (
    (ch >= '\x20' && ch <= '\x7e') || (ch >= '\xa0' && ch <= '\ud7ff') || (ch >= '\ue000' && ch <= '\ufffd')
  );
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function yamlEscape(ch: string): string {
  const named = ESCAPES[ch];
  if (named !== undefined) return `\\${named}`;
  const code = ch.codePointAt(0) as number;
  if (code <= 0xff) return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
}
