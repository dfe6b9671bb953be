import { AGGREGATE_METRICS, DERIVED_METRICS, type MetricName } from './model.js';

/** What arguments a metric takes. */
export type MetricArity = 'none' | 'column' | 'column-and-fraction';

export interface MetricSpec {
  name: MetricName;
  arity: MetricArity;
}

const ARITIES: Partial<Record<MetricName, MetricArity>> = {
  row_count: 'none',
  percentile: 'column-and-fraction',
};

const SPECS: MetricSpec[] = [...AGGREGATE_METRICS, ...DERIVED_METRICS].map((name) => ({
  name,
  arity: ARITIES[name] ?? 'column',
}));

/** Other spellings Soda accepts for the same metric. */
const ALIASES: Record<string, MetricName> = { percentile_disc: 'percentile' };

/** Every metric name a check line may use, aliases included (for suggestions). */
export const METRIC_NAMES: readonly string[] = [...SPECS.map((s) => s.name), ...Object.keys(ALIASES)];

export function metricSpec(name: string): MetricSpec | undefined {
  const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  return SPECS.find((spec) => spec.name === canonical);
}

export function describeArity(spec: MetricSpec): string {
  switch (spec.arity) {
    case 'none':
      return `${spec.name} takes no argument`;
    case 'column':
      return `${spec.name} takes one column: ${spec.name}(column)`;
    case 'column-and-fraction':
      return `${spec.name} takes a column and a fraction between 0 and 1: ${spec.name}(column, 0.95)`;
  }
}
