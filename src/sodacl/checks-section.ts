import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { readCheckConfiguration } from './check-config.js';
import { parseCheckLine } from './check-line.js';
import { type ColumnConfiguration, findColumnConfiguration } from './column-configurations.js';
import type { FileContext } from './context.js';
import { formatIdentifier } from './identifiers.js';
import { metricSpec } from './metrics.js';
import { mergeMissingValid } from './missing-valid.js';
import type { Check, Identifier, MetricCheck, SourceLocation } from './model.js';
import { acceptedZone, complementZone } from './threshold.js';
import { scalarToString, toPlain } from './yaml-source.js';

/** The section a check belongs to, already resolved. */
export interface ChecksSection {
  header: string;
  headerLocation: SourceLocation;
  dataset: Identifier;
  partition?: string;
  partitionFilter?: string;
  columnConfigurations: readonly ColumnConfiguration[];
}

/** Reads the list of a `checks for …:` section; returns the checks that are valid. */
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
  const configKeys = isMap(configNode)
    ? configNode.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''))
    : [];
  const parsed = parseCheckLine(resolved, configKeys);
  if (!parsed.ok) {
    const location = context.locateResolved(
      text,
      resolved,
      'problem' in parsed ? parsed.problem.index : parsed.index,
    );
    const message =
      'problem' in parsed ? parsed.problem.message : `${parsed.unsupported} are not supported yet`;
    context.errorAt(message, location);
    return undefined;
  }
  const { metric, threshold } = parsed.line;
  const spec = metricSpec(metric.name);
  const configuration = readCheckConfiguration(configNode, spec?.arity ?? 'column', context);
  if (!configuration) return undefined;

  const check: MetricCheck = {
    kind: 'metric',
    location: text.start,
    source: text.value,
    header: section.header,
    dataset: section.dataset,
    configuration: configNode ? ((toPlain(configNode) as Record<string, unknown> | null) ?? {}) : {},
    metric,
  };
  if (section.partition !== undefined) check.partition = section.partition;
  if (section.partitionFilter !== undefined) check.partitionFilter = section.partitionFilter;
  if (configuration.name !== undefined) check.name = configuration.name;
  if (configuration.identity !== undefined) check.identity = configuration.identity;
  if (configuration.filter !== undefined) check.filter = configuration.filter;
  if (configuration.attributes !== undefined) check.attributes = configuration.attributes;
  if (configuration.samplesLimit !== undefined) check.samplesLimit = configuration.samplesLimit;

  if (threshold) {
    const [alertKey] = configuration.alertKeys;
    if (alertKey) {
      // Soda silently drops warn/fail when the line has a threshold (its pitfall 6.9); that hides a mistake.
      context.error(
        `This check has a threshold on its line, so its "${scalarToString(alertKey as Scalar)}:" would be ignored; use either the line threshold or warn:/fail: blocks`,
        alertKey,
      );
      return undefined;
    }
    check.fail = complementZone(acceptedZone(threshold));
  } else if (configuration.warn || configuration.fail) {
    if (configuration.fail) check.fail = configuration.fail;
    if (configuration.warn) check.warn = configuration.warn;
  } else {
    context.errorAt(
      `Check "${text.value}" has no threshold: add one to the line (e.g. ${metricExample(metric.name)} > 0) or give it "warn: when …" / "fail: when …"`,
      text.start,
    );
    return undefined;
  }

  const columnConfig = metric.column
    ? findColumnConfiguration(section.columnConfigurations, section.dataset, metric.column)?.config
    : undefined;
  const missingValid = mergeMissingValid(columnConfig, configuration.missingValid);
  if (missingValid && Object.keys(missingValid).length > 0) check.missingValid = { ...missingValid };
  warnAboutUselessInvalidCount(check, context);
  return check;
}

/** Soda computes invalid_count as 0 (with a warning) when nothing says what is valid; say so up front. */
function warnAboutUselessInvalidCount(check: MetricCheck, context: FileContext): void {
  if (check.metric.name !== 'invalid_count' && check.metric.name !== 'invalid_percent') return;
  const config = check.missingValid ?? {};
  const hasValidity = Object.keys(config).some((key) => key.startsWith('valid') || key.startsWith('invalid'));
  if (!hasValidity) {
    const column = check.metric.column ? formatIdentifier(check.metric.column) : '';
    context.sink.warning(
      `${check.metric.name}(${column}) has no valid/invalid configuration (valid format, valid values, invalid values, …), so every non-missing value counts as valid`,
      check.location,
    );
  }
}

function metricExample(name: string): string {
  return name === 'row_count' ? 'row_count' : `${name}(…)`;
}
