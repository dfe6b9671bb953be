/**
 * Log lines belong to no dataset field, yet they quote check names and values. A line at a check's location is
 * held to that check's dataset rules; any other line to the strictest rules of every dataset in the scan, so a
 * dataset override (`level: strict`, `withhold_values`) cannot be talked around through the logs.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../../../src/config/privacy.js';
import { buildPayload } from '../../../src/payload/prepare.js';
import type { ScanResult } from '../../../src/scan/result.js';
import { CANARY, fixtureResult } from './fixture.js';

const at = (line: number) => ({ filePath: 'checks.yml', line, col: 5 });

function result(): ScanResult {
  const base = fixtureResult();
  base.logs.push(
    // At `max(cst_code) > 0` (customers) and at `row_count > 0` (orders).
    {
      level: 'warning',
      message: `Check "max(cst_code) > 0" was not evaluated: not a number: "${CANARY.failedValue}"`,
      timestamp: '2026-11-29T14:08:21.000Z',
      location: at(5),
    },
    {
      level: 'warning',
      message: 'Check "row_count > 0" took long',
      timestamp: '2026-11-29T14:08:21.000Z',
      location: at(13),
    },
  );
  return base;
}

function build(policy: Partial<PrivacyConfig>) {
  const built = buildPayload(result(), { ...DEFAULT_PRIVACY, ...policy });
  const text = new TextDecoder().decode(built.prepared.bytes);
  return { built, text, doc: JSON.parse(text) as { logs: { message: string | null }[] } };
}

const messages = (doc: { logs: { message: string | null }[] }) => doc.logs.map((l) => l.message);

describe('logs under dataset overrides', () => {
  it('without overrides, warning lines go at level standard', () => {
    const { doc } = build({});
    expect(messages(doc)).toContain(`Odd value "${CANARY.failedValue}" in cst_code`);
    expect(messages(doc)).toContain('Check "row_count > 0" took long');
  });

  it('a dataset set to strict: no line about it, and no line that may be about any dataset', () => {
    const { doc, text, built } = build({ datasets: { customers: { level: 'strict' } } });
    expect(text).not.toContain(CANARY.failedValue);
    expect(text).not.toContain('max(cst_code)');
    // The orders check's own line is held to orders' rules (standard) and goes.
    expect(messages(doc)).toEqual(['Check "row_count > 0" took long']);
    expect(built.leftOut).toContainEqual({
      section: 'logs',
      count: 6,
      reason: "below the strict level's log threshold, set by a dataset override",
    });
  });

  it('a dataset that withholds its values: lines that may quote them are withheld', () => {
    const { doc, text } = build({ datasets: { customers: { withholdValues: true } } });
    expect(text).not.toContain(CANARY.failedValue);
    expect(messages(doc)).toContain('Check "row_count > 0" took long');
  });

  it('a withheld line keeps its level, time, index and place: only the message is null', () => {
    const { doc } = build({ withholdValues: true });
    expect(doc.logs[0]).toEqual({
      index: 3,
      level: 'warning',
      message: null,
      timestamp: '2026-11-29T14:08:21+00:00',
    });
    expect(doc.logs.at(-1)).toMatchObject({ level: 'warning', message: null, location: at(13) });
  });

  it('withhold_values by column pattern: a line naming such a column is withheld', () => {
    const { text } = build({ withholdValues: ['cst_*'] });
    expect(text).not.toContain(CANARY.failedValue);
    expect(text).toContain('Column email has NULLs');
  });
});
