/** Every check kind's planner, chosen by the check's kind. */
import type { Check } from '../../sodacl/model.js';
import { type PlanContext, type PlannedCheck, unplannable } from './kind.js';
import { planMetricCheck } from './metric.js';

export function planCheck(check: Check, ctx: PlanContext): PlannedCheck {
  switch (check.kind) {
    case 'metric':
      return planMetricCheck(check, ctx);
    default:
      return unplannable(`${check.kind} checks are not supported by this version of Gatehouse yet`);
  }
}
