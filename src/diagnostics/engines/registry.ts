/** The connection-test engines by data source type. Snowflake's plugs in here when it exists. */
import type { DiagnosticEngine } from './engine.js';
import { postgresEngine } from './postgres.js';

const ENGINES: ReadonlyMap<string, DiagnosticEngine> = new Map([[postgresEngine.type, postgresEngine]]);

export function engineFor(type: string): DiagnosticEngine | undefined {
  return ENGINES.get(type);
}
