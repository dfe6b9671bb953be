import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { DiagnosticSink } from './diagnostics.js';
import type { SourceLocation } from './model.js';

/** One check file parsed into YAML nodes that keep their offsets, so every later error can name a line and column. */
export class YamlSource {
  /** Offsets where lines start. Computed here rather than by yaml's LineCounter, which misses lines after some errors. */
  private readonly lineStarts: number[];

  private constructor(
    readonly filePath: string,
    readonly text: string,
    readonly root: Node | null,
  ) {
    this.lineStarts = [0];
    // YAML line breaks: CR LF, CR or LF.
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\r' && text[i + 1] === '\n') i++;
      if (char === '\n' || char === '\r') this.lineStarts.push(i + 1);
    }
  }

  /** Parses `text`; YAML errors (syntax, duplicate keys, several documents) go to `sink` and give `root: null`. */
  static parse(filePath: string, text: string, sink: DiagnosticSink): YamlSource {
    // merge: `<<: *anchor` is a merge key, as in Soda's ruamel.yaml (YAML 1.1); a quoted "<<" stays a plain key.
    const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: true });
    const source = new YamlSource(filePath, text, null);
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        sink.error(
          `Invalid YAML: ${yamlErrorMessage(error.code, error.message)}`,
          source.locate(error.pos[0]),
        );
      }
      return source;
    }
    const mergeErrors: Node[] = [];
    const root = document.contents === null ? null : resolveAliases(document.contents, document, mergeErrors);
    for (const value of mergeErrors) {
      sink.error(
        'Invalid YAML: a merge key "<<" takes a map or an alias of one (<<: *defaults), or a list of them ' +
          '(<<: [*a, *b]); quote it ("<<") to use it as a plain key',
        source.locate(value.range?.[0] ?? 0),
      );
    }
    return new YamlSource(filePath, text, mergeErrors.length > 0 ? null : root);
  }

  /** The 1-based line and column of a character offset, clamped into the file. */
  locate(offset: number): SourceLocation {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= clamped) low = middle;
      else high = middle - 1;
    }
    const col = clamped - (this.lineStarts[low] as number) + 1;
    return { filePath: this.filePath, line: low + 1, col };
  }

  locateNode(node: Node | null | undefined): SourceLocation {
    return this.locate(node?.range?.[0] ?? 0);
  }

  /** A scalar's text with a way back from a character index in its value to a place in the file. */
  scalarText(node: Scalar): ScalarText {
    const value = scalarToString(node);
    const start = node.range?.[0] ?? 0;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const base = quoted ? start + 1 : start;
    return {
      value,
      start: this.locate(start),
      locate: (index: number) => {
        // Exact only where the value is a verbatim copy of the file (no escapes, folds or block indicators).
        const safeIndex = Math.max(0, Math.min(index, value.length));
        const verbatim = this.text.slice(base, base + safeIndex) === value.slice(0, safeIndex);
        return this.locate(verbatim ? base + safeIndex : start);
      },
    };
  }
}

/** Text of a scalar and the file location of any character in it. */
export interface ScalarText {
  value: string;
  start: SourceLocation;
  locate(index: number): SourceLocation;
}

export function scalarToString(node: Scalar): string {
  const value: unknown = node.value;
  if (typeof value === 'string') return value;
  // Keys like `123:` are numbers to YAML but text to us; keep them as written.
  if (typeof node.source === 'string') return node.source;
  return String(value);
}

function yamlErrorMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key (each key may appear only once in a map)';
  if (code === 'MULTIPLE_DOCS') return 'a check file must hold a single YAML document (no `---` separators)';
  if (code === 'MULTILINE_IMPLICIT_KEY')
    return 'a key must fit on one line; for a check with configuration, end the check line with ":" and indent its keys under it (- row_count > 0:)';
  return message.split('\n')[0] ?? message;
}

/**
 * Replaces alias nodes by the nodes they point to and expands merge keys, so the walkers never meet either.
 * Merge values that are not maps are collected in `mergeErrors`.
 */
function resolveAliases(node: Node, document: Document, mergeErrors: Node[], depth = 0): Node {
  // The depth guard stops on self-referencing anchors, which YAML permits but data cannot hold.
  if (depth > 64) return node;
  if (isAlias(node)) {
    const target = node.resolve(document);
    return target ? resolveAliases(target as Node, document, mergeErrors, depth + 1) : node;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isNodeLike(pair.value)) pair.value = resolveAliases(pair.value, document, mergeErrors, depth + 1);
    }
    if (node.items.some(isMergePair)) node.items = expandMergeKeys(node.items, mergeErrors);
  } else if (isSeq(node)) {
    node.items = node.items.map((item) =>
      isNodeLike(item) ? resolveAliases(item, document, mergeErrors, depth + 1) : item,
    );
  }
  return node;
}

function isMergePair(pair: Pair<unknown, unknown>): boolean {
  // With `merge: true` the yaml library gives an unquoted `<<` key a symbol value.
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/**
 * YAML 1.1 merge: the map's own keys win over merged ones, and an earlier merge source wins over a later one.
 * Merged pairs keep their nodes, so errors in them point at the anchored map.
 */
function expandMergeKeys(items: Pair<unknown, unknown>[], mergeErrors: Node[]): Pair<unknown, unknown>[] {
  const keyOf = (pair: Pair<unknown, unknown>) => (isScalar(pair.key) ? scalarToString(pair.key) : undefined);
  const taken = new Set(items.filter((pair) => !isMergePair(pair)).map(keyOf));
  const result: Pair<unknown, unknown>[] = [];
  for (const pair of items) {
    if (!isMergePair(pair)) {
      result.push(pair);
      continue;
    }
    const value = pair.value as Node | null;
    const sources = isSeq(value) ? value.items : [value];
    if (value === null || !sources.every((source) => isMap(source))) {
      mergeErrors.push((value ?? pair.key) as Node);
      continue;
    }
    for (const source of sources as YAMLMap<unknown, unknown>[]) {
      for (const merged of source.items) {
        const key = keyOf(merged);
        if (taken.has(key)) continue;
        taken.add(key);
        result.push(merged);
      }
    }
  }
  return result;
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !isPair(value);
}

/** Plain JavaScript value of a node (for `configuration` as written); depth-limited against anchor cycles. */
export function toPlain(node: unknown, depth = 0): unknown {
  if (depth > 32) return null;
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? scalarToString(pair.key) : String(toPlain(pair.key, depth + 1));
      // defineProperty, not assignment: a key named "__proto__" must stay a plain key.
      Object.defineProperty(result, key, {
        value: toPlain(pair.value, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, depth + 1));
  return node ?? null;
}

export { isMap, isScalar, isSeq };
