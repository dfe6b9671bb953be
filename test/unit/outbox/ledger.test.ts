import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendLedger,
  ledgerPath,
  type NewLedgerEntry,
  readLedger,
  verifyLedger,
} from '../../../src/outbox/ledger.js';

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-ledger-'));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

function entry(n: number): NewLedgerEntry {
  return {
    time: `2026-11-30T00:00:0${n}.000Z`,
    itemId: `${n}`.repeat(24),
    scanId: `scan-${n}`,
    definitionName: 'nightly',
    destination: { kind: 'webhook', address: 'https://hooks.example.com/in' },
    size: 100 + n,
    sha256: `${n}`.repeat(64),
    approver: 'pat',
    approvedAt: '2026-11-29T00:00:00.000Z',
    receipt: { status: 200, responseSha256: 'f'.repeat(64) },
  };
}

async function ledgerOf(count: number): Promise<string[]> {
  for (let n = 1; n <= count; n++) await appendLedger(workspace, entry(n));
  return (await readFile(ledgerPath(workspace), 'utf8')).trimEnd().split('\n');
}

async function verifyLines(lines: string[]) {
  await writeFile(ledgerPath(workspace), `${lines.join('\n')}\n`);
  return verifyLedger(ledgerPath(workspace));
}

describe('ledger', () => {
  it('chains each entry to the one before; an intact ledger verifies, with its head hash', async () => {
    await ledgerOf(3);
    const entries = await readLedger(workspace);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[1]?.prev).toBe(entries[0]?.hash);
    const result = await verifyLedger(ledgerPath(workspace));
    expect(result).toMatchObject({ ok: true, entries: 3, headHash: entries[2]?.hash });
  });

  it('an empty or missing ledger verifies', async () => {
    expect(await verifyLedger(ledgerPath(workspace))).toMatchObject({ ok: true, entries: 0 });
  });

  it('names an edited line', async () => {
    const lines = await ledgerOf(3);
    lines[1] = (lines[1] ?? '').replace('"size":102', '"size":999');
    expect(await verifyLines(lines)).toMatchObject({
      ok: false,
      badLine: 2,
      problem: expect.stringContaining('edited'),
    });
  });

  it('names the line after a removed one', async () => {
    const lines = await ledgerOf(3);
    expect(await verifyLines([lines[0] ?? '', lines[2] ?? ''])).toMatchObject({ ok: false, badLine: 2 });
  });

  it('names the first of two swapped lines', async () => {
    const lines = await ledgerOf(3);
    expect(await verifyLines([lines[0] ?? '', lines[2] ?? '', lines[1] ?? ''])).toMatchObject({
      ok: false,
      badLine: 2,
    });
  });

  it('names an inserted line, even one copied from elsewhere in the ledger', async () => {
    const lines = await ledgerOf(3);
    expect(await verifyLines([lines[0] ?? '', lines[1] ?? '', lines[1] ?? '', lines[2] ?? ''])).toMatchObject(
      {
        ok: false,
        badLine: 3,
      },
    );
    expect(
      await verifyLines([lines[0] ?? '', '{"not":"an entry"}', lines[1] ?? '', lines[2] ?? '']),
    ).toMatchObject({
      ok: false,
      badLine: 2,
    });
  });

  it('catches entries cut off the end through the head record', async () => {
    const lines = await ledgerOf(3);
    const result = await verifyLines(lines.slice(0, 1));
    expect(result).toMatchObject({ ok: false, problem: expect.stringContaining('removed from the end') });
  });

  it('drops a torn last line left by a crash before appending, and the chain holds', async () => {
    const lines = await ledgerOf(2);
    await writeFile(ledgerPath(workspace), `${lines.join('\n')}\n{"seq":3,"ti`);
    expect((await verifyLedger(ledgerPath(workspace))).ok).toBe(false);
    await appendLedger(workspace, entry(3));
    expect(await verifyLedger(ledgerPath(workspace))).toMatchObject({ ok: true, entries: 3 });
  });
});
