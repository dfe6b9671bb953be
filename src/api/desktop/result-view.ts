/** Scan results as the app gets them: each check with its thresholds in the CLI's words and its history key. */
import { thresholdText } from '../../display/thresholds.js';
import type { CheckResult, ScanResult } from '../../scan/result.js';
import { checkKey } from '../../workspace/check-values.js';
import type { CheckResultView, ScanResultView } from './contract.js';

function checkView(check: CheckResult): CheckResultView {
  const historyKey = checkKey(check);
  return { ...check, thresholdText: thresholdText(check), ...(historyKey ? { historyKey } : {}) };
}

export function scanResultView(result: ScanResult): ScanResultView {
  return { ...result, checks: result.checks.map(checkView) };
}
