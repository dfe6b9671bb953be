/**
 * The engine the SodaCL integration tests scan through: PostgreSQL (default), or Snowflake with
 * GATEHOUSE_TEST_ENGINE=snowflake — the same test schema read through snowflake-sdk and the Snowflake-protocol
 * server, one server per schema, stopped after the file. test/integration/snowflake-suite.test.ts runs the
 * engine-neutral files that way.
 */
import { afterAll } from 'vitest';
import type { Connector } from '../../src/connectors/connector.js';
import { openPostgresConnector } from '../../src/connectors/postgres/connector.js';
import type { TestSchema } from './postgres.js';
import type { SnowflakeServer } from './snowflake/server.js';

export const TEST_ENGINE: 'postgres' | 'snowflake' =
  process.env.GATEHOUSE_TEST_ENGINE === 'snowflake' ? 'snowflake' : 'postgres';

const servers = new Map<string, Promise<SnowflakeServer>>();

if (TEST_ENGINE === 'snowflake') {
  afterAll(async () => {
    for (const server of servers.values()) await (await server).stop();
    servers.clear();
  });
}

/** A connector on the test schema through the engine under test, and the schema name as that engine spells it. */
export async function openTestConnector(db: TestSchema): Promise<{ connector: Connector; schema: string }> {
  if (TEST_ENGINE === 'postgres') {
    return { connector: await openPostgresConnector(db.dataSource()), schema: db.schema };
  }
  // Loaded only for a Snowflake run: PostgreSQL runs never touch the test server's modules.
  const { openSnowflake, snowflakeDataSource, startSnowflake } = await import('./snowflake-connector.js');
  let server = servers.get(db.schema);
  if (!server) {
    server = startSnowflake(db);
    servers.set(db.schema, server);
  }
  const started = await server;
  return { connector: await openSnowflake(snowflakeDataSource(started)), schema: started.schema };
}

/** A name as the engine under test reports it: Snowflake reports unquoted (here: lower-case) names in upper case. */
export function engineName(name: string): string {
  return TEST_ENGINE === 'snowflake' && name === name.toLowerCase() ? name.toUpperCase() : name;
}
