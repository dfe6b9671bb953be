/** Parse SodaCL text and scan it on a test schema through a counting connector: the whole path, as the CLI runs it. */
import { expect } from 'vitest';
import type { ScanResult } from '../../src/scan/result.js';
import { runScan, type ScanInput } from '../../src/scan/run-scan.js';
import { parseChecks } from '../../src/sodacl/parse.js';
import { countingConnector } from './counting-connector.js';
import type { TestSchema } from './postgres.js';
import { openTestConnector } from './test-engine.js';

export interface YamlScan {
  result: ScanResult;
  /** Every SQL statement the scan sent, in order. */
  statements: string[];
  /** The check whose display name is `name`; throws with the names there are when none is. */
  check(name: string): ScanResult['checks'][number];
}

export type YamlScanOptions = Partial<Pick<ScanInput, 'definitionName' | 'sampling' | 'previousSchema'>> & {
  /** Scan variables, for the parser and the scan alike. */
  variables?: Record<string, string>;
};

/** The check of a result whose display name is `name`; throws with the names there are when none is. */
export function checkNamed(result: ScanResult, name: string): ScanResult['checks'][number] {
  const found = result.checks.find((c) => c.displayName === name);
  if (!found)
    throw new Error(`no check named ${name}: ${result.checks.map((c) => c.displayName).join(' | ')}`);
  return found;
}

export async function scanYaml(
  db: TestSchema,
  yaml: string,
  options: YamlScanOptions = {},
): Promise<YamlScan> {
  const { variables, definitionName = 'test', ...scanOptions } = options;
  const parsed = parseChecks([{ filePath: 'checks.yml', text: yaml }], { env: {}, variables });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  // PostgreSQL, or Snowflake with GATEHOUSE_TEST_ENGINE=snowflake (test-engine.ts).
  const opened = await openTestConnector(db);
  const connector = countingConnector(opened.connector);
  let result: ScanResult;
  try {
    result = await runScan({
      checks: parsed.checks,
      connector,
      schema: opened.schema,
      definitionName,
      variables,
      ...scanOptions,
    });
  } finally {
    await connector.close();
  }
  return { result, statements: connector.statements, check: (name) => checkNamed(result, name) };
}
