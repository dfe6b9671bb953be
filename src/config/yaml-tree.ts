/**
 * YAML → plain values, remembering where each value stood so that validation errors can name file, line and
 * column. `${VAR}` references in string scalars are resolved here, after parsing, so a substituted value can
 * never change the YAML structure or shift positions.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceLocation } from '../sodacl/model.js';
import { parseConfigYaml } from './document.js';
import { ConfigError } from './errors.js';
import { hasVariableReference, howToSet, substituteVariables, type VariableSource } from './variables.js';

/** A scalar as the file spells it, before `${VAR}` substitution. */
export interface RawScalar {
  /** The value is written in the file itself: no `${VAR}` reference, and not empty or null. */
  literal: boolean;
  /** Where the value (not its key) starts. */
  location: SourceLocation;
}

export interface YamlTree {
  value: unknown;
  /** Location of the value (or key, for map entries) at a path such as `data_source pg.port`. */
  locate(path: ReadonlyArray<string | number>): SourceLocation | undefined;
  /** The scalar at a path, as written; undefined when there is none (absent, a map, a list). */
  scalar(path: ReadonlyArray<string | number>): RawScalar | undefined;
}

export function parseYamlTree(
  filePath: string,
  text: string,
  env: VariableSource,
  variables?: VariableSource,
  /** Whether the `${VAR}`s under a top-level key are resolved (default: all); others stay as written. */
  resolvesUnder: (topLevelKey: string) => boolean = () => true,
): YamlTree {
  const { doc, at } = parseConfigYaml(filePath, text);
  const positions = new Map<string, SourceLocation>();
  const scalars = new Map<string, RawScalar>();
  const key = (path: ReadonlyArray<string | number>) => JSON.stringify(path);

  const convert = (node: unknown, path: Array<string | number>, resolves: boolean): unknown => {
    const range = (node as Node | null)?.range;
    if (range && !positions.has(key(path))) positions.set(key(path), at(range[0]));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
        const keyRange = (pair.key as Node | null)?.range;
        if (keyRange) positions.set(key([...path, name]), at(keyRange[0]));
        out[name] = convert(pair.value, [...path, name], path.length === 0 ? resolvesUnder(name) : resolves);
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item, index) => convert(item, [...path, index], resolves));
    if (isScalar(node)) {
      if (range) scalars.set(key(path), { literal: isLiteral(node.value), location: at(range[0]) });
      if (typeof node.value !== 'string' || !resolves) return node.value;
      const { text: resolved, missing } = substituteVariables(node.value, env, variables);
      if (missing.length > 0) {
        throw new ConfigError(
          `Variable \${${missing[0]}} is not set. ${howToSet(missing[0] ?? '')}`,
          range ? at(range[0]) : positions.get(key(path)),
        );
      }
      return resolved;
    }
    return node == null ? null : (node as { toJSON(): unknown }).toJSON();
  };

  const value = convert(doc.contents, [], true);
  return {
    value,
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const found = positions.get(key(path.slice(0, n)));
        if (found) return found;
      }
      return undefined;
    },
    scalar: (path) => scalars.get(key(path)),
  };
}

/** Written in the file: a number, or text without a `${VAR}` reference. */
function isLiteral(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && !hasVariableReference(value);
  return typeof value === 'number' || typeof value === 'boolean';
}
