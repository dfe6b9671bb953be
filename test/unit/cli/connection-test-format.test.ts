import { describe, expect, it } from 'vitest';
import { stepDisplay } from '../../../src/cli/connection-test-format.js';
import type { StepReport } from '../../../src/diagnostics/report.js';

/** A stream that is not a terminal (a pipe, a CI log), collecting what is written. */
function pipe(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY: false,
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

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
