/**
 * A check's `location.filePath` (and a log line's) is an identifier, but free text: a file named after a dataset
 * or a column must not reveal a name the policy hashes or excludes, and an absolute path (the app's file picker)
 * must not reveal the folders above the file, which often name a person.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import type { ScanResult } from '../../../src/scan/result.js';
import { fixtureResult } from './fixture.js';

const SALT = new Uint8Array(32).fill(7);

function result(filePath = 'checks/customers.yml'): ScanResult {
  const base = fixtureResult();
  // Every check as if read from that file; one log line at the first check.
  for (const check of base.checks) check.check.location = { ...check.check.location, filePath };
  const location = { filePath, line: 2, col: 5 };
  base.logs.push({
    level: 'error',
    message: 'Something went wrong',
    timestamp: '2026-11-29T14:08:21.000Z',
    location,
  });
  return base;
}

function build(policy: Partial<PrivacyConfig>, filePath?: string) {
  const built = buildPayload(result(filePath), { ...DEFAULT_PRIVACY, ...policy }, { salt: SALT });
  const text = new TextDecoder().decode(built.prepared.bytes);
  return { built, text, doc: JSON.parse(text) };
}

describe('check file paths under a privacy policy', () => {
  it('are sent as they are by default', () => {
    const { doc } = build({});
    expect(doc.checks[0].location.filePath).toBe('checks/customers.yml');
  });

  it('an absolute path is sent as its file name alone, in checks and log lines (error locations too)', () => {
    const { doc, text } = build({}, '/home/jane.doe/projects/shop/checks.yml');
    expect(doc.checks[0].location.filePath).toBe('checks.yml');
    expect(doc.logs.at(-1)).toMatchObject({
      location: { filePath: 'checks.yml', line: 2, col: 5 },
      errorLocation: { filePath: 'checks.yml', line: 2, col: 5 },
    });
    expect(text).not.toContain('jane.doe');
  });

  it('hash_identifiers: a path naming a hashed dataset is withheld, in checks and log lines', () => {
    const { doc, text, built } = build({ hashIdentifiers: true });
    expect(text).not.toMatch(/(?<![A-Za-z0-9_])customers(?![A-Za-z0-9_])/);
    expect(doc.checks[0].location).toEqual({ filePath: null, line: 2, col: 5 });
    expect(doc.logs.at(-1)).toMatchObject({ message: 'Something went wrong', location: { filePath: null } });
    expect(built.withheld).toContainEqual({
      pointer: '/checks/0/location/filePath',
      fieldClass: 'identifier',
      reason: 'hash_identifiers',
      replacement: null,
    });
  });

  it('exclude_columns: a path naming an excluded column is withheld', () => {
    const { doc } = build({ excludeColumns: ['customers'] });
    expect(doc.checks[0].location.filePath).toBeNull();
  });
});
