/**
 * Prints the plain closing line `N passed, N failed, N skipped` that CI reads to know tests really ran. Above it,
 * each distinct note a test gave when it skipped itself (`context.skip(condition, note)`), with its file and count,
 * so a skip says why at the end of the run instead of somewhere in the middle of the output.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notes = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else skipped++;
        if (result.state === 'skipped' && result.note) {
          const line = `${module.relativeModuleId}: ${result.note}`;
          notes.set(line, (notes.get(line) ?? 0) + 1);
        }
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    for (const [line, count] of notes) process.stdout.write(`\nskipped ${count}: ${line}`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
