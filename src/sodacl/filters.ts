import { isMap, isScalar, type Node } from 'yaml';
import { checkSqlFragment } from './check-config.js';
import type { FileContext } from './context.js';
import { formatIdentifier, sameIdentifier } from './identifiers.js';
import type { Identifier, PartitionFilter, SourceLocation } from './model.js';

/** Reads `filter DATASET [NAME]:` with its `where:` SQL into `filters`; a second declaration is an error. */
export function readFilterSection(
  dataset: Identifier,
  partition: string,
  value: unknown,
  location: SourceLocation,
  context: FileContext,
  filters: PartitionFilter[],
): void {
  if (!isMap(value)) {
    context.errorAt(`A filter section must be a map with "where: <SQL condition>"`, location);
    return;
  }
  let where: string | undefined;
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key !== 'where') {
      context.error(
        `Unknown key ${JSON.stringify(key ?? null)} in a filter section; the only key is "where"`,
        pair.key as Node,
      );
      continue;
    }
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string' || pair.value.value.trim() === '') {
      context.error('"where" must be an SQL condition text', (pair.value ?? pair.key) as Node);
      continue;
    }
    where = context.resolveScalar(pair.value)?.resolved.text;
    if (where !== undefined && !checkSqlFragment('where', where, context, pair.value)) return;
  }
  if (where === undefined) {
    if (!value.items.some((pair) => isScalar(pair.key) && pair.key.value === 'where')) {
      context.errorAt('A filter section needs "where: <SQL condition>"', location);
    }
    return;
  }
  const existing = findFilter(filters, dataset, partition);
  if (existing) {
    context.errorAt(
      `Filter ${formatIdentifier(dataset)} [${partition}] is already declared at ${existing.location.filePath}:${existing.location.line}`,
      location,
    );
    return;
  }
  filters.push({ dataset, partition, where, location });
}

export function findFilter(
  filters: readonly PartitionFilter[],
  dataset: Identifier,
  partition: string,
): PartitionFilter | undefined {
  return filters.find((f) => f.partition === partition && sameIdentifier(f.dataset, dataset));
}
