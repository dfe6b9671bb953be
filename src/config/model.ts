/** Data source configuration after validation: what connectors receive. */
import type { SourceLocation } from '../sodacl/model.js';
import type { PrivacyConfig } from './privacy.js';

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

/** Snowflake's login modes, as snowflake-sdk names them (configuration.yml's `authenticator`, any case). */
export const SNOWFLAKE_AUTHENTICATORS = [
  'SNOWFLAKE',
  'SNOWFLAKE_JWT',
  'OAUTH',
  'PROGRAMMATIC_ACCESS_TOKEN',
  'EXTERNALBROWSER',
] as const;
export type SnowflakeAuthenticator = (typeof SNOWFLAKE_AUTHENTICATORS)[number];

export interface SnowflakeDataSource {
  type: 'snowflake';
  name: string;
  /** The account identifier, validated: `orgname-accountname` or a legacy locator with its region. */
  account: string;
  username?: string;
  authenticator: SnowflakeAuthenticator;
  /** Each secret is absent when the config leaves it out (it is then looked up in the secret store). */
  password?: string;
  /** PEM text of the private key (SNOWFLAKE_JWT); never a path. */
  privateKey?: string;
  privateKeyPassphrase?: string;
  /** OAuth access token or programmatic access token. */
  token?: string;
  warehouse?: string;
  role?: string;
  database?: string;
  schema?: string;
  /** Private-link endpoint or a test server: the host to connect to instead of `<account>.snowflakecomputing.com`. */
  host?: string;
  port?: number;
  /** `http` only for a loopback host. */
  protocol: 'https' | 'http';
  connectionTimeoutMs: number;
  /** Soda's `session_params`: set with ALTER SESSION on each connection. */
  sessionParams: Record<string, string | number | boolean>;
  poolSize: number;
  /** Per-query timeout for scan queries; the query is cancelled on the server when it passes. */
  statementTimeoutMs: number;
  sampler?: SamplerConfig;
}

export type DataSourceConfig = PostgresDataSource | SnowflakeDataSource;

/** A secret field whose value is written literally in the file (not a `${VAR}` reference). Never the value. */
export interface PlaintextSecret {
  /** The data source's name, or `soda_cloud`. */
  dataSource: string;
  field: string;
  /** Where the value stands in the file. */
  location: SourceLocation;
}

/** The `soda_cloud:` block (Soda's keys). The API key secret is better kept in the secret store. */
export interface SodaCloudConfig {
  host?: string;
  port?: number;
  scheme: 'https' | 'http';
  apiKeyId?: string;
  /** Only when written in the file (discouraged): else the secret store's `soda_cloud` / `api_key_secret`. */
  apiKeySecret?: string;
}

/** Gatehouse's `destinations:` block; a relative file path is resolved against the configuration's folder. */
export interface DestinationsConfig {
  webhook?: { url: string };
  file?: { path: string };
}

export interface Configuration {
  filePath: string;
  sodaCloud?: SodaCloudConfig;
  destinations?: DestinationsConfig;
  dataSources: Record<string, DataSourceConfig>;
  /** Data sources in the file that `LoadOptions.only` left out: known by name, neither validated nor resolved. */
  otherDataSources?: string[];
  /** Secret fields written in plain text, in file order: each gets a loud warning and `gatehouse secrets import`. */
  plaintextSecrets: PlaintextSecret[];
  /** The `privacy:` block; absent: the default policy (level standard). */
  privacy?: PrivacyConfig;
}
