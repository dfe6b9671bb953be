/**
 * `gatehouse demo`: an embedded PostgreSQL (PGlite) with a sample dataset, scanned through the same
 * configuration file and connector a real database uses.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cacheDir } from '../../common/app-dirs.js';
import { DEMO_CHECKS_FILE } from '../../demo/assets.js';
import { startEmbeddedPostgres } from '../../demo/embedded-postgres.js';
import { runScanCommand } from './scan.js';

export interface DemoOptions {
  keepRunning?: boolean;
  scanResultsFile?: string;
  /** The workspace whose history keeps the demo's scan, so `gatehouse scans` shows it right away. */
  workspace?: string;
}

export async function runDemoCommand(options: DemoOptions): Promise<number> {
  const folder = join(cacheDir(), 'demo');
  await mkdir(folder, { recursive: true });
  process.stderr.write('Starting the embedded demo database (PGlite)…\n');
  const database = await startEmbeddedPostgres({ dataDir: join(folder, 'pgdata') });
  try {
    const ds = database.dataSource;
    const configPath = join(folder, 'configuration.yml');
    const block = {
      type: 'postgres',
      host: ds.host,
      port: ds.port,
      username: ds.username,
      database: ds.database,
      schema: ds.schema,
      sslmode: ds.sslmode,
      pool_size: ds.poolSize,
    };
    await writeFile(
      configPath,
      `# Written by \`gatehouse demo\` for its embedded database.\n${stringify({ 'data_source demo': block })}`,
    );
    const checks = DEMO_CHECKS_FILE;
    process.stderr.write(`Scanning with ${checks}\n  and ${configPath}\n`);
    const code = await runScanCommand([checks], {
      dataSource: 'demo',
      configuration: configPath,
      scanDefinition: 'gatehouse-demo',
      scanResultsFile: options.scanResultsFile,
      workspace: options.workspace,
    });
    if (options.keepRunning) {
      process.stderr.write(
        `The demo database is running at ${ds.host}:${ds.port} (database ${ds.database}, user ${ds.username}). Press Ctrl+C to stop.\n`,
      );
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    // The demo's failures are on purpose: it succeeded if the scan ran. A real scan exits 1 or 2 here.
    if (code === 1 || code === 2) {
      process.stderr.write(
        `The demo data has deliberate problems: a real \`gatehouse scan\` with these results exits ${code} (0 pass, 1 warnings, 2 failures, 3 errors).\n`,
      );
      return 0;
    }
    return code;
  } finally {
    await database.stop();
  }
}
