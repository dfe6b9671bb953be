/**
 * Builds the CLI bundle once before the tests, so CLI tests run the code under test, not a stale build; and the
 * renderer, which the browser tests serve to Chromium. The renderer goes to a folder of this run's own (given to
 * the tests as `rendererDir`): a build in another checkout's run can never empty it under a running test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built renderer (index.html and assets) for the browser tests. */
    rendererDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'build', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
  const rendererDir = mkdtempSync(join(tmpdir(), 'gatehouse-renderer-'));
  const removeRenderer = () => rmSync(rendererDir, { recursive: true, force: true });
  try {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(root, 'renderer', 'vite.config.ts'),
        '--outDir',
        rendererDir,
        '--emptyOutDir',
      ],
      { cwd: root, stdio: 'inherit' },
    );
  } catch (error) {
    removeRenderer();
    throw error;
  }
  project.provide('rendererDir', rendererDir);
  return removeRenderer;
}
