/**
 * `gatehouse demo` as a user runs it after `npm install`: the embedded database starts, the scan shows passes,
 * warnings and failures, the demo exits 0, and its scan lands in the history.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('gatehouse demo', () => {
  it('scans the embedded demo database and records the scan', async () => {
    const run = await runCli(['demo']);
    expect(run.stderr).toMatch(/Starting the embedded demo database/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS/);
    expect(run.stdout).toMatch(/WARN/);
    expect(run.stdout).toMatch(/FAIL/);
    const summary = /(\d+) passed · (\d+) warned · (\d+) failed · 0 not evaluated/.exec(run.stdout);
    expect(
      summary
        ?.slice(1)
        .map(Number)
        .every((n) => n > 0),
    ).toBe(true);
    const history = await runCli(['scans', '--json']);
    expect(JSON.parse(history.stdout)[0]).toMatchObject({
      definitionName: 'gatehouse-demo',
      dataSource: 'demo',
    });
  }, 180_000);
});
