/**
 * `withhold_values` by column pattern also covers the value of a check with no column of its own whose
 * definition computes it from such a column (a user-defined metric).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import type { ScanResult } from '../../../src/scan/result.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { fixtureResult } from './fixture.js';

const SECRET_AVERAGE = 4711.0815;
const IDENTITY = 'metric-demo-pg-customers-avg_size-1a2b3c4d';

function result(): ScanResult {
  const base = fixtureResult();
  const text = 'checks for customers:\n  - avg_size > 0:\n      avg_size expression: AVG(cst_size)\n';
  const [check] = parseChecks([{ filePath: 'user.yml', text }], { env: {} }).checks;
  if (!check) throw new Error('the user-defined metric check did not parse');
  base.checks.push({
    check,
    displayName: 'avg_size > 0',
    outcome: 'pass',
    value: SECRET_AVERAGE,
    metrics: [IDENTITY],
    outcomeReasons: [],
    fail: { lte: 0, union: false },
  });
  base.metrics.push({
    identity: IDENTITY,
    metricName: 'avg_size',
    dataset: 'customers',
    value: SECRET_AVERAGE,
  });
  return base;
}

function build(policy: Partial<PrivacyConfig>) {
  const text = new TextDecoder().decode(
    buildPayload(result(), { ...DEFAULT_PRIVACY, ...policy }).prepared.bytes,
  );
  return { text, doc: JSON.parse(text) };
}

describe('values of column-less checks under withhold_values patterns', () => {
  it('are sent when no pattern names a column their definition uses', () => {
    expect(build({ withholdValues: ['email'] }).text).toContain(String(SECRET_AVERAGE));
  });

  it('are withheld, in the check and its metric, when a pattern names one', () => {
    const { text, doc } = build({ datasets: { customers: { withholdValues: ['cst_*'] } } });
    expect(text).not.toContain(String(SECRET_AVERAGE));
    expect(doc.checks.at(-1).diagnostics.value).toBeNull();
    expect(doc.metrics.find((m: { identity: string }) => m.identity === IDENTITY).value).toBeNull();
  });
});
