/** The connection-test engines by data source type. Snowflake's plugs in here when it exists. */
import type { DiagnosticEngine } from './engine.js';
import { postgresEngine } from './postgres.js';
import { snowflakeEngine } from './snowflake.js';

const ENGINES: ReadonlyMap<string, DiagnosticEngine> = new Map([
  [postgresEngine.type, postgresEngine],
  [snowflakeEngine.type, snowflakeEngine],
]);

export function engineFor(type: string): DiagnosticEngine | undefined {
  return ENGINES.get(type);
}
