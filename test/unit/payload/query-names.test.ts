/**
 * Query names carry text from checks (`failed_rows[<check name>]`, `reference[<columns>]`): a policy that
 * withholds a check name, excludes a column or hashes names holds the query names to the same rules.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import type { ScanResult } from '../../../src/scan/result.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { fixtureResult } from './fixture.js';

const SALT = new Uint8Array(32).fill(7);
const CHECK_NAME = 'Totals over CANARY-NAME-4711';

function result(): ScanResult {
  const base = fixtureResult();
  const text = `checks for customers:
  - failed rows:
      name: ${CHECK_NAME}
      fail query: SELECT * FROM customers WHERE total > 9000
  - values in (email) must exist in orders (customer_email)
`;
  const [failQuery, reference] = parseChecks([{ filePath: 'more.yml', text }], { env: {} }).checks;
  if (!failQuery || !reference) throw new Error('the extra checks did not parse');
  base.checks.push(
    { check: failQuery, displayName: CHECK_NAME, outcome: 'fail', value: 1, metrics: [], outcomeReasons: [] },
    {
      check: reference,
      displayName: 'values in (email) must exist in orders (customer_email)',
      outcome: 'pass',
      value: 0,
      metrics: [],
      outcomeReasons: [],
      column: 'email',
    },
  );
  base.queries.push(
    { name: `pg.customers.failed_rows[${CHECK_NAME}]`, dataset: 'customers', sql: 'SELECT 1', durationMs: 1 },
    { name: 'pg.customers.reference[email]', dataset: 'customers', sql: 'SELECT 2', durationMs: 1 },
  );
  return base;
}

function build(policy: Partial<PrivacyConfig>) {
  const built = buildPayload(result(), { ...DEFAULT_PRIVACY, ...policy }, { salt: SALT });
  const text = new TextDecoder().decode(built.prepared.bytes);
  return { built, text, doc: JSON.parse(text) };
}

const names = (doc: { queries: { name: string }[] }) => doc.queries.map((q) => q.name);

describe('query names under a privacy policy', () => {
  it('standard: query names are sent as the scan named them', () => {
    const { doc } = build({});
    expect(names(doc)).toContain(`pg.customers.failed_rows[${CHECK_NAME}]`);
    expect(names(doc)).toContain('pg.customers.reference[email]');
  });

  it('strict: a fail query named after its check carries the check stand-in, not the withheld name', () => {
    const { doc, text, built } = build({ level: 'strict' });
    expect(text).not.toContain('CANARY-NAME-4711');
    const query = names(doc).find((n) => n.includes('failed_rows['));
    const standIn = /^pg\.customers\.failed_rows\[(Check [0-9a-f]{8})\]$/.exec(query ?? '')?.[1];
    expect(doc.checks.map((c: { name: string }) => c.name)).toContain(standIn);
    // Marked as withheld, with what stands there instead, like the check name it copies.
    const at = names(doc).indexOf(query ?? '');
    expect(built.withheld).toContainEqual({
      pointer: `/queries/${at}/name`,
      fieldClass: 'identifier',
      reason: 'level',
      replacement: query,
    });
  });

  it('a dataset override to strict withholds the name in that dataset only', () => {
    const { text } = build({ datasets: { customers: { level: 'strict' } } });
    expect(text).not.toContain('CANARY-NAME-4711');
  });

  it('exclude_columns: a query named after an excluded column is left out, and counted', () => {
    const { doc, built } = build({ excludeColumns: ['email'] });
    expect(names(doc)).not.toContain('pg.customers.reference[email]');
    expect(built.leftOut).toContainEqual({
      section: 'queries',
      count: 1,
      reason: 'named after an excluded column',
    });
  });

  it('hash_identifiers: the columns in a query name are hashed like the column fields', () => {
    const { doc, text } = build({ hashIdentifiers: true });
    expect(text).not.toMatch(/reference\[email\]/);
    const table = doc.checks[0].table as string;
    const emailCheck = doc.checks.find((c: { identity: string; column: string }) => c.column !== null);
    expect(names(doc)).toContain(`pg.${table}.reference[${emailCheck.column}]`);
  });
});
