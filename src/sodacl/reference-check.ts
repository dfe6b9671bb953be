/** `values in (a, b) must [not] exist in other (x, y)`: its value is the number of offending rows; pass iff 0. */
import { type CheckItem, commonFields, lineError, requireDataset } from './check-common.js';
import { readCheckConfiguration } from './check-config.js';
import { type Failure, problem } from './check-line.js';
import { describeToken, type Token, TokenStream, tokenize } from './line-tokens.js';
import type { Identifier, ReferenceCheck } from './model.js';

const FORM = 'values in (a, b) must exist in other_dataset (x, y)';
const NO_THRESHOLD =
  'Reference checks have no thresholds: they fail when any row has values that are not found (or, with "must not exist", are found)';

interface ReferenceLine {
  columns: Identifier[];
  otherDataset: Identifier;
  otherColumns: Identifier[];
  mustExist: boolean;
}

export function readReferenceCheck(item: CheckItem): ReferenceCheck | undefined {
  const line = parseReferenceLine(item.resolved.text);
  if (!('columns' in line)) return void lineError(item, line.problem.message, line.problem.index);
  const dataset = requireDataset(item, 'A reference check');
  const configuration = readCheckConfiguration(
    item.configNode,
    {
      kind: 'reference checks',
      keys: ['name', 'identity', 'attributes', 'samples limit', 'samples columns'],
      refused: {
        warn: NO_THRESHOLD,
        fail: NO_THRESHOLD,
        filter:
          '"filter" does not apply to reference checks; declare a partition ("filter DATASET [NAME]:") instead',
      },
      missingValid: { refused: 'Missing and validity keys do not apply to reference checks' },
    },
    item.context,
  );
  if (!configuration || !dataset) return undefined;
  return { ...commonFields(item, configuration), dataset, kind: 'reference', ...line };
}

function parseReferenceLine(text: string): ReferenceLine | Failure {
  const stream = new TokenStream(tokenize(text));
  const expectWord = (word: string): Failure | undefined =>
    stream.accept(word)
      ? undefined
      : problem(`Expected "${word}" (${FORM}) but found ${describeToken(stream.peek())}`, stream.peek());
  const missing = expectWord('values') ?? expectWord('in');
  if (missing) return missing;
  const columns = readColumns(stream);
  if (!Array.isArray(columns)) return columns;
  const must = expectWord('must');
  if (must) return must;
  const mustExist = stream.accept('not') === undefined;
  const rest = expectWord('exist') ?? expectWord('in');
  if (rest) return rest;
  const otherDataset = readName(stream);
  if (!('name' in otherDataset)) return otherDataset;
  const otherStart = stream.peek();
  const otherColumns = readColumns(stream);
  if (!Array.isArray(otherColumns)) return otherColumns;
  if (!stream.atEnd())
    return problem(`${NO_THRESHOLD}; unexpected ${describeToken(stream.peek())}`, stream.peek());
  if (otherColumns.length !== columns.length) {
    return problem(
      `The reference compares ${columns.length} column${columns.length === 1 ? '' : 's'} with ${otherColumns.length}; give the same number on both sides`,
      otherStart,
    );
  }
  return { columns, otherDataset, otherColumns, mustExist };
}

/** `(a, b)` or a single unparenthesised name. */
function readColumns(stream: TokenStream): Identifier[] | Failure {
  if (!stream.accept('(')) {
    const single = readName(stream);
    return 'name' in single ? [single] : single;
  }
  const columns: Identifier[] = [];
  for (;;) {
    const column = readName(stream);
    if (!('name' in column)) return column;
    columns.push(column);
    if (stream.accept(',')) continue;
    if (stream.accept(')')) return columns;
    return problem(`Expected "," or ")" but found ${describeToken(stream.peek())}`, stream.peek());
  }
}

function readName(stream: TokenStream): Identifier | Failure {
  const token: Token = stream.peek();
  if (token.kind === 'name') {
    stream.next();
    return { name: token.text, quoted: false };
  }
  if (token.kind === 'quoted' && token.text.length > 2) {
    stream.next();
    return { name: token.text.slice(1, -1), quoted: true };
  }
  return problem(`Expected a name but found ${describeToken(token)}`, token);
}
