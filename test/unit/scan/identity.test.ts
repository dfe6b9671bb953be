import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkIdentities, metricIdentity } from '../../../src/scan/identity.js';
import { planCheck } from '../../../src/scan/kinds/index.js';
import { parseChecks } from '../../../src/sodacl/parse.js';
import { ctx } from './fixtures.js';

function identities(text: string, filePath = 'checks.yml', dataSource = 'postgres') {
  const result = parseChecks([{ filePath, text }], { variables: { X: '1' } });
  expect(result.diagnostics).toEqual([]);
  return result.checks.map((check) => [check.source, checkIdentities(check, dataSource)] as const);
}

describe('check identities are Soda Core’s, so Soda Cloud keeps each check’s history', () => {
  it('equal those of a real Soda Core 3.5.6 scan (reference/soda-cloud-scan-results.json)', () => {
    const document = JSON.parse(
      readFileSync(new URL('../payload/soda-cloud-scan-results.json', import.meta.url), 'utf8'),
    ) as { checks: { definition: string; identities: object }[] };
    // The same checks, in the file that scan read (its name was checks.yml.yml).
    const text = [
      'checks for customers:',
      '  - row_count between 1 and 100',
      '  - missing_count(email) = 0:',
      '      name: Emails present',
      '  - missing_percent(email) < 20 %',
      '  - invalid_count(email) = 0:',
      '      valid format: email',
      '  - duplicate_count(cat) = 0',
      '  - avg(cst_size) between 1 and 2',
      '  - max(cst_size) < 10:',
      "      filter: country = 'BE'",
      '  - freshness(ts) < 1d',
      '  - schema:',
      '      fail:',
      '        when required column missing: [id, email]',
      '  - failed rows:',
      '      name: Negative sizes',
      '      fail condition: cst_size < 0',
      'checks for orders:',
      '  - values in (customer_id_nok) must exist in customers (id)',
      '',
    ].join('\n');
    const ours = new Map(identities(text, '/some/folder/checks.yml.yml'));
    for (const check of document.checks) {
      const line = (check.definition.split('\n')[1] as string).trim().replace(/^- /, '').replace(/:$/, '');
      expect(ours.get(line), line).toEqual(check.identities);
    }
    expect(document.checks).toHaveLength(ours.size);
  });

  it('hash the configuration as ruamel.yaml dumps it: quotes, flow lists, blocks and folding past column 80', () => {
    // Expected v1 identities computed by Soda Core's Check.create_identity with ruamel.yaml 0.17.21.
    const text = [
      'checks for customers:',
      '  - max(cst_size) < 10:',
      "      filter: country = 'BE' and cst_size > 0 and email is not null and cat in ('HIGH', 'LOW') and id <> 'ID1' and ts > '2020-01-01'",
      '  - row_count > 0:',
      `      filter: "country = 'BE'"`,
      '  - row_count > 1:',
      "      filter: 'country = ''BE'''",
      '  - failed rows:',
      '      fail query: |',
      '        SELECT *',
      '        FROM customers',
      '          WHERE cst_size < 0',
      '  - failed rows:',
      '      fail condition: >',
      "        cat = 'HIGH'",
      '        and cst_size < .7',
      '  - row_count:',
      '      warn: when > 5',
      '      fail: when not between (1 and 30]',
      '  - missing_count(email) = 0:',
      `      missing values: [N/A, 'none', "-", "5"]`,
      '      valid min: 0.5',
      '      include null: true',
      '  - schema:',
      '      warn:',
      '        when required column missing:',
      '          - id',
      '          - email',
      '        when wrong column type:',
      '          id: varchar',
      '          pct: "character varying"',
      '      fail:',
      '        when wrong column index: {id: 0, distance: 3}',
      '        when forbidden column present: [ssn, "%secret%"]',
      '  - failed rows:',
      '      fail query: |-',
      '        SELECT 1',
      '  - row_count > 2:',
      `      filter: "country = 'BE' and cst_size > 0 and email is not null and cat in ('HIGH', 'LOW') and id <> 'ID1'"`,
      '  - row_count > 3:',
      "      filter: country = 'BE'",
      '        and x > 1',
      '  - invalid_count(email) = 0:',
      '      valid values: [aaaaaaaaaa, bbbbbbbbbbbbbb, cccccccccccccccc, dddddddddddddddd, eeeeeeeeeeeeee, fffffffffffffff, gggggggggg]',
      '  - row_count > 4:',
      "      filter: 'country = ''BE'' and cst_size > 0 and email is not null and cat in (''HIGH'', ''LOW'') and id <> ''ID1'''",
      '  - row_count > 5:',
      "      filter: country  =  'BE'   and cst_size > 0 and email is not null and cat in ('HIGH', 'LOW') and id <> 'ID1' and x",
      '  - row_count > 6:',
      '      name: only a name',
      '      samples limit: 5',
      '  - row_count > 7:',
      '      identity: fixed',
      '      filter: a = ${X}',
      '  - freshness(ts):',
      '      warn: when > 6h',
      '      fail: when >= 1d',
      '  - schema:',
      '      fail:',
      '        when mismatching columns:',
      '          id: varchar',
      '          "Cst Size": numeric',
      '        with optional columns: [cat]',
      '  - failed rows:',
      '      name: x',
      '      samples limit: 1',
      '      fail condition: |',
      "        cat = 'HIGH'",
      '',
      '        and cst_size < .7',
      '      warn: when = 3',
      '      fail: when > 5',
      '  - missing_percent(email) < 5 %:',
      '      filter: "x = \\"y\\" \\t tab"',
      '  - valid_count(pct) > 0:',
      "      valid regex: '^[0-9]+%$'",
      '      valid min length: 1',
      '      valid max: 3',
      '',
    ].join('\n');
    expect(identities(text).map(([source, ids]) => [source, ids.v1])).toEqual([
      ['max(cst_size) < 10', 'ec0cf20d'],
      ['row_count > 0', '2c7f59c8'],
      ['row_count > 1', '31d7eea9'],
      ['failed rows', 'f66b6c5d'],
      ['failed rows', '21976704'],
      ['row_count', '9673b480'],
      ['missing_count(email) = 0', '2c9a349a'],
      ['schema', '9be4be79'],
      ['failed rows', 'bb9bf141'],
      ['row_count > 2', '20c1c83f'],
      ['row_count > 3', 'bfed1979'],
      ['invalid_count(email) = 0', '7cc3415d'],
      ['row_count > 4', '16d5c7a5'],
      ['row_count > 5', '1b36a8fe'],
      ['row_count > 6', '2cc2467d'],
      ['row_count > 7', '6296246a'],
      ['freshness(ts)', 'e8412a22'],
      ['schema', 'e3802304'],
      ['failed rows', 'a0e1a115'],
      ['missing_percent(email) < 5 %', '7db9e7e4'],
      ['valid_count(pct) > 0', 'f7f63466'],
    ]);
  });

  it('keeps the user identity as v4, and ignores name, samples limit, identity and attributes', () => {
    const [[, plain], [, tagged]] = identities(
      'checks for t:\n  - row_count > 0\n  - row_count > 0:\n      name: n\n      samples limit: 1\n      identity: mine\n      attributes: {a: 1}\n',
    ) as unknown as [[string, { v1: string; v4?: string }], [string, { v1: string; v4?: string }]];
    expect(tagged.v1).toBe(plain.v1);
    expect(tagged.v4).toBe('mine');
  });
});

