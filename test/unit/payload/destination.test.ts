import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/payload/canonical.js';
import { SODA_CLOUD_TYPE, sodaCloudBody } from '../../../src/payload/destination.js';
import { assertNotDryRun, DryRunError, isDryRun } from '../../../src/payload/dry-run.js';
import { preparePayload } from '../../../src/payload/prepare.js';
import { keyedName, saltPath, workspaceSalt } from '../../../src/payload/salt.js';
import { fixtureResult } from './fixture.js';

describe('the Soda Cloud body', () => {
  it('is the previewed bytes with exactly the token and type added before the final brace', () => {
    const { bytes } = preparePayload(fixtureResult());
    const body = sodaCloudBody(bytes, 'tok"en');
    const text = new TextDecoder().decode(bytes);
    const bodyText = new TextDecoder().decode(body);
    expect(bodyText).toBe(`${text.slice(0, -1)},"token":"tok\\"en","type":"${SODA_CLOUD_TYPE}"}`);
    // Still canonical: the two keys sort after every key of the document.
    expect(canonicalJson(JSON.parse(bodyText))).toBe(bodyText);
  });

  it('refuses bytes it could not wrap by insertion alone', () => {
    expect(() => sodaCloudBody(new TextEncoder().encode('{"type":"x"}'), 't')).toThrow('"token"');
    expect(() => sodaCloudBody(new TextEncoder().encode('[1]'), 't')).toThrow('not a JSON object');
  });
});

describe('dry-run mode', () => {
  it('is on for any value but empty, 0, false or no', () => {
    expect(isDryRun({})).toBe(false);
    for (const off of ['', '0', 'false', 'No']) expect(isDryRun({ GATEHOUSE_DRY_RUN: off })).toBe(false);
    for (const on of ['1', 'true', 'yes']) expect(isDryRun({ GATEHOUSE_DRY_RUN: on })).toBe(true);
    expect(() => assertNotDryRun({ GATEHOUSE_DRY_RUN: '1' })).toThrow(DryRunError);
    expect(() => assertNotDryRun({})).not.toThrow();
  });
});

describe('the workspace salt', () => {
  it('is made once (0600), reused, agreed on by concurrent callers, and keys the name hashes', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'gatehouse-salt-'));
    try {
      const salts = await Promise.all(Array.from({ length: 8 }, () => workspaceSalt(workspace)));
      const first = Buffer.from(salts[0] ?? []).toString('hex');
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      for (const salt of salts) expect(Buffer.from(salt).toString('hex')).toBe(first);
      expect(Buffer.from(await workspaceSalt(workspace)).toString('hex')).toBe(first);
      expect((await readFile(saltPath(workspace), 'utf8')).trim()).toBe(first);
      if (process.platform !== 'win32') expect((await stat(saltPath(workspace))).mode & 0o777).toBe(0o600);
      const salt = salts[0] ?? new Uint8Array();
      expect(keyedName(salt, 'customers')).toMatch(/^h_[0-9a-f]{16}$/);
      expect(keyedName(salt, 'customers')).toBe(keyedName(salt, 'customers'));
      expect(keyedName(salt, 'customers')).not.toBe(keyedName(new Uint8Array(32), 'customers'));
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
