/**
 * Builds the CLI bundle once before the tests, so CLI tests run the code under test, not a stale build; and the
 * renderer (dist/renderer), which the browser tests serve to Chromium.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'build', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(root, 'renderer', 'vite.config.ts'),
    ],
    { cwd: root, stdio: 'inherit' },
  );
}
