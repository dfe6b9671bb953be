import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderDetails, stepDisplay } from '../../../src/cli/connection-test-format.js';
import type { ConnectionTestReport, StepReport } from '../../../src/diagnostics/report.js';

/** A stream that is not a terminal (a pipe, a CI log), or a terminal of `columns`, collecting what is written. */
function pipe(terminal?: { columns: number }): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY: terminal !== undefined,
    columns: terminal?.columns,
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

const longStep = (message: string) =>
  ({
    id: 'allowlist',
    name: 'Allowlist rules',
    mandatory: false,
    status: 'pass',
    durationMs: 9,
    message,
  }) as StepReport;

// Plain text whatever the tester's terminal settings: colour codes are not what these tests are about.
beforeEach(() => {
  vi.stubEnv('NO_COLOR', '1');
  vi.stubEnv('FORCE_COLOR', undefined);
});
afterEach(() => vi.unstubAllEnvs());

describe('connection test step lines on a narrow terminal', () => {
  it('are cut to the width while live, then written whole when the test ends', () => {
    const message = 'pg_hba.conf (pg_hba_file_rules): 127.0.0.1 is allowed by rule 1: allow 127.0.0.1/32.';
    const out = pipe({ columns: 60 });
    const display = stepDisplay(out.stream);
    display.onStep(longStep(message), 0);
    const live = out.text();
    expect(live).not.toContain(message);
    expect(stripVTControlCharacters(live.split('\n')[0] ?? '').length).toBeLessThanOrEqual(59);
    display.stop();
    const final = out.text().slice(live.length);
    // Back to the block's first line, cleared to the end of the screen, the whole line written again.
    expect(final).toBe(`\x1b[1F\x1b[J✔ Allowlist rules (optional)   PASS      ${message} (9 ms)\n`);
  });
});

describe('connection test step lines in a pipe', () => {
  it('keep a long message whole, with its duration: nothing else in the log repeats it', () => {
    const message = `pg_hba.conf (pg_hba_file_rules): 127.0.0.1 is allowed by rule 1: ${'x'.repeat(250)} (line 119).`;
    const step = {
      id: 'allowlist',
      name: 'Allowlist rules',
      mandatory: false,
      status: 'pass',
      durationMs: 9,
      message,
    } as StepReport;
    const out = pipe();
    stepDisplay(out.stream).onStep(step, 0);
    expect(out.text()).toContain(`${message} (9 ms)\n`);
    expect(out.text()).not.toContain('…');
  });
});

describe('connection test details', () => {
  it("a driver message over several lines stays indented under its step (Snowflake's access control errors)", () => {
    const report: ConnectionTestReport = {
      dataSource: 'sf',
      type: 'snowflake',
      ok: true,
      ip: {},
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      steps: [
        {
          id: 'allowlist',
          name: 'Allowlist rules',
          description: 'Reads the allowlist.',
          mandatory: false,
          status: 'attention',
          message: 'The rules cannot be read.',
          raw: "SQL access control error:\nInsufficient privileges to operate on NETWORK POLICY 'P'",
        },
      ],
    };
    const text = renderDetails(report, { isTTY: false } as NodeJS.WriteStream);
    expect(text).toContain(
      "    Driver message: SQL access control error:\n      Insufficient privileges to operate on NETWORK POLICY 'P'",
    );
  });
});
