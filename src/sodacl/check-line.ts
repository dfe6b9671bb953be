import { describeToken, type Token, TokenStream, tokenize } from './line-tokens.js';
import { describeArity, type MetricArity } from './metrics.js';
import type { Identifier, MetricRef } from './model.js';
import { type LineProblem, parseThreshold, type Threshold } from './threshold.js';
import type { ResolvedText } from './variables.js';

export type Argument =
  | { kind: 'column'; identifier: Identifier; token: Token }
  | { kind: 'number'; value: number; token: Token };

/** `name(args…)` at the start of a check line; `stream` stands after it. */
export interface MetricCall {
  nameToken: Token;
  args: Argument[];
  /** Whether the name was followed by parentheses (even empty ones). */
  open: boolean;
  stream: TokenStream;
}

export type Failure = { ok: false; problem: LineProblem };

/**
 * Grammar (after `${VAR}` resolution):
 *   call      := NAME ( '(' argument ( ',' argument )* ')' )?
 *   argument  := NAME | QUOTED | ('+'|'-')? NUMBER
 */
export function parseMetricCall(resolved: ResolvedText): { ok: true; call: MetricCall } | Failure {
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
  const open = stream.accept('(') !== undefined;
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
  return { ok: true, call: { nameToken, args, open, stream } };
}

/** The optional numeric threshold after a metric call, up to the end of the line. */
export function parseLineThreshold(
  stream: TokenStream,
  resolved: ResolvedText,
): { ok: true; threshold?: Threshold; index?: number } | Failure {
  if (stream.atEnd()) return { ok: true };
  const index = stream.peek().start;
  const threshold = parseThreshold(stream, resolved);
  if (!threshold.ok) return threshold;
  if (!stream.atEnd())
    return problem(`Unexpected ${describeToken(stream.peek())} after the threshold`, stream.peek());
  return { ok: true, threshold: threshold.threshold, index };
}

function parseArgument(stream: TokenStream): Argument | Failure {
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

/** A built-in metric's reference from its call, checking the arguments against its arity. */
export function buildMetric(
  name: MetricRef['name'],
  arity: MetricArity,
  call: MetricCall,
): MetricRef | Failure {
  const { args, nameToken, open } = call;
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

/** Column arguments only (duplicate_count(a, b), …): every argument must be a name. */
export function columnArguments(call: MetricCall, usage: string): Identifier[] | Failure {
  if (call.args.length === 0) return problem(usage, call.nameToken);
  const columns: Identifier[] = [];
  for (const argument of call.args) {
    if (argument.kind !== 'column')
      return problem(`${usage}; ${argument.value} is not a column`, argument.token);
    columns.push(argument.identifier);
  }
  return columns;
}

export function problem(message: string, token: Token): Failure {
  return { ok: false, problem: { message, index: token.start } };
}
