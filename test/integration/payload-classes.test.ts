/**
 * A realistic payload from a real scan on PostgreSQL (every check kind, samples on): every leaf of the
 * document has a class, at every level; under strict, values only the data holds never reach the bytes.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DEFAULT_PRIVACY } from '../../src/config/privacy.js';
import { classifyDocument } from '../../src/payload/classes.js';
import { buildPayload } from '../../src/payload/prepare.js';
import type { ScanResult } from '../../src/scan/result.js';
import { createTestSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { itWhen } from '../support/prerequisites.js';
import { scanYaml } from '../support/scan-yaml.js';

const available = await postgresAvailable();
const test = itWhen(available, 'PostgreSQL on 127.0.0.1:5432');

const CHECKS = `checks for people:
  - row_count between 1 and 100
  - missing_count(email) = 0:
      name: Emails present
  - invalid_count(size) = 0:
      valid values: [S, M, L]
  - duplicate_count(size) = 0
  - max(nickname) = 0
  - avg(score) between 0 and 1
  - max(score) < 1
  - freshness(updated_at) < 1d
  - schema:
      fail:
        when required column missing: [id, phone]
  - values in (id) must exist in orders (person_id)
  - failed rows:
      name: Negative scores
      fail condition: score < 0
  - top_score < 5:
      top_score expression: MAX(score)
  - row_count same as orders
`;

describe('payload classes on a real scan', () => {
  let db: TestSchema;
  let result: ScanResult;

  beforeAll(async () => {
    if (!available) return;
    db = await createTestSchema('payload_classes');
    await db.sql(`CREATE TABLE people AS SELECT g AS id,
      CASE WHEN g % 3 = 0 THEN NULL ELSE 'canary' || g || '@example.com' END AS email,
      CASE WHEN g % 5 = 0 THEN 'XL' ELSE 'S' END AS size,
      'ZZ-NICK-' || g AS nickname,
      (g - 3) * 1.5 AS score,
      TIMESTAMP '2021-03-04 05:06:07' + g * INTERVAL '1 second' AS updated_at
      FROM generate_series(1, 12) g`);
    await db.sql('CREATE TABLE orders AS SELECT g AS person_id FROM generate_series(1, 8) g');
    ({ result } = await scanYaml(db, CHECKS, {
      definitionName: 'payload',
      sampling: { enabled: true, defaultLimit: 5, excludeColumns: {} },
    }));
  });

  afterAll(async () => {
    await db?.drop();
  });

  test('the scan has samples and covers the check kinds', () => {
    expect(result.checks.some((c) => c.samples && c.samples.rows.length > 0)).toBe(true);
    expect(result.checks.filter((c) => c.outcome !== null).length).toBeGreaterThanOrEqual(12);
  });

  for (const level of ['strict', 'standard', 'full'] as const) {
    test(`every leaf of the ${level} payload has a class`, () => {
      const built = buildPayload(result, { ...DEFAULT_PRIVACY, level });
      const leaves = classifyDocument(built.document);
      expect(leaves.filter((l) => l.unknown).map((l) => `${l.pointer} = ${JSON.stringify(l.value)}`)).toEqual(
        [],
      );
      if (level === 'full') expect(leaves.some((l) => l.fieldClass === 'sample')).toBe(true);
    });
  }

  test('with hashed identifiers too', () => {
    const built = buildPayload(
      result,
      { ...DEFAULT_PRIVACY, level: 'full', hashIdentifiers: true },
      { salt: new Uint8Array(32).fill(1) },
    );
    expect(classifyDocument(built.document).filter((l) => l.unknown)).toEqual([]);
    const text = new TextDecoder().decode(built.prepared.bytes);
    expect(text).not.toMatch(/(?<![A-Za-z0-9_])(people|orders|nickname|updated_at)(?![A-Za-z0-9_])/);
  });

  test('under strict, no value from the data is in the bytes', () => {
    const text = new TextDecoder().decode(
      buildPayload(result, { ...DEFAULT_PRIVACY, level: 'strict' }).prepared.bytes,
    );
    for (const canary of ['canary', 'ZZ-NICK', '2021-03-04', '@example.com', '"XL"'])
      expect(text).not.toContain(canary);
    // … and the standard payload does carry the text max, so the search above can find one.
    const standard = new TextDecoder().decode(buildPayload(result).prepared.bytes);
    expect(standard).toContain('ZZ-NICK-9');
    expect(standard).not.toContain('canary1@example.com');
  });
});
