/** A data source by name from configuration.yml, its configured secrets registered for redaction at once. */
import { registerSecret } from '../common/redaction.js';
import { ConfigError } from '../config/errors.js';
import { type LoadOptions, loadConfiguration } from '../config/load.js';
import type { Configuration, DataSourceConfig } from '../config/model.js';

/** The model's secret-valued keys across data source types (PostgreSQL's password; Snowflake's keys and tokens). */
const SECRET_KEYS = ['password', 'privateKey', 'privateKeyPassphrase', 'token'] as const;

export async function findDataSource(
  configPath: string,
  name: string,
  options: LoadOptions,
): Promise<{ ds: DataSourceConfig; config: Configuration }> {
  // Only this block is validated: another environment's block, its variables unset here, does not stop this run.
  const config = await loadConfiguration(configPath, { ...options, only: [name] });
  const ds = config.dataSources[name];
  if (!ds) {
    const known = [...Object.keys(config.dataSources), ...(config.otherDataSources ?? [])];
    throw new ConfigError(
      `Data source "${name}" is not in ${configPath}. ${known.length > 0 ? `Configured: ${known.join(', ')}.` : 'It configures no data source.'}`,
    );
  }
  // Entry point of a configured secret (written in plain text or substituted from ${VAR}): register it before
  // anything can print it.
  const secrets = ds as Partial<Record<(typeof SECRET_KEYS)[number], string>>;
  for (const key of SECRET_KEYS) registerSecret(secrets[key]);
  return { ds, config };
}
