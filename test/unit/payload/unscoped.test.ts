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

function result(samples = false): ScanResult {
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
    ...(samples
      ? {
          samples: {
            columns: [
              { name: 'id', type: 'int4' },
              { name: 'email', type: 'varchar' },
            ],
            rows: [[7, CANARY]],
            totalRowCount: 1,
            storedRowCount: 1,
            limit: 100,
          },
        }
      : {}),
  });
  base.queries.push({
    name: 'pg.failed_rows[failed rows]',
    sql: `SELECT COUNT(*) FROM (${CANARY})`,
    durationMs: 1,
  });
  return base;
}

function build(policy: Partial<PrivacyConfig>, samples = false) {
  const built = buildPayload(result(samples), { ...DEFAULT_PRIVACY, ...policy });
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

  it('carry in sample rows only the columns every sample_columns allowlist allows', () => {
    const { doc, text } = build({ level: 'full', datasets: { customers: { sampleColumns: ['id'] } } }, true);
    const block = doc.checks.at(-1).diagnostics.blocks[0].file;
    expect(block.sampleColumns).toEqual(['id']);
    expect(block.rows).toEqual([[7]]);
    // The canary is still in the check definition and the query SQL, which level full sends.
    expect(text.split(CANARY).length - 1).toBe(2);
  });
});
