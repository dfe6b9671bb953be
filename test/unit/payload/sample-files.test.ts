/** Sample rows for Soda Cloud: separate JSON Lines files, named in the document by their SHA-256. */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/common/sha256.js';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import { fileIdPlaceholders, replaceFileIds } from '../../../src/payload/sample-files.js';
import { CANARY, fixtureResult } from './fixture.js';

const SALT = new Uint8Array(32).fill(7);

function build(policy: Partial<PrivacyConfig>, samples: 'inline' | 'files' = 'files') {
  const built = buildPayload(fixtureResult(), { ...DEFAULT_PRIVACY, ...policy }, { salt: SALT, samples });
  const text = new TextDecoder().decode(built.prepared.bytes);
  return { prepared: built.prepared, text, doc: JSON.parse(text) };
}

const lines = (bytes: Uint8Array) =>
  new TextDecoder()
    .decode(bytes)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

describe('sample files (Soda Cloud layout)', () => {
  it('level full: the rows leave the document for a JSON Lines file that the block names by its SHA-256', () => {
    const { prepared, text, doc } = build({ level: 'full' });
    expect(prepared.sampleFiles).toHaveLength(1);
    const [file] = prepared.sampleFiles;
    expect(new TextDecoder().decode(file?.bytes)).toBe(`[1,"${CANARY.sampleValue}",1.5]\n[2,null,"NaN"]\n`);
    expect(file?.sha256).toBe(sha256Hex(file?.bytes ?? new Uint8Array()));
    expect(file?.path).toBe('demo_20261129140820_20261129140821/customers_email_failed_rows.jsonl');
    expect(file?.rows).toBe(2);
    // The document holds no row, only the reference Soda Cloud expects, with the file's hash for an id.
    expect(text).not.toContain(CANARY.sampleValue);
    expect(text).not.toContain('"rows"');
    expect(file?.pointer).toBe('/checks/1/diagnostics/blocks/0/file/reference/fileId');
    expect(doc.checks[1].diagnostics.blocks[0].file).toEqual({
      columns: [
        { name: 'id', type: 'int4' },
        { name: 'email', type: 'varchar' },
        { name: 'cst_size', type: 'float8' },
      ],
      totalRowCount: 2,
      storedRowCount: 2,
      reference: { type: 'sodaCloudStorage', fileId: `sha256:${file?.sha256}` },
    });
    expect(fileIdPlaceholders(doc)).toEqual([file?.sha256]);
  });

  it('carries only the columns sample_columns allows, and the block lists just those', () => {
    const { prepared, doc } = build({ level: 'full', sampleColumns: ['id'] });
    expect(lines(prepared.sampleFiles[0]?.bytes ?? new Uint8Array())).toEqual([[1], [2]]);
    expect(doc.checks[1].diagnostics.blocks[0].file.columns).toEqual([{ name: 'id', type: 'int4' }]);
  });

  it('with hash_identifiers the File-Path names the dataset and column by their hashes', () => {
    const { prepared, doc } = build({ level: 'full', hashIdentifiers: true });
    const path = prepared.sampleFiles[0]?.path ?? '';
    expect(path).not.toMatch(/customers|email/);
    expect(path).toContain(`/${doc.checks[1].table}_${doc.checks[1].column}_failed_rows.jsonl`);
  });

  it('standard and strict: no file at all, and nothing in the document names one', () => {
    for (const level of ['standard', 'strict'] as const) {
      const { prepared, text } = build({ level });
      expect(prepared.sampleFiles).toEqual([]);
      expect(text).not.toContain('sha256:');
      expect(text).not.toContain(CANARY.sampleValue);
    }
  });

  it('the inline layout (webhook, file export) keeps the rows in the one body and makes no file', () => {
    const { prepared, doc } = build({ level: 'full' }, 'inline');
    expect(prepared.sampleFiles).toEqual([]);
    expect(doc.checks[1].diagnostics.blocks[0].file.rows).toEqual([
      [1, CANARY.sampleValue, 1.5],
      [2, null, 'NaN'],
    ]);
  });
});

describe('replaceFileIds', () => {
  it('swaps each placeholder for the id Soda Cloud gave, and changes nothing else', () => {
    const { prepared, text } = build({ level: 'full' });
    const sha = prepared.sampleFiles[0]?.sha256 ?? '';
    const sent = replaceFileIds(prepared.bytes, new Map([[sha, 'cloud-file-7']]));
    expect(new TextDecoder().decode(sent)).toBe(
      text.replace(`"fileId":"sha256:${sha}"`, '"fileId":"cloud-file-7"'),
    );
  });

  it('refuses to send a document that is not in canonical form (more than the ids would change)', () => {
    const { prepared } = build({ level: 'full' });
    const sha = prepared.sampleFiles[0]?.sha256 ?? '';
    const text = new TextDecoder().decode(prepared.bytes);
    const spaced = new TextEncoder().encode(` ${text}`);
    expect(() => replaceFileIds(spaced, new Map([[sha, 'x']]))).toThrow(/change other bytes/);
  });

  it('refuses a placeholder without an id, and an id without a placeholder', () => {
    const { prepared } = build({ level: 'full' });
    expect(() => replaceFileIds(prepared.bytes, new Map())).toThrow(/no file id/);
    const sha = prepared.sampleFiles[0]?.sha256 ?? '';
    const extra = new Map([
      [sha, 'a'],
      ['0'.repeat(64), 'b'],
    ]);
    expect(() => replaceFileIds(prepared.bytes, extra)).toThrow(/does not refer/);
  });
});