describe('metric identities are Soda Core’s, hash included, for filtered and configured metrics', () => {
  /** The identities a check reports, with every computed value 1. */
  function metricIdentities(text: string): string[] {
    const parsed = parseChecks([{ filePath: 'checks.yml', text }], { env: {} });
    expect(parsed.diagnostics).toEqual([]);
    return parsed.checks.flatMap((check) => {
      const planned = planCheck(check, ctx);
      const values = new Map(planned.computations.map((c) => [c.key, { value: 1 }]));
      return planned.evaluate(values).metrics.map((m) =>
        metricIdentity('research_demo', 'postgres', {
          dataset: m.dataset,
          partition: m.partition,
          column: m.column,
          metricName: m.metricName,
          computationKey: m.variant,
        }),
      );
    });
  }

  it('equal those of a real Soda Core 3.5.6 scan (reference/soda-cloud-scan-results.json)', () => {
    expect(
      metricIdentities(
        [
          'checks for customers:',
          '  - max(cst_size) < 10:',
          "      filter: country = 'BE'",
          '  - failed rows:',
          '      fail condition: cst_size < 0',
          '  - invalid_count(email) = 0:',
          '      valid format: email',
          '  - avg(cst_size) between 1 and 2',
          '  - duplicate_count(cat) = 0',
          'checks for orders:',
          '  - values in (customer_id_nok) must exist in customers (id)',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'metric-research_demo-postgres-customers-cst_size-max-0ce3b0f6',
      'metric-research_demo-postgres-customers-row_count-40f5d92c',
      'metric-research_demo-postgres-customers-email-invalid_count-61813b33',
      'metric-research_demo-postgres-customers-cst_size-avg',
      'metric-research_demo-postgres-customers-cat-duplicate_count',
      'metric-research_demo-postgres-orders-customer_id_nok-reference-0e9a23ab',
    ]);
  });

  it('hash a single-column duplicate_count’s filter as Soda hashes it', () => {
    // NumericQueryMetric identity parts: no extra arguments, then the filter (blake2b, 4 bytes).
    expect(
      metricIdentities("checks for t:\n  - duplicate_count(cat) = 0:\n      filter: country = 'BE'\n"),
    ).toEqual(['metric-research_demo-postgres-t-cat-duplicate_count-0ce3b0f6']);
  });

  it('keep the invalid keys Soda leaves out, so different invalid_count metrics never share one (§6.1)', () => {
    const [values, format] = metricIdentities(
      'checks for t:\n  - invalid_count(id) = 0:\n      invalid values: [x]\n  - invalid_count(id) = 0:\n      invalid format: uuid\n',
    );
    expect(values).not.toBe(format);
    const [exist, notExist] = metricIdentities(
      'checks for t:\n  - values in a must exist in u b\n  - values in a must not exist in u b\n',
    );
    expect(exist).not.toBe(notExist);
  });
});
