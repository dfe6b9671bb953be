/**
 * The payload lets a metric's value out at every privacy level when its name is a count's (COUNT_METRICS): no
 * user-defined metric may take such a name, or `reference query: SELECT MAX(salary) …` would send a salary at
 * level strict as if it were a count.
 */
import { describe, expect, it } from 'vitest';
import { COUNT_METRICS } from '../../../src/payload/classes.js';
import { parseChecks } from '../../../src/sodacl/parse.js';

describe('count metric names', () => {
  for (const name of COUNT_METRICS) {
    it(`"${name}" cannot name a user-defined metric`, () => {
      const text = `checks for customers:\n  - ${name} < 1:\n      ${name} query: SELECT MAX(amount) FROM customers\n`;
      const parsed = parseChecks([{ filePath: 'checks.yml', text }], { env: {} });
      expect(parsed.checks.filter((check) => check.kind === 'user-metric')).toEqual([]);
      expect(parsed.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    });
  }

  it('says what to do', () => {
    const text =
      'checks for customers:\n  - reference < 1:\n      reference query: SELECT MAX(amount) FROM customers\n';
    const parsed = parseChecks([{ filePath: 'checks.yml', text }], { env: {} });
    expect(parsed.diagnostics.map((d) => d.message)).toContain(
      "reference is the metric of Soda's reference checks; give the user-defined metric a name of its own",
    );
  });
});
