/** Open the connector for a configured data source. Drivers load only when a scan needs them. */
import type { DataSourceConfig } from '../config/model.js';
import type { Connector } from './connector.js';

export interface OpenOptions {
  /**
   * The password when the configuration leaves it out; as a function, asked only if the server wants one
   * (so a server that trusts the client never makes Gatehouse open the secret store).
   */
  password?: string | (() => Promise<string>);
  /** Bind client sockets to this local address: a diagnostics hook (see PostgresConnectOptions). */
  localAddress?: string;
}

export async function openConnector(ds: DataSourceConfig, options: OpenOptions = {}): Promise<Connector> {
  switch (ds.type) {
    case 'postgres': {
      const { openPostgresConnector } = await import('./postgres/connector.js');
      return openPostgresConnector(ds, options);
    }
  }
}
