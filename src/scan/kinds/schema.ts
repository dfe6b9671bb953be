/**
 * Schema checks: one information-schema query per dataset (partitions do not change a table's columns), then
 * each `fail:` / `warn:` block's validations. FAIL if the fail block finds anything, else WARN if the warn block
 * does, else PASS; the value is the number of schema events found.
 */
import type { SchemaCheck } from '../../sodacl/model.js';
import type { Computation, SchemaColumn } from '../computation.js';
import type { Evaluation, MetricReport, PlanContext, PlannedCheck } from './kind.js';
import { schemaBlock, schemaDiagnostics } from './schema-diagnostics.js';
import { resolveSchemaNames } from './schema-names.js';
import { compareSchemas, eventCount, findViolations } from './schema-validations.js';

/** Soda's wording, and its outcome reason code, for a change check without a previous schema. */
export const NOT_ENOUGH_HISTORY =
  'Skipping schema checks since there is no historic schema metrics! (notEnoughHistory: "when schema changes" compares with the schema a previous scan recorded; this scan records the first one)';

function isSchema(value: unknown): value is SchemaColumn[] {
  return (
    Array.isArray(value) && value.every((c) => typeof c?.name === 'string' && typeof c?.type === 'string')
  );
}

export function planSchemaCheck(check: SchemaCheck, ctx: PlanContext): PlannedCheck {
  const table = ctx.dialect.table(check.dataset, ctx.schema);
  const computation: Computation = {
    type: 'schema',
    key: `schema\u0000${table}`,
    dataset: check.dataset,
    datasetName: check.dataset.name,
  };
  const wantsChanges = Boolean(check.fail?.schemaChanges ?? check.warn?.schemaChanges);
  const notEvaluated = (reason: string, metrics: MetricReport[] = []): Evaluation => ({
    outcome: null,
    value: null,
    outcomeReasons: [reason],
    metrics,
  });

  return {
    computations: [computation],
    evaluate(values): Evaluation {
      const computed = values.get(computation.key);
      if (!computed) return notEvaluated('the schema was not computed');
      if ('error' in computed) return notEvaluated(computed.error);
      if (!isSchema(computed.value)) return notEvaluated('the schema query returned no column list');
      const columns = computed.value;
      // Soda would report every required column missing; a table that is not there deserves its own words.
      if (columns.length === 0)
        return notEvaluated(
          `the information schema lists no columns for ${check.dataset.name}: does the table exist?`,
        );
      const metrics: MetricReport[] = [{ metricName: 'schema', dataset: check.dataset.name, value: columns }];

      const previous = wantsChanges ? ctx.previousSchema?.(check.dataset.name) : undefined;
      if (wantsChanges && !previous) {
        // As Soda: the whole check waits for history, and that is no error. The metric is still reported, so
        // the next scan has a previous schema.
        return {
          ...notEvaluated(NOT_ENOUGH_HISTORY, metrics),
          reasonLevel: 'warning',
          reasonCode: 'notEnoughHistory',
          diagnostics: { blocks: [schemaBlock(columns)] },
        };
      }
      const changes = previous ? compareSchemas(previous, columns) : undefined;
      const fold = ctx.dialect.foldName?.bind(ctx.dialect);
      const judge = (block: SchemaCheck['fail']) =>
        block
          ? findViolations(
              resolveSchemaNames(block, columns, fold),
              columns,
              (a, b) => ctx.dialect.sameType(a, b),
              changes,
            )
          : undefined;
      const fail = judge(check.fail);
      const warn = judge(check.warn);
      const failEvents = eventCount(fail);
      const warnEvents = eventCount(warn);
      return {
        outcome: failEvents > 0 ? 'fail' : warnEvents > 0 ? 'warn' : 'pass',
        value: failEvents + warnEvents,
        outcomeReasons: [],
        metrics,
        diagnostics: schemaDiagnostics(columns, fail, warn),
      };
    },
  };
}
