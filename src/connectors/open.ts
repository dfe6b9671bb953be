/** Open the connector for a configured data source. Drivers load only when a scan needs them. */
import { dataDir } from '../common/app-dirs.js';
import type { DataSourceConfig } from '../config/model.js';
import type { Connector } from './connector.js';

export interface OpenOptions {
  /**
   * The password when the configuration leaves it out; as a function, asked only if the server wants one
   * (so a server that trusts the client never makes Gatehouse open the secret store).
   */
  password?: string | (() => Promise<string>);
  /**
   * Any other secret field the configuration leaves out (Snowflake's `private_key`, `private_key_passphrase`,
   * `token`), asked only for the fields the login mode uses; undefined when none is stored.
   */
  secret?: (field: string) => Promise<string | undefined>;
  /** The workspace folder, for driver caches (Snowflake's OCSP cache); default: GATEHOUSE_HOME or the OS's. */
  workspace?: string;
  /** PostgreSQL: bind sockets to this local address (the connection test's tests). */
  localAddress?: string;
  /** Abandons the opening at once (PostgreSQL's sockets, Snowflake's login are destroyed). */
  signal?: AbortSignal;
}

export async function openConnector(ds: DataSourceConfig, options: OpenOptions = {}): Promise<Connector> {
  switch (ds.type) {
    case 'postgres': {
      const { openPostgresConnector } = await import('./postgres/connector.js');
      return openPostgresConnector(ds, options);
    }
    case 'snowflake': {
      const { openSnowflakeConnector } = await import('./snowflake/connector.js');
      return openSnowflakeConnector(ds, { ...options, workspace: options.workspace ?? dataDir() });
    }
  }
}
