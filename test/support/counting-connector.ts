/** Wraps a connector to record every SQL statement sent, so tests can count queries independently. */
import type { Connector, QueryOptions } from '../../src/connectors/connector.js';

export interface CountingConnector extends Connector {
  readonly statements: string[];
}

export function countingConnector(inner: Connector): CountingConnector {
  const statements: string[] = [];
  return {
    get dialect() {
      return inner.dialect;
    },
    get dataSourceName() {
      return inner.dataSourceName;
    },
    get maxConcurrency() {
      return inner.maxConcurrency;
    },
    statements,
    query(sql: string, options?: QueryOptions) {
      statements.push(sql);
      return inner.query(sql, options);
    },
    close: () => inner.close(),
  };
}
