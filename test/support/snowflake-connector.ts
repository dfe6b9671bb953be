/**
 * Scans through the real Snowflake connector (snowflake-sdk) against the Snowflake-protocol test server, which runs
 * the statements on a PostgreSQL test schema: the same tables a PostgreSQL scan of that schema reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnowflakeDataSource } from '../../src/config/model.js';
import type { Connector } from '../../src/connectors/connector.js';
import { type OpenOptions, openConnector } from '../../src/connectors/open.js';
import type { ScanResult } from '../../src/scan/result.js';
import { runScan } from '../../src/scan/run-scan.js';
import type { SamplingPolicy } from '../../src/scan/sampling/policy.js';
import { parseChecks } from '../../src/sodacl/parse.js';
import { countingConnector } from './counting-connector.js';
import type { TestSchema } from './postgres.js';
import { SnowflakeServer, type SnowflakeServerOptions } from './snowflake/server.js';

let workspace: string | undefined;
/** The workspace of these tests' connectors (the SDK's OCSP cache lands here, not in the tester's home). */
function testWorkspace(): string {
  if (!workspace) {
    const made = mkdtempSync(join(tmpdir(), 'gatehouse-sf-ws-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    workspace = made;
  }
  return workspace;
}

export const SCANNER = { name: 'SCANNER', password: 'Scanner-Password-8812' };

/** A server on the test schema with one password user, SCANNER. */
export function startSnowflake(
  db: TestSchema,
  options: Partial<SnowflakeServerOptions> = {},
): Promise<SnowflakeServer> {
  return SnowflakeServer.start({
    schema: db.schema,
    users: [{ name: SCANNER.name, password: SCANNER.password, defaultWarehouse: 'COMPUTE_WH' }],
    ...options,
  });
}

/** The data source that reaches the server, logging in as SCANNER with its password. */
export function snowflakeDataSource(
  server: SnowflakeServer,
  overrides: Partial<SnowflakeDataSource> = {},
): SnowflakeDataSource {
  return {
    type: 'snowflake',
    // As createTestSchema's PostgreSQL data source: tests can compare query names across engines.
    name: 'warehouse',
    account: server.account,
    username: SCANNER.name,
    authenticator: 'SNOWFLAKE',
    password: SCANNER.password,
    warehouse: 'COMPUTE_WH',
    database: server.database,
    schema: server.schema,
    host: server.host,
    port: server.port,
    protocol: 'http',
    connectionTimeoutMs: 20_000,
    sessionParams: {},
    poolSize: 2,
    statementTimeoutMs: 60_000,
    ...overrides,
  };
}

export function openSnowflake(ds: SnowflakeDataSource, options: OpenOptions = {}): Promise<Connector> {
  return openConnector(ds, { workspace: testWorkspace(), ...options });
}

export interface EngineScan {
  result: ScanResult;
  statements: string[];
}

/** Parse SodaCL text and scan it with the given connector, the way the CLI does. */
export async function scanWith(
  open: () => Promise<Connector>,
  yaml: string,
  options: { schema?: string; variables?: Record<string, string>; sampling?: SamplingPolicy } = {},
): Promise<EngineScan> {
  const parseOptions = { env: {}, variables: options.variables };
  const parsed = parseChecks([{ filePath: 'checks.yml', text: yaml }], parseOptions);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`check file errors: ${JSON.stringify(errors)}`);
  const connector = countingConnector(await open());
  try {
    const result = await runScan({
      checks: parsed.checks,
      forEach: { templates: parsed.forEach, parseOptions },
      connector,
      schema: options.schema,
      definitionName: 'test',
      variables: options.variables,
      ...(options.sampling ? { sampling: options.sampling } : {}),
    });
    return { result, statements: connector.statements };
  } finally {
    await connector.close();
  }
}
