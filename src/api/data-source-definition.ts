/**
 * A data source as the app's form edits it: Soda's keys in the API's camelCase, secrets left out (they go to the
 * secret store). The same schemas validate what the renderer sends and what the app reads back from the file.
 */
import * as z from 'zod/mini';
import { SSL_MODES } from '../config/model.js';
import { poolSize } from '../config/schema.js';
import { DATA_SOURCE_NAME } from '../secrets/store.js';
import type { SnowflakeAuthMode } from './desktop/contract.js';

const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));
export const dataSourceName = z
  .string()
  .check(
    z.regex(
      DATA_SOURCE_NAME,
      'lower-case letters, digits and _, at least two characters, not starting with a digit',
    ),
  );
const port = z.int().check(z.minimum(1, 'ports start at 1'), z.maximum(65535, 'ports end at 65535'));
const seconds = z.number().check(z.minimum(0, 'must not be negative'));

export const SNOWFLAKE_AUTH_MODES = [
  'externalbrowser',
  'snowflake_jwt',
  'programmatic_access_token',
  'oauth',
  'snowflake',
] as const satisfies readonly SnowflakeAuthMode[];

export const postgresDefinitionSchema = z.strictObject({
  type: z.literal('postgres'),
  name: dataSourceName,
  host: nonEmpty,
  port: z.optional(port),
  username: nonEmpty,
  database: nonEmpty,
  schema: z.optional(nonEmpty),
  sslmode: z.optional(z.enum(SSL_MODES)),
  sslrootcert: z.optional(nonEmpty),
  sslcert: z.optional(nonEmpty),
  sslkey: z.optional(nonEmpty),
  connectionTimeout: z.optional(seconds),
  poolSize: z.optional(poolSize),
  statementTimeout: z.optional(seconds),
});

/** Snowflake account identifiers: `orgname-account`, a locator with region (`xy12345.eu-west-1.aws`), no scheme. */
const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const snowflakeDefinitionSchema = z.strictObject({
  type: z.literal('snowflake'),
  name: dataSourceName,
  account: z.string().check(z.regex(ACCOUNT, 'an account identifier such as myorg-myaccount')),
  username: nonEmpty,
  authenticator: z.enum(SNOWFLAKE_AUTH_MODES),
  warehouse: z.optional(nonEmpty),
  role: z.optional(nonEmpty),
  database: z.optional(nonEmpty),
  schema: z.optional(nonEmpty),
  host: z.optional(nonEmpty),
  port: z.optional(port),
  protocol: z.optional(z.enum(['https', 'http'])),
  connectionTimeout: z.optional(seconds),
});

export const dataSourceDefinitionSchema = z.discriminatedUnion('type', [
  postgresDefinitionSchema,
  snowflakeDefinitionSchema,
]);

/** configuration.yml's key for a form field: Soda's snake_case (`connectionTimeout` → `connection_timeout`). */
const fileKey = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** A schema's fields (but type and name) with their file keys, in the schema's order. */
const keysOf = (schema: { shape: object }) =>
  Object.keys(schema.shape)
    .filter((field) => field !== 'type' && field !== 'name')
    .map((field) => [field, fileKey(field)] as const);

/** The form's fields and the file's keys, in the order a new block is written: the schemas' own. */
export const DEFINITION_KEYS = {
  postgres: keysOf(postgresDefinitionSchema),
  snowflake: keysOf(snowflakeDefinitionSchema),
} as const;
