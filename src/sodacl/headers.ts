import { readIdentifier } from './identifiers.js';
import type { Identifier } from './model.js';

/** What a top-level key of a check file declares. Indices are into the (variable-resolved) header text. */
export type SectionHeader =
  | { kind: 'checks'; dataset: Identifier; partition?: string; partitionIndex?: number }
  | { kind: 'filter'; dataset: Identifier; partition: string; partitionIndex: number }
  | { kind: 'configurations'; dataset: Identifier }
  | { kind: 'data-source-checks' }
  | { kind: 'for-each-dataset'; alias: string; legacy: boolean }
  | { kind: 'variables' }
  | { kind: 'unsupported'; feature: string; cloudOnly: boolean }
  | { kind: 'invalid'; message: string; index: number };

export const SUPPORTED_HEADERS = [
  'checks for DATASET',
  'checks for DATASET [PARTITION]',
  'filter DATASET [PARTITION]',
  'configurations for DATASET',
  'checks',
  'for each dataset ALIAS',
  'variables',
];

/**
 * SodaCL headers Gatehouse recognises but does not run; each maps to the feature its message names. Checks it
 * cannot run are errors (a check file that says "check this" must not pass by skipping it); Soda Cloud's own
 * features (profiling, discovery, monitoring: results only Soda Cloud uses) are skipped with a warning, so an
 * existing check file that has them still scans.
 */
const NOT_RUN: { pattern: RegExp; feature: string; cloudOnly: boolean }[] = [
  { pattern: /^for\s+each\s+column(\s|$)/, feature: '"for each column" sections', cloudOnly: false },
  { pattern: /^automated\s+monitoring(\s|$)/, feature: '"automated monitoring" sections', cloudOnly: true },
  { pattern: /^profile\s+columns(\s|$)/, feature: '"profile columns" sections', cloudOnly: true },
  {
    pattern: /^discover\s+(datasets|tables)(\s|$)/,
    feature: '"discover datasets" sections',
    cloudOnly: true,
  },
  { pattern: /^sample\s+datasets(\s|$)/, feature: '"sample datasets" sections', cloudOnly: true },
];

export function parseSectionHeader(text: string): SectionHeader {
  if (text.trim() === 'variables') return { kind: 'variables' };
  if (text.trim() === 'checks') return { kind: 'data-source-checks' };
  const forEach = /^(\s*for\s+each\s+(dataset|table)\s+)/.exec(text);
  if (forEach?.[1] && forEach[2]) return parseForEachAlias(text, forEach[1].length, forEach[2] === 'table');
  if (/^\s*for\s+each\s+(dataset|table)\s*$/.test(text)) {
    return {
      kind: 'invalid',
      message: 'A "for each dataset" header needs an alias: for each dataset D',
      index: text.length,
    };
  }
  for (const { pattern, feature, cloudOnly } of NOT_RUN) {
    if (pattern.test(text.trim())) return { kind: 'unsupported', feature, cloudOnly };
  }
  const checks = /^checks\s+for\s+/.exec(text);
  if (checks) return parseDatasetAndPartition(text, checks[0].length, 'checks');
  const configurations = /^configurations\s+for\s+/.exec(text);
  if (configurations) {
    const parsed = parseDatasetAndPartition(text, configurations[0].length, 'configurations');
    if (parsed.kind !== 'checks') return parsed;
    if (parsed.partition !== undefined) {
      return {
        kind: 'invalid',
        message: '"configurations for" takes a dataset, not a partition',
        index: parsed.partitionIndex ?? 0,
      };
    }
    return { kind: 'configurations', dataset: parsed.dataset };
  }
  const filter = /^filter\s+/.exec(text);
  if (filter) {
    const parsed = parseDatasetAndPartition(text, filter[0].length, 'filter');
    if (parsed.kind !== 'checks') return parsed;
    if (parsed.partition === undefined || parsed.partitionIndex === undefined) {
      return { kind: 'invalid', message: 'A filter needs a name: filter DATASET [NAME]', index: text.length };
    }
    return {
      kind: 'filter',
      dataset: parsed.dataset,
      partition: parsed.partition,
      partitionIndex: parsed.partitionIndex,
    };
  }
  return {
    kind: 'invalid',
    message: `Unknown section header "${text}". Supported headers: ${SUPPORTED_HEADERS.map((h) => `"${h}:"`).join(', ')}`,
    index: 0,
  };
}

/** `DATASET` optionally followed by `[PARTITION]`, and nothing else. */
function parseDatasetAndPartition(text: string, start: number, header: string): SectionHeader {
  const dataset = readIdentifier(text, start);
  if (!dataset.ok)
    return { kind: 'invalid', message: `"${header}" header: ${dataset.message}`, index: dataset.index };
  let position = skipSpaces(text, dataset.end);
  if (position >= text.length) return { kind: 'checks', dataset: dataset.identifier };
  if (text[position] !== '[' || position === dataset.end) {
    return {
      kind: 'invalid',
      message: `Unexpected "${text.slice(position)}" after the dataset name; a partition is written " [NAME]"`,
      index: position,
    };
  }
  const partitionIndex = position;
  const close = text.indexOf(']', position + 1);
  if (close < 0) return { kind: 'invalid', message: 'Missing "]" after the partition name', index: position };
  const partition = text.slice(position + 1, close).trim();
  if (partition === '')
    return { kind: 'invalid', message: 'The partition name must not be empty', index: position };
  position = skipSpaces(text, close + 1);
  if (position < text.length) {
    return {
      kind: 'invalid',
      message: `Unexpected "${text.slice(position)}" after the partition`,
      index: position,
    };
  }
  return { kind: 'checks', dataset: dataset.identifier, partition, partitionIndex };
}

function skipSpaces(text: string, position: number): number {
  let index = position;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}

/** `for each dataset ALIAS`: the alias is a plain name, used as `${ALIAS}` in the checks. */
function parseForEachAlias(text: string, start: number, legacy: boolean): SectionHeader {
  const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(start));
  if (!match) {
    return {
      kind: 'invalid',
      message:
        'The "for each dataset" alias must be a plain name (letters, digits, _), e.g. for each dataset D',
      index: start,
    };
  }
  const end = skipSpaces(text, start + match[0].length);
  if (end < text.length) {
    return { kind: 'invalid', message: `Unexpected "${text.slice(end)}" after the alias`, index: end };
  }
  return { kind: 'for-each-dataset', alias: match[0], legacy };
}
