/** Every check kind's planner, chosen by the check's kind. */
import type { Check } from '../../sodacl/model.js';
import { planDuplicateCheck } from './duplicate.js';
import { planFailedRowsCheck } from './failed-rows.js';
import { planFreshnessCheck } from './freshness.js';
import { type PlanContext, type PlannedCheck, unplannable } from './kind.js';
import { planMetricCheck } from './metric.js';
import { planReferenceCheck } from './reference.js';
import { planRowCountComparisonCheck } from './row-count-comparison.js';
import { planSchemaCheck } from './schema.js';
import { planUserMetricCheck } from './user-metric.js';

export function planCheck(check: Check, ctx: PlanContext): PlannedCheck {
  switch (check.kind) {
    case 'metric':
      return planMetricCheck(check, ctx);
    case 'duplicate':
      return planDuplicateCheck(check, ctx);
    case 'reference':
      return planReferenceCheck(check, ctx);
    case 'failed-rows':
      return planFailedRowsCheck(check, ctx);
    case 'user-metric':
      return planUserMetricCheck(check, ctx);
    case 'row-count-comparison':
      return planRowCountComparisonCheck(check, ctx);
    case 'schema':
      return planSchemaCheck(check, ctx);
    case 'freshness':
      return planFreshnessCheck(check, ctx);
    default:
      // Every kind is handled; a check from a newer model still gets a clear answer.
      return unplannable(
        `${(check as { kind: string }).kind} checks are not supported by this version of Gatehouse yet`,
      );
  }
}
