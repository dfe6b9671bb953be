/** A data source form's starting values, and the definition as sent (empty optional keys left out). */
import type {
  DataSourceDefinition,
  PostgresDefinition,
  SnowflakeDefinition,
} from '../../../../src/api/desktop/contract.js';

export const NEW_POSTGRES: PostgresDefinition = {
  type: 'postgres',
  name: '',
  host: 'localhost',
  port: 5432,
  username: '',
  database: '',
  sslmode: 'prefer',
};

export const NEW_SNOWFLAKE: SnowflakeDefinition = {
  type: 'snowflake',
  name: '',
  account: '',
  username: '',
  authenticator: 'externalbrowser',
};

/** Data source names as configuration.yml and the keychain accept them. */
export const NAME_PATTERN = /^[a-z_][a-z_0-9]+$/;

export function cleanDefinition<D extends DataSourceDefinition>(definition: D): D {
  const entries = Object.entries(definition).filter(
    ([, value]) => value !== undefined && value !== '' && !(typeof value === 'number' && Number.isNaN(value)),
  );
  return Object.fromEntries(entries) as D;
}
