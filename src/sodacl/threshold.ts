import { describeToken, type Token, TokenStream, tokenize } from './line-tokens.js';
import type { Zone } from './model.js';
import type { ResolvedText } from './variables.js';

export type Comparator = '<' | '<=' | '=' | '>=' | '>' | '!=' | '<>';

/** A threshold as written: the set of values it accepts. */
export type Threshold =
  | { kind: 'comparator'; comparator: Comparator; value: number }
  | {
      kind: 'between';
      negated: boolean;
      lower: number;
      lowerInclusive: boolean;
      upper: number;
      upperInclusive: boolean;
    };

/** A problem at an index of the tokenized (resolved) text. */
export interface LineProblem {
  message: string;
  index: number;
}

export type ThresholdResult = { ok: true; threshold: Threshold } | { ok: false; problem: LineProblem };

const COMPARATOR_FORMS = '< <= = >= > != <>';
export const THRESHOLD_FORMS = `${COMPARATOR_FORMS.split(' ').join(', ')}, between A and B, not between A and B`;

/**
 * Parses a threshold from the stream: `> 5`, `= 0`, `between (1 and 10]`, `not between 19 and 25`, `< 5 %`.
 * Brackets: `[`/`]` inclusive, `(`/`)` exclusive, none = inclusive, each side on its own.
 */
export function parseThreshold(stream: TokenStream, resolved: ResolvedText): ThresholdResult {
  const first = stream.peek();
  if (first.kind === 'comparator') {
    stream.next();
    const value = parseValue(stream, resolved);
    if (!value.ok) return value;
    return {
      ok: true,
      threshold: { kind: 'comparator', comparator: first.text as Comparator, value: value.value },
    };
  }
  const negated = stream.accept('not') !== undefined;
  if (!stream.accept('between')) {
    const found = stream.peek();
    return fail(`Expected a threshold (${THRESHOLD_FORMS}) but found ${describeToken(found)}`, found);
  }
  const lowerBracket = stream.accept('[') ?? stream.accept('(');
  const lowerToken = stream.peek();
  const lower = parseValue(stream, resolved);
  if (!lower.ok) return lower;
  if (!stream.accept('and'))
    return fail(`Expected "and" but found ${describeToken(stream.peek())}`, stream.peek());
  const upperToken = stream.peek();
  const upper = parseValue(stream, resolved);
  if (!upper.ok) return upper;
  const upperBracket = stream.accept(']') ?? stream.accept(')');
  if (lower.value > upper.value) {
    return fail(`The lower bound ${lower.value} is greater than the upper bound ${upper.value}`, lowerToken);
  }
  const lowerInclusive = lowerBracket?.text !== '(';
  const upperInclusive = upperBracket?.text !== ')';
  if (lower.value === upper.value && !(lowerInclusive && upperInclusive)) {
    return fail(`between with equal bounds and an exclusive side accepts no value at all`, upperToken);
  }
  return {
    ok: true,
    threshold: {
      kind: 'between',
      negated,
      lower: lower.value,
      lowerInclusive,
      upper: upper.value,
      upperInclusive,
    },
  };
}

/** Parses an alert value `when <threshold>` (the whole text); the threshold is the zone that raises the alert. */
export function parseWhenThreshold(resolved: ResolvedText): ThresholdResult {
  const stream = new TokenStream(tokenize(resolved.text));
  if (!stream.accept('when')) {
    return fail(
      `Expected "when <threshold>", e.g. "when > 10", but found ${describeToken(stream.peek())}`,
      stream.peek(),
    );
  }
  const result = parseThreshold(stream, resolved);
  if (result.ok && !stream.atEnd()) {
    return fail(`Unexpected ${describeToken(stream.peek())} after the threshold`, stream.peek());
  }
  return result;
}

/** A signed number, optionally followed by `%` (which Soda ignores: `< 5 %` means `< 5`). */
function parseValue(
  stream: TokenStream,
  resolved: ResolvedText,
): { ok: true; value: number } | { ok: false; problem: LineProblem } {
  const signToken = stream.accept('-') ?? stream.accept('+');
  const token = stream.peek();
  if (token.kind !== 'number') {
    const variables = resolved.variablesIn(token.start, token.end);
    if (variables.length > 0 && token.kind !== 'end') {
      return fail(
        `Variable ${variables.map((v) => `"${v}"`).join(', ')} must be a number but is "${token.text}"`,
        token,
      );
    }
    return fail(`Expected a number but found ${describeToken(token)}`, token);
  }
  stream.next();
  const magnitude = Number(token.text);
  if (!Number.isFinite(magnitude)) return fail(`"${token.text}" is not a number`, token);
  stream.accept('%');
  return { ok: true, value: signToken?.text === '-' ? -magnitude : magnitude };
}

function fail(message: string, token: Token): { ok: false; problem: LineProblem } {
  return { ok: false, problem: { message, index: token.start } };
}

/** The values a threshold accepts, as a Zone. */
export function acceptedZone(threshold: Threshold): Zone {
  if (threshold.kind === 'comparator') {
    const v = threshold.value;
    switch (threshold.comparator) {
      case '<':
        return { lt: v, union: false };
      case '<=':
        return { lte: v, union: false };
      case '>':
        return { gt: v, union: false };
      case '>=':
        return { gte: v, union: false };
      case '=':
        return { gte: v, lte: v, union: false };
      case '!=':
      case '<>':
        return { gt: v, lt: v, union: true };
    }
  }
  const inside: Zone = {
    ...(threshold.lowerInclusive ? { gte: threshold.lower } : { gt: threshold.lower }),
    ...(threshold.upperInclusive ? { lte: threshold.upper } : { lt: threshold.upper }),
    union: false,
  };
  return threshold.negated ? complementZone(inside) : inside;
}

/**
 * The values outside a zone. Each bound flips (> ↔ <=, >= ↔ <), and "between" (both bounds must hold) becomes
 * "outside" (either flipped bound suffices), and back.
 */
export function complementZone(zone: Zone): Zone {
  const bounds: Omit<Zone, 'union'> = {};
  if (zone.gt !== undefined) bounds.lte = zone.gt;
  if (zone.gte !== undefined) bounds.lt = zone.gte;
  if (zone.lt !== undefined) bounds.gte = zone.lt;
  if (zone.lte !== undefined) bounds.gt = zone.lte;
  const both = Object.keys(bounds).length === 2;
  return { ...bounds, union: both ? !zone.union : false };
}
