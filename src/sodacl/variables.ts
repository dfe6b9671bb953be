/**
 * `${NAME}` substitution, as Soda's Jinja step does it, but keeping a map from the resolved text back to the
 * text as written so that errors in resolved text still point at the right column.
 */

export type VariableLookup = (name: string) => string | undefined;

/** Where variable values come from, highest precedence first: environment, then `-v` options, then files. */
export class VariableScope {
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly options: Record<string, string>,
    private readonly files: Record<string, string>,
  ) {}

  readonly lookup: VariableLookup = (name) => {
    if (Object.hasOwn(this.env, name) && this.env[name] !== undefined) return this.env[name];
    if (Object.hasOwn(this.options, name)) return this.options[name];
    if (Object.hasOwn(this.files, name)) return this.files[name];
    return undefined;
  };
}

interface Segment {
  resolvedStart: number;
  originalStart: number;
  originalEnd: number;
  /** Set when the segment is the value of `${variable}`. */
  variable?: string;
}

/** Resolved text that still knows which characters came from where. */
export class ResolvedText {
  constructor(
    readonly original: string,
    readonly text: string,
    private readonly segments: Segment[],
  ) {}

  /** Index in the original text of the character at `index` of the resolved text (a variable's `$` for its value). */
  originalIndex(index: number): number {
    if (index >= this.text.length) return this.original.length;
    const segment = this.segmentAt(index);
    if (!segment) return this.original.length;
    if (segment.variable !== undefined) return segment.originalStart;
    return segment.originalStart + (index - segment.resolvedStart);
  }

  /** The variables whose values cover any character of `[start, end)` of the resolved text. */
  variablesIn(start: number, end: number): string[] {
    const names = new Set<string>();
    for (let i = start; i < Math.max(end, start + 1); i++) {
      const variable = this.segmentAt(i)?.variable;
      if (variable !== undefined) names.add(variable);
    }
    return [...names];
  }

  get usesVariables(): boolean {
    return this.segments.some((s) => s.variable !== undefined);
  }

  private segmentAt(index: number): Segment | undefined {
    let found: Segment | undefined;
    for (const segment of this.segments) {
      if (segment.resolvedStart <= index) found = segment;
      else break;
    }
    return found;
  }
}

export interface VariableProblem {
  /** Index in the original text. */
  index: number;
  message: string;
}

/** A scan variable's name, as `${NAME}` references and `variables:` sections write it. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaces every `${NAME}` in `text`; undefined names and malformed references are problems, never empty strings. */
export function resolveVariables(
  text: string,
  lookup: VariableLookup,
): { resolved: ResolvedText; problems: VariableProblem[] } {
  const segments: Segment[] = [];
  const problems: VariableProblem[] = [];
  let output = '';
  let position = 0;
  const pushLiteral = (end: number) => {
    if (end <= position) return;
    segments.push({ resolvedStart: output.length, originalStart: position, originalEnd: end });
    output += text.slice(position, end);
  };
  while (position < text.length) {
    const start = text.indexOf('${', position);
    if (start < 0) break;
    pushLiteral(start);
    const close = text.indexOf('}', start + 2);
    if (close < 0) {
      problems.push({ index: start, message: `Unterminated variable reference: "$\{" has no closing "}"` });
      position = start;
      break;
    }
    const expression = text.slice(start + 2, close).trim();
    const reference = text.slice(start, close + 1);
    if (!VARIABLE_NAME.test(expression)) {
      problems.push({
        index: start,
        message: `Unsupported variable reference "${reference}": only \${NAME} with a plain name is supported`,
      });
    } else {
      const value = lookup(expression);
      if (value === undefined) {
        problems.push({
          index: start,
          message: `Variable "${expression}" is not defined (set it in the environment, with -v ${expression}=…, or in a variables: section)`,
        });
      } else {
        segments.push({
          resolvedStart: output.length,
          originalStart: start,
          originalEnd: close + 1,
          variable: expression,
        });
        output += value;
      }
    }
    position = close + 1;
  }
  pushLiteral(text.length);
  return { resolved: new ResolvedText(text, output, segments), problems };
}

/** Resolves the file `variables:` values against each other (and the higher-precedence sources), detecting cycles. */
export function resolveFileVariables(
  declared: Record<string, string>,
  higher: VariableLookup,
): { values: Record<string, string>; problems: Map<string, string[]> } {
  const values: Record<string, string> = {};
  const problems = new Map<string, string[]>();
  const resolving = new Set<string>();
  const resolveOne = (name: string): string | undefined => {
    if (Object.hasOwn(values, name)) return values[name];
    const raw = declared[name];
    if (raw === undefined) return undefined;
    if (resolving.has(name)) {
      problems.set(name, [`Variable "${name}" refers to itself through \${…}`]);
      return undefined;
    }
    resolving.add(name);
    const { resolved, problems: found } = resolveVariables(
      raw,
      (other) => higher(other) ?? resolveOne(other),
    );
    resolving.delete(name);
    if (found.length > 0) {
      if (!problems.has(name))
        problems.set(
          name,
          found.map((p) => p.message),
        );
      return undefined;
    }
    values[name] = resolved.text;
    return resolved.text;
  };
  for (const name of Object.keys(declared)) resolveOne(name);
  return { values, problems };
}
