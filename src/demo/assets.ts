/**
 * The demo's data files. tsc does not copy them into `dist/`, so they are read from `src/demo/assets` under the
 * package root, both when running the sources and the compiled output (package.json `files` ships that folder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/package-root.js';

export const DEMO_ASSETS_FOLDER = join(packageRoot(), 'src', 'demo', 'assets');

/** SQL that creates schema `demo` and fills it; deterministic, so its hash identifies the data. */
export const DEMO_DATASET_FILE = join(DEMO_ASSETS_FOLDER, 'dataset.sql');

/** The SodaCL checks `gatehouse demo` runs: a mix of passes, warnings and failures. */
export const DEMO_CHECKS_FILE = join(DEMO_ASSETS_FOLDER, 'checks.yml');

/** The schema the dataset creates; the demo data source points its search_path there. */
export const DEMO_SCHEMA = 'demo';

export function readDemoDataset(): string {
  try {
    return readFileSync(DEMO_DATASET_FILE, 'utf8');
  } catch (error) {
    throw new Error(
      `The demo dataset ${DEMO_DATASET_FILE} is missing: the installed package is incomplete (${(error as Error).message})`,
    );
  }
}
