/**
 * What belongs to no dataset — a data-source-level check (`checks:` with a fail query), its query — can be about
 * any dataset: with dataset overrides it meets the strictest rules of every dataset in the scan.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import type { ScanResult } from '../../../src/scan/result.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { fixtureResult } from './fixture.js';

const CANARY = 'canary-4711@example.com';

function result(): ScanResult {
  const base = fixtureResult();
  const text = `checks:\n  - failed rows:\n      fail query: SELECT * FROM customers WHERE email = '${CANARY}'\n`;
  const [check] = parseChecks([{ filePath: 'source.yml', text }], { env: {} }).checks;
  if (!check) throw new Error('the data-source-level check did not parse');
  base.checks.push({
    check,
    displayName: 'failed rows',
    outcome: 'fail',
    value: 1,
    metrics: [],
    outcomeReasons: [],
  });
  base.queries.push({
    name: 'pg.failed_rows[failed rows]',
    sql: `SELECT COUNT(*) FROM (${CANARY})`,
    durationMs: 1,
  });
  return base;
}

function build(policy: Partial<PrivacyConfig>) {
  const built = buildPayload(result(), { ...DEFAULT_PRIVACY, ...policy });
  const text = new TextDecoder().decode(built.prepared.bytes);
  return { built, text, doc: JSON.parse(text) };
}

describe('data-source-level checks and queries', () => {
  it('follow the top level when no dataset override exists', () => {
    const { text } = build({});
    expect(text).toContain(CANARY);
  });

  it('meet the strictest dataset override: a dataset set to strict', () => {
    const { text, doc } = build({ datasets: { customers: { level: 'strict' } } });
    expect(text).not.toContain(CANARY);
    const check = doc.checks.at(-1);
    expect(check.table).toBeNull();
    expect(check.definition).toBeNull();
    expect(doc.queries.at(-1).sql).toBeNull();
    // A dataset-scoped entry under a standard dataset is untouched.
    expect(doc.queries[1].sql).toContain('FROM orders');
  });
});
