/** Open the connector for a configured data source. Drivers load only when a scan needs them. */
import type { DataSourceConfig } from '../config/model.js';
import type { Connector } from './connector.js';

export interface OpenOptions {
  /** A secret from the secret store, used when the configuration leaves it out. */
  password?: string;
}

export async function openConnector(ds: DataSourceConfig, options: OpenOptions = {}): Promise<Connector> {
  switch (ds.type) {
    case 'postgres': {
      const { openPostgresConnector } = await import('./postgres/connector.js');
      return openPostgresConnector(ds, options);
    }
  }
}
