/** The benchmark's 5,000,000-row table, built once in its own schema and reused while its stamp matches. */
import pg from 'pg';

export const BENCH_SCHEMA = 'gatehouse_bench';
export const BENCH_ROWS = 5_000_000;
const STAMP = `orders-customers-v2-${BENCH_ROWS}`;

export const connection = {
  host: process.env.GATEHOUSE_BENCH_PGHOST ?? '127.0.0.1',
  port: Number(process.env.GATEHOUSE_BENCH_PGPORT ?? 5432),
  user: process.env.GATEHOUSE_BENCH_PGUSER ?? 'postgres',
  database: process.env.GATEHOUSE_BENCH_PGDATABASE ?? 'test',
};

const CREATE = `
CREATE TABLE ${BENCH_SCHEMA}.orders AS
SELECT g AS id,
       ((g::bigint * 7919) % 100000)::int AS customer_id,
       round((((g::bigint * 104729) % 100000) / 100.0)::numeric, 2)::double precision AS amount,
       (g % 17) + 1 AS quantity,
       CASE WHEN g % 13 = 0 THEN NULL ELSE ((g % 50) / 100.0)::double precision END AS discount,
       (ARRAY['new','paid','shipped','delivered','returned'])[(g % 5) + 1] AS status,
       CASE WHEN g % 97 = 0 THEN NULL WHEN g % 89 = 0 THEN 'broken' || g
            ELSE 'user' || (g % 100000) || '@example.com' END AS email,
       (ARRAY['NL','BE','FR','DE','US','GB'])[(g % 6) + 1] AS country,
       timestamp '2024-01-01' + (g % 31536000) * interval '1 second' AS created_at
FROM generate_series(1, ${BENCH_ROWS}) g`;

/** Customers referenced by orders.customer_id, for reference checks. */
const CREATE_CUSTOMERS = `
CREATE TABLE ${BENCH_SCHEMA}.customers AS
SELECT g AS id, 'customer ' || g AS name, (ARRAY['NL','BE','FR','DE','US','GB'])[(g % 6) + 1] AS country
FROM generate_series(0, 99999) g`;

export async function ensureDataset(log: (line: string) => void): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const stamp = await client
      .query(`SELECT obj_description('${BENCH_SCHEMA}.customers'::regclass) AS stamp`)
      .then((r) => r.rows[0]?.stamp as string | undefined)
      .catch(() => undefined);
    if (stamp === STAMP) return;
    log(`Building ${BENCH_ROWS.toLocaleString('en')} rows in ${BENCH_SCHEMA}.orders (once; about a minute)…`);
    await client.query(`DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${BENCH_SCHEMA}`);
    await client.query(CREATE);
    await client.query(CREATE_CUSTOMERS);
    await client.query(`VACUUM ANALYZE ${BENCH_SCHEMA}.orders`);
    await client.query(`VACUUM ANALYZE ${BENCH_SCHEMA}.customers`);
    await client.query(`COMMENT ON TABLE ${BENCH_SCHEMA}.customers IS '${STAMP}'`);
  } finally {
    await client.end();
  }
}
