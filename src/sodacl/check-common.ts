/** What every check reader shares: the section it stands in, the common fields, and threshold rules. */
import type { Node, Scalar } from 'yaml';
import type { CheckConfiguration } from './check-config.js';
import type { ColumnConfiguration } from './column-configurations.js';
import type { FileContext } from './context.js';
import { sodaIdentityYaml } from './identity-yaml.js';
import type {
  CheckCommon,
  Identifier,
  OptionalDatasetScope,
  PartitionFilter,
  SourceLocation,
  Thresholds,
} from './model.js';
import { acceptedZone, complementZone, type Threshold } from './threshold.js';
import { type ResolvedText, resolveVariables } from './variables.js';
import { type ScalarText, scalarToString, toPlain } from './yaml-source.js';

/** The section a check belongs to, already resolved. */
export interface ChecksSection {
  header: string;
  headerLocation: SourceLocation;
  /** Absent under the data-source-level `checks:` header. */
  dataset?: Identifier;
  partition?: string;
  partitionFilter?: string;
  columnConfigurations: readonly ColumnConfiguration[];
  filters: readonly PartitionFilter[];
  /** Reads `sql_file` files; absent when the caller gave no file access. */
  readFile?: (absolutePath: string) => string | undefined;
}

/** One check item: its line (as written and resolved) and its configuration node. */
export interface CheckItem {
  lineNode: Scalar;
  configNode: unknown;
  text: ScalarText;
  resolved: ResolvedText;
  section: ChecksSection;
  context: FileContext;
}

/** Configuration keys of the item, as written (to tell user-defined metrics from misspelt ones). */
export function configKeys(configNode: unknown): string[] {
  const items = (configNode as { items?: { key?: unknown }[] } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.map((pair) => {
    const key = pair.key as Scalar | undefined;
    return key && typeof key === 'object' && 'value' in key ? scalarToString(key) : '';
  });
}

/** The fields of CheckCommon and the section's scope, from a read configuration. */
export function commonFields(
  item: CheckItem,
  configuration: CheckConfiguration,
): CheckCommon & OptionalDatasetScope {
  const { section, configNode } = item;
  const common: CheckCommon & OptionalDatasetScope = {
    location: item.text.start,
    source: item.text.value,
    header: section.header,
    configuration: configNode ? ((toPlain(configNode) as Record<string, unknown> | null) ?? {}) : {},
  };
  const asWritten = defaultNameAsWritten(common.source, common.configuration);
  if (asWritten.includes('${')) {
    // Variables of the line and of warn/fail were checked where they are read; an error here was reported there.
    const { resolved, problems } = resolveVariables(asWritten, item.context.lookup);
    if (problems.length === 0) common.resolvedDefaultName = resolved.text;
  }
  const identityConfiguration = sodaIdentityYaml(configNode, item.context.source.text);
  if (identityConfiguration !== undefined) common.identityConfiguration = identityConfiguration;
  if (section.dataset !== undefined) common.dataset = section.dataset;
  if (section.partition !== undefined) common.partition = section.partition;
  if (section.partitionFilter !== undefined) common.partitionFilter = section.partitionFilter;
  if (configuration.name !== undefined) common.name = configuration.name;
  if (configuration.identity !== undefined) common.identity = configuration.identity;
  if (configuration.attributes !== undefined) common.attributes = configuration.attributes;
  if (configuration.samplesLimit !== undefined) common.samplesLimit = configuration.samplesLimit;
  if (configuration.samplesColumns !== undefined) common.samplesColumns = configuration.samplesColumns;
  return common;
}

/**
 * The fail/warn zones of a numeric check: the line threshold inverted, or the warn:/fail: zones. Both at once is
 * an error (Soda silently drops the blocks, pitfall 6.9). With `required`, having neither is an error too.
 */
export function resolveThresholds(
  item: CheckItem,
  threshold: Threshold | undefined,
  configuration: CheckConfiguration,
  required: { example: string } | undefined,
): Thresholds | undefined {
  const { context } = item;
  if (threshold) {
    const [alertKey] = configuration.alertKeys;
    if (alertKey) {
      context.error(
        `This check has a threshold on its line, so its "${scalarToString(alertKey as Scalar)}:" would be ignored; use either the line threshold or warn:/fail: blocks`,
        alertKey,
      );
      return undefined;
    }
    return { fail: complementZone(acceptedZone(threshold)) };
  }
  const thresholds: Thresholds = {};
  if (configuration.fail) thresholds.fail = configuration.fail;
  if (configuration.warn) thresholds.warn = configuration.warn;
  if (!thresholds.fail && !thresholds.warn && required) {
    context.errorAt(
      `Check "${item.text.value}" has no threshold: add one to the line (e.g. ${required.example} > 0) or give it "warn: when …" / "fail: when …"`,
      item.text.start,
    );
    return undefined;
  }
  return thresholds;
}

/** An error at a character of the resolved line. */
export function lineError(item: CheckItem, message: string, index: number): void {
  item.context.errorAt(message, item.context.locateResolved(item.text, item.resolved, index));
}

/** Reports that a kind needs a dataset when it stands under the data-source-level `checks:` header. */
export function requireDataset(item: CheckItem, what: string): Identifier | undefined {
  if (item.section.dataset) return item.section.dataset;
  item.context.errorAt(
    `${what} must stand under "checks for DATASET:"; under the data-source-level "checks:" only "failed rows" with "fail query" and user-defined metrics with "<name> query:" or "<name> sql_file:" are allowed`,
    item.text.start,
  );
  return undefined;
}

export function nodeOf(value: unknown, fallback: Node): Node {
  return (value ?? fallback) as Node;
}

/** Soda's `Check.name` before variables: the line, then ` warn <text>` and ` fail <text>` when they are texts. */
export function defaultNameAsWritten(source: string, configuration: Record<string, unknown>): string {
  const extra = (['warn', 'fail'] as const)
    .filter((key) => typeof configuration[key] === 'string')
    .map((key) => ` ${key} ${String(configuration[key])}`)
    .join('');
  return `${source}${extra}`;
}
