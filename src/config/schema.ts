/**
 * The shape of configuration.yml, Soda-compatible, with Gatehouse's few additions.
 * zod/mini: the same validation as zod's classic API at a fraction of the code to load at start-up.
 */
import * as z from 'zod/mini';
import { SSL_MODES } from './model.js';

const digits = z.pipe(z.string().check(z.regex(/^\d+$/, 'expected a whole number')), z.transform(Number));
/** Seconds written as text ("30", "2.5"); a unit ("30s") is not Soda's format either. */
const decimal = z.pipe(
  z.string().check(z.regex(/^\d+(\.\d+)?$/, 'expected a number of seconds, without a unit (e.g. 30)')),
  z.transform(Number),
);
const port = z.pipe(
  z.union([z.number(), digits]),
  z.int().check(z.minimum(1, 'ports start at 1'), z.maximum(65535, 'ports end at 65535')),
);
const seconds = z.pipe(
  z.union([z.number(), decimal]),
  z.number().check(z.minimum(0, 'must not be negative')),
);
/** Gatehouse's `pool_size`: connections a scan may use at once. */
export const poolSize = z.int().check(z.minimum(1), z.maximum(32));
const text = z.union([z.string(), z.pipe(z.number(), z.transform(String))]);

/** Soda's `sampler:` block. Failed-row samples are off by default in Gatehouse whatever it says. */
const sampler = z.strictObject({
  disable_samples: z.optional(z.boolean()),
  samples_limit: z.optional(z.int().check(z.minimum(0))),
  exclude_columns: z.optional(z.record(z.string(), z.array(z.string()))),
  storage: z.optional(z.record(z.string(), z.unknown())),
});

export const postgresBlock = z.strictObject({
  type: z.literal('postgres'),
  host: z.string().check(z.minLength(1, 'host must not be empty')),
  port: z._default(port, 5432),
  username: text,
  password: z.optional(text),
  database: text,
  schema: z.optional(text),
  sslmode: z._default(z.enum(SSL_MODES), 'prefer'),
  sslrootcert: z.optional(z.string()),
  sslcert: z.optional(z.string()),
  sslkey: z.optional(z.string()),
  /** Seconds, as in Soda. */
  connection_timeout: z._default(seconds, 30),
  sampler: z.optional(sampler),
  disable_samples: z.optional(z.boolean()),
  /** Gatehouse: how many queries a scan may run at once. */
  pool_size: z._default(poolSize, 2),
  /** Gatehouse: statement timeout for scan queries, in seconds (0: none). */
  statement_timeout: z._default(seconds, 0),
});

/** A Soda session parameter value: Snowflake takes text, numbers and booleans. */
const sessionValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Soda's snowflake keys, plus `host`/`port`/`protocol` (private link, test servers), `token` (OAuth or programmatic
 * access token) and Gatehouse's `pool_size`/`statement_timeout`. The account identifier, the authenticator and
 * the secrets each mode needs are checked after this shape (load-snowflake.ts), with their own messages.
 */
export const snowflakeBlock = z.strictObject({
  type: z.literal('snowflake'),
  account: text,
  username: z.optional(text),
  password: z.optional(text),
  authenticator: z.optional(z.string()),
  private_key: z.optional(z.string()),
  private_key_passphrase: z.optional(text),
  /** Soda's key file path: refused with a message (the key belongs in the secret store). */
  private_key_path: z.optional(z.string()),
  token: z.optional(z.string()),
  warehouse: z.optional(text),
  role: z.optional(text),
  database: z.optional(text),
  schema: z.optional(text),
  host: z.optional(z.string().check(z.minLength(1, 'host must not be empty'))),
  port: z.optional(port),
  protocol: z._default(z.enum(['https', 'http']), 'https'),
  /** Seconds, as in Soda. */
  connection_timeout: z._default(seconds, 30),
  session_params: z._default(z.record(z.string(), sessionValue), {}),
  /** Soda v4's name of session_params (Soda v3 reads it too): the same thing, so both spellings load. */
  session_parameters: z.optional(z.record(z.string(), sessionValue)),
  /** Soda's key; Gatehouse scans are short and keep no session alive. Accepted so that Soda files load. */
  client_session_keep_alive: z.optional(z.boolean()),
  /** Soda's Python-connector tuning keys, which have no counterpart in snowflake-sdk: accepted, not used. */
  client_prefetch_threads: z.optional(z.number()),
  client_store_temporary_credential: z.optional(z.boolean()),
  /** Soda's MFA passcode inside the password: Gatehouse has no MFA login; true is refused with what to use. */
  passcode_in_password: z.optional(z.boolean()),
  sampler: z.optional(sampler),
  disable_samples: z.optional(z.boolean()),
  pool_size: z._default(poolSize, 2),
  /** Seconds per scan query; 0 means none. Warehouse time costs credits, so the default bounds it. */
  statement_timeout: z._default(seconds, 3600),
});

export const sodaCloudBlock = z.strictObject({
  host: z.optional(z.string().check(z.minLength(1))),
  port: z.optional(port),
  scheme: z.optional(z.enum(['https', 'http'])),
  api_key_id: z.optional(text),
  api_key_secret: z.optional(text),
});

/**
 * Gatehouse's `destinations:` block: where approved payloads may go besides Soda Cloud. The webhook's signing
 * secret is never in the file: it is the secret store's `webhook` / `signing_secret`.
 */
export const destinationsBlock = z.strictObject({
  webhook: z.optional(z.strictObject({ url: z.string().check(z.minLength(1, 'url must not be empty')) })),
  file: z.optional(z.strictObject({ path: z.string().check(z.minLength(1, 'path must not be empty')) })),
});

export const SUPPORTED_TYPES = ['postgres', 'snowflake'] as const;
/** Types recognised but not supported yet (none at present). */
export const PLANNED_TYPES = [] as const;
