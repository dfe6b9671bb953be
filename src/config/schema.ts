/** The shape of configuration.yml, Soda-compatible, with Gatehouse's few additions. */
import { z } from 'zod';
import { SSL_MODES } from './model.js';

const port = z
  .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1).max(65535));
const seconds = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().min(0));
const text = z.union([z.string(), z.number().transform(String)]);

/** Soda's `sampler:` block. Failed-row samples are off by default in Gatehouse whatever it says. */
const sampler = z.strictObject({
  disable_samples: z.boolean().optional(),
  samples_limit: z.number().int().min(0).optional(),
  exclude_columns: z.record(z.string(), z.array(z.string())).optional(),
  storage: z.record(z.string(), z.unknown()).optional(),
});

export const postgresBlock = z.strictObject({
  type: z.literal('postgres'),
  host: z.string().min(1, 'host must not be empty'),
  port: port.default(5432),
  username: text,
  password: text.optional(),
  database: text,
  schema: text.optional(),
  sslmode: z.enum(SSL_MODES).default('prefer'),
  sslrootcert: z.string().optional(),
  sslcert: z.string().optional(),
  sslkey: z.string().optional(),
  /** Seconds, as in Soda. */
  connection_timeout: seconds.default(30),
  sampler: sampler.optional(),
  disable_samples: z.boolean().optional(),
  /** Gatehouse: how many queries a scan may run at once. */
  pool_size: z.number().int().min(1).max(32).default(2),
  /** Gatehouse: statement timeout for scan queries, in seconds (0: none). */
  statement_timeout: seconds.default(0),
});

export const sodaCloudBlock = z.strictObject({
  host: z.string().min(1).optional(),
  port: port.optional(),
  scheme: z.enum(['https', 'http']).optional(),
  api_key_id: text.optional(),
  api_key_secret: text.optional(),
});

export const SUPPORTED_TYPES = ['postgres'] as const;
export const PLANNED_TYPES = ['snowflake'] as const;
