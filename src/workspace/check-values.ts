/**
 * A saved scan's companion `scans/check-values/<id>.json`: each check's key, value and outcome, about 100 bytes a
 * check. A check's history reads these instead of parsing whole results (a 5,000-check scan file is ~4 MB). It is
 * a cache of the scan file: written after it, and rebuilt from it when missing or unreadable.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { writeFileAtomic } from '../common/atomic-write.js';
import type { CheckResult, Outcome, ScanResult } from '../scan/result.js';
import { checkValuesDir, ensureCheckValuesDir } from './location.js';

const FORMAT = 'gatehouse-check-values/1';

const fileSchema = z.object({
  format: z.literal(FORMAT),
  checks: z.array(
    z.tuple([z.string(), z.nullable(z.number()), z.nullable(z.enum(['pass', 'warn', 'fail']))]),
  ),
});

export interface CheckValue {
  value: number | null;
  outcome: Outcome | null;
}

/** The key a check's history follows it by: the user's `identity:` if set, else Soda's v3 identity. */
export function checkKey(check: Pick<CheckResult, 'identities'>): string | undefined {
  return check.identities?.v4 ?? check.identities?.v3;
}

/** Each keyed check's value and outcome; results saved before identities were recorded have none. */
export function checkValuesOf(result: ScanResult): Map<string, CheckValue> {
  const values = new Map<string, CheckValue>();
  for (const check of result.checks) {
    const key = checkKey(check);
    if (key !== undefined) values.set(key, { value: check.value, outcome: check.outcome });
  }
  return values;
}

export async function writeCheckValues(
  workspace: string,
  id: string,
  values: Map<string, CheckValue>,
): Promise<void> {
  const checks = [...values].map(([key, { value, outcome }]) => [key, value, outcome]);
  const path = join(await ensureCheckValuesDir(workspace), `${id}.json`);
  await writeFileAtomic(path, JSON.stringify({ format: FORMAT, checks }));
}

/** The companion's values, or undefined when it is missing or unreadable (the caller reads the scan file). */
export async function readCheckValues(
  workspace: string,
  id: string,
): Promise<Map<string, CheckValue> | undefined> {
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(
      JSON.parse(await readFile(join(checkValuesDir(workspace), `${id}.json`), 'utf8')),
    );
  } catch {
    return undefined;
  }
  return new Map(parsed.checks.map(([key, value, outcome]) => [key, { value, outcome }]));
}
