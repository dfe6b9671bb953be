/** Data source configuration after validation: what connectors receive. */

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface PostgresDataSource {
  type: 'postgres';
  name: string;
  host: string;
  port: number;
  username: string;
  /** Absent when the config leaves it out (it is then looked up in the secret store). */
  password?: string;
  database: string;
  /** Becomes the session's search_path, as in Soda, and qualifies table names. */
  schema?: string;
  sslmode: SslMode;
  /** Paths of PEM files: CA bundle, client certificate, client key. */
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  connectionTimeoutMs: number;
  /** Queries a scan may run at once. */
  poolSize: number;
  /** Server-side statement timeout for scan queries (0: none). */
  statementTimeoutMs: number;
  /** Soda's `sampler:` settings. */
  sampler?: SamplerConfig;
}

export interface SamplerConfig {
  /** true only when the file says `disable_samples: false` explicitly: samples are off by default. */
  samplesRequested: boolean;
  samplesLimit?: number;
  /** Table pattern → column patterns never to sample. */
  excludeColumns: Record<string, string[]>;
}

export type DataSourceConfig = PostgresDataSource;

export interface Configuration {
  filePath: string;
  dataSources: Record<string, DataSourceConfig>;
}
