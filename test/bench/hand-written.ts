/**
 * The hand-written SQL a PostgreSQL expert would run for the 25 benchmark checks, in the shapes the issue asks
 * to compare: one SELECT with everything, or the percentile in a pass of its own (after, or at the same time).
 */
import { formatRegex } from '../../src/sodacl/formats.js';
import { BENCH_SCHEMA } from './dataset.js';

const email = (formatRegex('email') as string).replaceAll("'", "''");

export const AGGREGATES = `SELECT count(*),
  count(*) FILTER (WHERE email IS NULL),
  count(*) FILTER (WHERE discount IS NULL),
  count(*) FILTER (WHERE email IS NOT NULL AND NOT email ~ '${email}'),
  count(*) FILTER (WHERE status IS NOT NULL AND status NOT IN ('new', 'paid', 'shipped', 'delivered', 'returned')),
  count(country),
  min(amount), max(amount), avg(amount), sum(quantity), min(quantity), max(quantity), avg(discount),
  stddev(amount), stddev_pop(amount), variance(amount), var_pop(quantity), var_samp(quantity), stddev_samp(discount),
  min(length(email)), max(length(email)), avg(length(country)),
  count(*) FILTER (WHERE customer_id IS NULL),
  count(*) FILTER (WHERE country = 'NL')`;

export const PERCENTILE = 'percentile_disc(0.95) WITHIN GROUP (ORDER BY amount)';

export const ONE_SELECT = `${AGGREGATES},\n  ${PERCENTILE}\nFROM ${BENCH_SCHEMA}.orders`;
export const AGGREGATES_ONLY = `${AGGREGATES}\nFROM ${BENCH_SCHEMA}.orders`;
export const PERCENTILE_ONLY = `SELECT ${PERCENTILE} FROM ${BENCH_SCHEMA}.orders`;

/** The 25 check values, in the order of checks-25.yml, from the one-SELECT row (24 aggregates + percentile). */
export function checkValuesFromRow(row: number[]): number[] {
  const [rows, missingEmail, missingDiscount, ...rest] = row as [number, number, number, ...number[]];
  const missingPercent = Math.round(((missingDiscount * 100) / rows) * 100) / 100;
  return [rows, missingEmail, missingPercent, ...rest];
}
