import { isUserDefinedMetric, unsupportedLineKind } from './check-kinds.js';
import { describeToken, type Token, TokenStream, tokenize } from './line-tokens.js';
import { describeArity, METRIC_NAMES, metricSpec } from './metrics.js';
import type { Identifier, MetricRef } from './model.js';
import { didYouMean } from './suggest.js';
import { type LineProblem, parseThreshold, type Threshold } from './threshold.js';
import type { ResolvedText } from './variables.js';

/** A parsed metric check line: `metric(args) threshold?`. */
export interface CheckLine {
  metric: MetricRef;
  threshold?: Threshold;
  /** Index of the threshold's first character, for errors about it. */
  thresholdIndex?: number;
}

export type CheckLineResult =
  | { ok: true; line: CheckLine }
  | { ok: false; problem: LineProblem }
  | { ok: false; unsupported: string; index: number };

type Argument =
  | { kind: 'column'; identifier: Identifier; token: Token }
  | { kind: 'number'; value: number; token: Token };

/**
 * Grammar (after `${VAR}` resolution):
 *   line      := metric threshold? END
 *   metric    := NAME ( '(' argument ( ',' argument )* ')' )?
 *   argument  := NAME | QUOTED | ('+'|'-')? NUMBER
 *   threshold := see threshold.ts
 * `configKeys` are the check's own keys: they tell a user-defined metric from a misspelt one.
 */
export function parseCheckLine(resolved: ResolvedText, configKeys: readonly string[]): CheckLineResult {
  const kind = unsupportedLineKind(resolved.text);
  if (kind) return { ok: false, unsupported: kind.feature, index: firstNonSpace(resolved.text) };
  const stream = new TokenStream(tokenize(resolved.text));
  const nameToken = stream.next();
  if (nameToken.kind !== 'name')
    return problem(`Expected a metric name but found ${describeToken(nameToken)}`, nameToken);
  if (nameToken.text.startsWith('$')) {
    return problem(
      `Metric names beginning with "$" (check templates) are not supported: "${nameToken.text}"`,
      nameToken,
    );
  }
  const spec = metricSpec(nameToken.text);
  if (!spec) {
    if (isUserDefinedMetric(nameToken.text, configKeys)) {
      return { ok: false, unsupported: 'User-defined metrics', index: nameToken.start };
    }
    return problem(
      `Unknown metric "${nameToken.text}".${didYouMean(nameToken.text, METRIC_NAMES)}`,
      nameToken,
    );
  }

  const open = stream.accept('(');
  const args: Argument[] = [];
  if (open) {
    for (;;) {
      const argument = parseArgument(stream);
      if (!('kind' in argument)) return argument;
      args.push(argument);
      if (stream.accept(',')) continue;
      if (stream.accept(')')) break;
      return problem(`Expected "," or ")" but found ${describeToken(stream.peek())}`, stream.peek());
    }
  }

  const metric = buildMetric(spec.name, spec.arity, args, nameToken, open !== undefined);
  if (!('name' in metric)) return metric;

  if (stream.atEnd()) return { ok: true, line: { metric } };
  const thresholdIndex = stream.peek().start;
  const threshold = parseThreshold(stream, resolved);
  if (!threshold.ok) return threshold;
  if (!stream.atEnd())
    return problem(`Unexpected ${describeToken(stream.peek())} after the threshold`, stream.peek());
  return { ok: true, line: { metric, threshold: threshold.threshold, thresholdIndex } };
}

function parseArgument(stream: TokenStream): Argument | { ok: false; problem: LineProblem } {
  const token = stream.peek();
  if (token.kind === 'name') {
    stream.next();
    return { kind: 'column', identifier: { name: token.text, quoted: false }, token };
  }
  if (token.kind === 'quoted') {
    stream.next();
    const name = token.text.slice(1, -1);
    if (name.trim() === '') return problem('A quoted column name must not be empty', token);
    return { kind: 'column', identifier: { name, quoted: true }, token };
  }
  const sign = stream.accept('-') ?? stream.accept('+');
  const number = stream.peek();
  if (number.kind === 'number') {
    stream.next();
    const magnitude = Number(number.text);
    return { kind: 'number', value: sign?.text === '-' ? -magnitude : magnitude, token: sign ?? number };
  }
  return problem(`Expected a column name or a number but found ${describeToken(token)}`, token);
}

function buildMetric(
  name: MetricRef['name'],
  arity: 'none' | 'column' | 'column-and-fraction',
  args: Argument[],
  nameToken: Token,
  open: boolean,
): MetricRef | { ok: false; problem: LineProblem } {
  const usage = describeArity({ name, arity });
  if (arity === 'none') {
    if (args.length > 0 || open) return problem(usage, args[0]?.token ?? nameToken);
    return { name, args: [] };
  }
  const [column, ...rest] = args;
  if (!column) return problem(usage, nameToken);
  if (column.kind !== 'column')
    return problem(`${usage}; found the number ${column.value} first`, column.token);
  if (arity === 'column') {
    if (rest.length > 0) return problem(usage, rest[0]?.token ?? nameToken);
    return { name, column: column.identifier, args: [] };
  }
  const [fraction, ...extra] = rest;
  if (!fraction) return problem(usage, nameToken);
  if (fraction.kind !== 'number')
    return problem(`${usage}; "${fraction.identifier.name}" is not a number`, fraction.token);
  if (fraction.value < 0 || fraction.value > 1) {
    return problem(
      `The percentile fraction must be between 0 and 1, found ${fraction.value}`,
      fraction.token,
    );
  }
  if (extra.length > 0) return problem(usage, extra[0]?.token ?? nameToken);
  return { name, column: column.identifier, args: [fraction.value] };
}

function problem(message: string, token: Token): { ok: false; problem: LineProblem } {
  return { ok: false, problem: { message, index: token.start } };
}

function firstNonSpace(text: string): number {
  const index = text.search(/\S/);
  return Math.max(index, 0);
}
