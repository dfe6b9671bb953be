import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { type CheckItem, type ChecksSection, configKeys, lineError } from './check-common.js';
import { isUserDefinedMetric, lineKind } from './check-kinds.js';
import { parseMetricCall } from './check-line.js';
import type { FileContext } from './context.js';
import { readDuplicateCheck } from './duplicate-check.js';
import { readFailedRowsCheck } from './failed-rows-check.js';
import { readFreshnessCheck, readLegacyFreshnessCheck } from './freshness-check.js';
import { readMetricCheck } from './metric-check.js';
import { METRIC_NAMES, metricSpec } from './metrics.js';
import type { Check } from './model.js';
import { readReferenceCheck } from './reference-check.js';
import { readRowCountComparisonCheck } from './row-count-comparison-check.js';
import { readSchemaCheck } from './schema-check.js';
import { didYouMean } from './suggest.js';
import { readUserMetricCheck } from './user-metric-check.js';
import { scalarToString } from './yaml-source.js';

export type { ChecksSection } from './check-common.js';

/** Every name a check line may start with, for suggestions. */
const CHECK_NAMES = [...METRIC_NAMES, 'duplicate_count', 'duplicate_percent', 'freshness'];

/** Reads the list of a `checks for …:` or `checks:` section; returns the checks that are valid. */
export function readChecksSection(value: unknown, section: ChecksSection, context: FileContext): Check[] {
  if (value === null || (isScalar(value) && value.value === null)) {
    context.sink.warning(`"${section.header}" has no checks`, section.headerLocation);
    return [];
  }
  if (!isSeq(value)) {
    context.errorAt(
      `"${section.header}" must hold a list of checks ("- row_count > 0")`,
      section.headerLocation,
    );
    return [];
  }
  const checks: Check[] = [];
  for (const item of value.items) {
    const check = readCheckItem(item, section, context);
    if (check) checks.push(check);
  }
  return checks;
}

/** A list item is a check line, or a one-key map from the check line to its configuration. */
function readCheckItem(item: unknown, section: ChecksSection, context: FileContext): Check | undefined {
  if (isScalar(item) && typeof item.value === 'string') return readCheck(item, null, section, context);
  if (isMap(item)) {
    const [first, ...others] = item.items;
    if (!first || others.length > 0) {
      const keys = item.items.map((pair) => (isScalar(pair.key) ? scalarToString(pair.key) : '?'));
      context.error(
        `A check must be one check line with its configuration indented under it; found ${keys.length} keys at the same level (${keys.join(', ')})`,
        item,
      );
      return undefined;
    }
    if (!isScalar(first.key) || typeof first.key.value !== 'string') {
      context.error('A check line must be text', (first.key ?? item) as Node);
      return undefined;
    }
    return readCheck(first.key, first.value, section, context);
  }
  context.error(
    'A check must be a text line ("- row_count > 0") or a check line with a configuration map',
    item as Node,
  );
  return undefined;
}

function readCheck(
  lineNode: Scalar,
  configNode: unknown,
  section: ChecksSection,
  context: FileContext,
): Check | undefined {
  const line = context.resolveScalar(lineNode);
  if (!line) return undefined;
  const { text, resolved } = line;
  if (resolved.text.trim() === '') {
    context.error('A check line must not be empty', lineNode);
    return undefined;
  }
  const item: CheckItem = { lineNode, configNode, text, resolved, section, context };
  const firstNonSpace = Math.max(resolved.text.search(/\S/), 0);
  const kind = lineKind(resolved.text);
  if ('unsupported' in kind)
    return void lineError(
      item,
      `${kind.unsupported} are not supported yet; take this check out of the files given to gatehouse (the other checks still run)`,
      firstNonSpace,
    );
  switch (kind.kind) {
    case 'schema':
      return readSchemaCheck(item);
    case 'failed-rows':
      return readFailedRowsCheck(item);
    case 'legacy-freshness':
      return readLegacyFreshnessCheck(item);
    case 'reference':
      return readReferenceCheck(item);
    case 'row-count-comparison':
      return readRowCountComparisonCheck(item);
    case 'metric':
      return readMetricLine(item);
  }
}

/** `name(args) threshold?`: a built-in metric, duplicates, freshness or a user-defined metric. */
function readMetricLine(item: CheckItem): Check | undefined {
  const parsed = parseMetricCall(item.resolved);
  if (!parsed.ok) return void lineError(item, parsed.problem.message, parsed.problem.index);
  const { call } = parsed;
  const name = call.nameToken.text;
  if (name === 'duplicate_count' || name === 'duplicate_percent') return readDuplicateCheck(item, name, call);
  if (name === 'freshness') return readFreshnessCheck(item, call);
  const spec = metricSpec(name);
  if (spec) return readMetricCheck(item, spec, call);
  if (isUserDefinedMetric(name, configKeys(item.configNode))) return readUserMetricCheck(item, call);
  lineError(
    item,
    `Unknown metric "${name}".${didYouMean(name, CHECK_NAMES)}${
      item.section.dataset ? '' : ` A user-defined metric needs "${name} query:" or "${name} sql_file:".`
    }`,
    call.nameToken.start,
  );
  return undefined;
}
