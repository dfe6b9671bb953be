/** Parse SodaCL text and scan it on a test schema through a counting connector: the whole path, as the CLI runs it. */
import { expect } from 'vitest';
import { openPostgresConnector } from '../../src/connectors/postgres/connector.js';
import type { ScanResult } from '../../src/scan/result.js';
import { runScan } from '../../src/scan/run-scan.js';
import type { SamplingPolicy } from '../../src/scan/sampling/policy.js';
import { parseChecks } from '../../src/sodacl/parse.js';
import { countingConnector } from './counting-connector.js';
import type { TestSchema } from './postgres.js';

export interface YamlScan {
  result: ScanResult;
  /** Every SQL statement the scan sent, in order. */
  statements: string[];
  /** The check whose display name is `name`; throws with the names there are when none is. */
  check(name: string): ScanResult['checks'][number];
}

export async function scanYaml(
  db: TestSchema,
  yaml: string,
  definitionName = 'test',
  sampling?: SamplingPolicy,
): Promise<YamlScan> {
  const parsed = parseChecks([{ filePath: 'checks.yml', text: yaml }], { env: {} });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const connector = countingConnector(await openPostgresConnector(db.dataSource()));
  let result: ScanResult;
  try {
    result = await runScan({ checks: parsed.checks, connector, schema: db.schema, definitionName, sampling });
  } finally {
    await connector.close();
  }
  return {
    result,
    statements: connector.statements,
    check(name) {
      const found = result.checks.find((c) => c.displayName === name);
      if (!found)
        throw new Error(`no check named ${name}: ${result.checks.map((c) => c.displayName).join(' | ')}`);
      return found;
    },
  };
}
