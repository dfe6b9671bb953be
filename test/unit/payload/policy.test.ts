/** Each privacy level and override, proven by the fields present and absent in the bytes that would leave. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload, preparePayload } from '../../../src/payload/prepare.js';
import { CANARY, fixtureResult } from './fixture.js';

const SALT = new Uint8Array(32).fill(7);

function build(policy: Partial<PrivacyConfig> = {}, salt = SALT) {
  const built = buildPayload(fixtureResult(), { ...DEFAULT_PRIVACY, ...policy }, { salt });
  const text = new TextDecoder().decode(built.prepared.bytes);
  return { built, text, doc: JSON.parse(text) };
}

const word = (name: string) => new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'i');

describe('privacy levels', () => {
  it('strict: outcomes, counts, schema and identifiers; no data-derived value, SQL, definition, log or sample', () => {
    const { text, doc, built } = build({ level: 'strict' });
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
    expect(doc.checks[0]).toMatchObject({ outcome: 'pass', table: 'customers', definition: null });
    expect(doc.checks[0].name).toBe(`Check ${doc.checks[0].identity}`);
    expect(doc.checks[0].diagnostics).toEqual({ blocks: [], value: 10 });
    expect(doc.metrics.find((m: { metricName: string }) => m.metricName === 'row_count').value).toBe(10);
    expect(
      doc.metrics.find((m: { identity: string }) => m.identity.endsWith('cst_size-avg')).value,
    ).toBeNull();
    expect(doc.metrics.find((m: { metricName: string }) => m.metricName === 'schema').value).toContainEqual({
      columnName: 'email',
      sourceDataType: 'character varying',
    });
    expect(doc.queries.every((q: { sql: unknown }) => q.sql === null)).toBe(true);
    expect(doc.logs).toEqual([]);
    expect(text).not.toContain('"rows"');
    expect(
      built.withheld.some((w) => w.pointer === '/checks/0/diagnostics/fail' && w.reason === 'level'),
    ).toBe(true);
  });

  it('standard: plus data-derived values, SQL, definitions and logs at warning and above; no samples', () => {
    const { text, doc } = build();
    expect(text).toContain(CANARY.textMax);
    expect(text).toContain(CANARY.newest);
    expect(text).not.toContain(CANARY.sampleValue);
    expect(doc.checks[1].definition).toContain('missing_count(email) = 0');
    expect(doc.checks[0].diagnostics.fail).toEqual({ greaterThan: 100, lessThan: 1 });
    expect(doc.queries[0].sql).toContain('SELECT');
    expect(doc.logs.map((l: { level: string }) => l.level)).toEqual(['warning', 'warning', 'error']);
    expect(doc.checks[1].diagnostics.blocks[0].file.reference.message).toBe(
      'Samples are not sent to Soda Cloud',
    );
  });

  it('full: plus sample rows (as Soda JSON Lines rows, within the stored limit) and every log', () => {
    const { text, doc } = build({ level: 'full' });
    expect(text).toContain(CANARY.sampleValue);
    const file = doc.checks[1].diagnostics.blocks[0].file;
    expect(file.sampleColumns).toEqual(['id', 'email', 'cst_size']);
    expect(file.rows).toEqual([
      [1, CANARY.sampleValue, 1.5],
      [2, null, 'NaN'],
    ]);
    expect(doc.logs).toHaveLength(5);
  });

  it('a default policy and an explicit standard one give the same bytes and policy hash', () => {
    const a = preparePayload(fixtureResult());
    const b = preparePayload(fixtureResult(), { ...DEFAULT_PRIVACY, level: 'standard' });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.policySha256).toBe(b.policySha256);
    expect(preparePayload(fixtureResult(), { ...DEFAULT_PRIVACY, level: 'strict' }).policySha256).not.toBe(
      a.policySha256,
    );
  });
});

describe('overrides', () => {
  it('exclude_columns: the column is never mentioned, in checks, metrics, schema, diagnostics, samples or SQL', () => {
    const { text, doc, built } = build({ level: 'full', excludeColumns: ['email'] });
    // "Emails present" is a check name, not the column: only the whole word counts.
    expect(text).not.toMatch(word('email'));
    expect(text).not.toContain(CANARY.sampleValue);
    expect(doc.checks.some((c: { column: string }) => c.column === 'email')).toBe(false);
    expect(built.leftOut).toContainEqual({ section: 'checks', count: 1, reason: 'about an excluded column' });
    expect(doc.queries[0].sql).toBeNull();
    expect(doc.queries[1].sql).toContain('ssn');
  });

  it('exclude_columns patterns apply per dataset', () => {
    const { text, doc } = build({ datasets: { 'ord*': { excludeColumns: ['s*n'] } } });
    expect(
      doc.checks.some((c: { table: string; column: string }) => c.table === 'orders' && c.column === 'ssn'),
    ).toBe(false);
    // customers still lists its ssn column in its schema.
    expect(text).toContain('"columnName":"ssn"');
  });

  it('withhold_values: true withholds every data-derived value and every message that may quote one', () => {
    const { text, doc, built } = build({ withholdValues: true });
    expect(text).not.toContain(CANARY.textMax);
    expect(text).not.toContain(CANARY.newest);
    expect(doc.checks[0].diagnostics.value).toBe(10);
    expect(doc.checks[3].diagnostics.value).toBeNull();
    expect(doc.checks[3].definition).toContain('avg(cst_size)');
    // Messages go with the values they may quote; nothing else is withheld.
    expect(text).not.toContain(CANARY.failedValue);
    expect(new Set(built.withheld.map((w) => `${w.fieldClass}:${w.reason}`))).toEqual(
      new Set(['data:withhold_values', 'log:withhold_values']),
    );
  });

  it('withhold_values with column patterns withholds only those columns', () => {
    const { doc } = build({ datasets: { customers: { withholdValues: ['cst_*'] } } });
    const value = (suffix: string) =>
      doc.metrics.find((m: { identity: string }) => m.identity.endsWith(suffix)).value;
    expect(value('cst_code-max')).toBeNull();
    expect(value('cst_size-avg')).toBeNull();
    expect(value('ts-max')).toBe('2020-06-24T00:04:10+00:00');
  });

  it('hash_identifiers: dataset and column names become keyed hashes, consistent across the document', () => {
    const { text, doc } = build({ level: 'full', hashIdentifiers: true });
    for (const name of ['customers', 'orders', 'email', 'cst_code', 'cst_size', 'ssn', 'phone']) {
      expect(text).not.toMatch(word(name));
    }
    expect(doc.checks[0].table).toMatch(/^h_[0-9a-f]{16}$/);
    expect(doc.checks[1].table).toBe(doc.checks[0].table);
    const metricIds = new Set(doc.metrics.map((m: { identity: string }) => m.identity));
    for (const check of doc.checks) for (const id of check.metrics) expect(metricIds.has(id)).toBe(true);
    expect(doc.checks[1].identity).toMatch(/^[0-9a-f]{8}$/);
    expect(doc.checks[1].diagnostics.blocks[0].file.sampleColumns[1]).toBe(doc.checks[1].column);
    // Same salt, same hashes; another salt, other hashes; the salt itself never appears.
    expect(build({ level: 'full', hashIdentifiers: true }).text).toBe(text);
    const other = build({ level: 'full', hashIdentifiers: true }, new Uint8Array(32).fill(8));
    expect(other.doc.checks[0].table).not.toBe(doc.checks[0].table);
    expect(text).not.toContain(Buffer.from(SALT).toString('hex'));
  });

  it('sample_columns: only allowlisted columns carry values', () => {
    const { text, doc } = build({ level: 'full', datasets: { customers: { sampleColumns: ['id'] } } });
    expect(text).not.toContain(CANARY.sampleValue);
    expect(doc.checks[1].diagnostics.blocks[0].file.rows).toEqual([[1], [2]]);
    // The schema of the sample is still listed.
    expect(doc.checks[1].diagnostics.blocks[0].file.columns).toHaveLength(3);
  });

  it('withhold_values: a column whose values are withheld is not in sample rows either', () => {
    const byColumn = build({ level: 'full', withholdValues: ['email'] });
    expect(byColumn.text).not.toContain(CANARY.sampleValue);
    expect(byColumn.doc.checks[1].diagnostics.blocks[0].file.sampleColumns).toEqual(['id', 'cst_size']);
    const all = build({ level: 'full', datasets: { customers: { withholdValues: true } } });
    expect(all.text).not.toContain(CANARY.sampleValue);
    expect(all.doc.checks[1].diagnostics.blocks[0].file.rows).toBeUndefined();
  });

  it('a dataset override may set its own level', () => {
    const { doc } = build({ level: 'standard', datasets: { orders: { level: 'strict' } } });
    const orders = doc.checks.find((c: { table: string }) => c.table === 'orders');
    const customers = doc.checks.find((c: { table: string }) => c.table === 'customers');
    expect(orders.definition).toBeNull();
    expect(customers.definition).not.toBeNull();
    expect(doc.queries[1].sql).toBeNull();
    expect(doc.queries[0].sql).not.toBeNull();
  });
});
