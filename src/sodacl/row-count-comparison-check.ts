/** `row_count same as OTHER [PARTITION]`: value = row_count − the other's row_count; pass iff 0. */
import { type CheckItem, commonFields, lineError, requireDataset } from './check-common.js';
import { readCheckConfiguration } from './check-config.js';
import { findFilter } from './filters.js';
import { formatIdentifier, readIdentifier } from './identifiers.js';
import type { RowCountComparisonCheck } from './model.js';

const NO_THRESHOLD = 'A row count comparison takes no threshold: it passes when both row counts are equal';

export function readRowCountComparisonCheck(item: CheckItem): RowCountComparisonCheck | undefined {
  const text = item.resolved.text;
  const start = /^\s*row_count\s+same\s+as\s+/.exec(text)?.[0].length ?? 0;
  const other = readIdentifier(text, start, false);
  if (!other.ok) return void lineError(item, other.message, other.index);
  let position = skipSpaces(text, other.end);
  let otherPartition: string | undefined;
  let partitionIndex = 0;
  if (text[position] === '[') {
    partitionIndex = position;
    const close = text.indexOf(']', position + 1);
    if (close < 0) return void lineError(item, 'Missing "]" after the partition name', position);
    otherPartition = text.slice(position + 1, close).trim();
    if (otherPartition === '') return void lineError(item, 'The partition name must not be empty', position);
    position = skipSpaces(text, close + 1);
  }
  if (/^in(\s|$)/.test(text.slice(position))) {
    return void lineError(item, 'Comparing with another data source is not supported yet', position);
  }
  if (position < text.length)
    return void lineError(item, `${NO_THRESHOLD}; unexpected "${text.slice(position)}"`, position);

  const dataset = requireDataset(item, 'A row count comparison');
  const configuration = readCheckConfiguration(
    item.configNode,
    {
      kind: 'row count comparisons',
      keys: ['name', 'identity', 'attributes'],
      refused: { warn: NO_THRESHOLD, fail: NO_THRESHOLD },
      missingValid: { refused: 'Missing and validity keys do not apply to row count comparisons' },
    },
    item.context,
  );
  let otherPartitionFilter: string | undefined;
  if (otherPartition !== undefined) {
    const filter = findFilter(item.section.filters, other.identifier, otherPartition);
    if (!filter) {
      const written = formatIdentifier(other.identifier);
      lineError(
        item,
        `Filter not declared: ${written} [${otherPartition}]; add "filter ${written} [${otherPartition}]:" with "where: <SQL condition>"`,
        partitionIndex,
      );
      return undefined;
    }
    otherPartitionFilter = filter.where;
  }
  if (!configuration || !dataset) return undefined;
  const check: RowCountComparisonCheck = {
    ...commonFields(item, configuration),
    dataset,
    kind: 'row-count-comparison',
    otherDataset: other.identifier,
  };
  if (otherPartition !== undefined) check.otherPartition = otherPartition;
  if (otherPartitionFilter !== undefined) check.otherPartitionFilter = otherPartitionFilter;
  return check;
}

function skipSpaces(text: string, position: number): number {
  let index = position;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}
