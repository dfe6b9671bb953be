/**
 * Snowflake compatibility objects in PostgreSQL: functions whose name or meaning differs between the two engines,
 * domains for Snowflake types PostgreSQL lacks, Snowflake-shaped information_schema views, and integer division
 * that yields a fraction as Snowflake's does. Installed once per script version into a schema of its own
 * (`gh_sf_compat_<hash>`), under an advisory lock so parallel test files do not race. The translator calls every
 * function here by its qualified name; only the division operators rely on the search path.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const INTEGER_TYPES = ['smallint', 'integer', 'bigint'];

/** Snowflake divides integers into NUMBER with scale 6 (`1/3` is `0.333333`); PostgreSQL truncates. */
function integerDivision(): string {
  const lines: string[] = [];
  for (const left of INTEGER_TYPES) {
    for (const right of INTEGER_TYPES) {
      const fn = `@.int_divide_${left}_${right}`;
      lines.push(
        `CREATE FUNCTION ${fn}(a ${left}, b ${right}) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT round(a::numeric / b, 6) $$;`,
        `CREATE OPERATOR @./ (LEFTARG = ${left}, RIGHTARG = ${right}, FUNCTION = ${fn});`,
      );
    }
  }
  return lines.join('\n');
}

/** Snowflake regex parameters (c, i, m, s, e) → PostgreSQL ARE flags; Snowflake's `.` skips newlines unless `s`. */
const REGEX_FLAGS = `
CREATE FUNCTION @.regex_flags(parameters text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  insensitive boolean := false;
  multiline boolean := false;
  dotall boolean := false;
  ch text;
BEGIN
  FOREACH ch IN ARRAY regexp_split_to_array(coalesce(parameters, ''), '') LOOP
    CASE ch
      WHEN 'c' THEN insensitive := false;
      WHEN 'i' THEN insensitive := true;
      WHEN 'm' THEN multiline := true;
      WHEN 's' THEN dotall := true;
      WHEN 'e' THEN NULL;
      WHEN '' THEN NULL;
      ELSE RAISE EXCEPTION 'Invalid regular expression option: %', ch USING ERRCODE = '2201B';
    END CASE;
  END LOOP;
  RETURN (CASE WHEN insensitive THEN 'i' ELSE 'c' END)
    || (CASE WHEN multiline AND dotall THEN 'w' WHEN multiline THEN 'n' WHEN dotall THEN 's' ELSE 'p' END);
END $$;
`;

const REGEX_FUNCTIONS = `
CREATE FUNCTION @.regexp_like(subject text, pattern text, parameters text DEFAULT 'c') RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.regexp_like(subject, '\\A(?:' || pattern || ')\\Z', @.regex_flags(parameters)) $$;
CREATE FUNCTION @.rlike(subject text, pattern text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT @.regexp_like(subject, pattern, 'c') $$;
CREATE FUNCTION @.not_rlike(subject text, pattern text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT NOT @.regexp_like(subject, pattern, 'c') $$;
CREATE OPERATOR @.#~ (LEFTARG = text, RIGHTARG = text, FUNCTION = @.rlike);
CREATE OPERATOR @.!#~ (LEFTARG = text, RIGHTARG = text, FUNCTION = @.not_rlike);
CREATE FUNCTION @.regexp_replace(subject text, pattern text, replacement text DEFAULT '', pos integer DEFAULT 1,
  occ integer DEFAULT 0, parameters text DEFAULT 'c') RETURNS text
  LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT pg_catalog.regexp_replace(subject, pattern, replacement, pos, occ, @.regex_flags(parameters)) $$;
CREATE FUNCTION @.regexp_count(subject text, pattern text, pos integer DEFAULT 1, parameters text DEFAULT 'c')
  RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT pg_catalog.regexp_count(subject, pattern, pos, @.regex_flags(parameters)) $$;
CREATE FUNCTION @.regexp_substr(subject text, pattern text, pos integer DEFAULT 1, occ integer DEFAULT 1,
  parameters text DEFAULT 'c', group_num integer DEFAULT 0) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT pg_catalog.regexp_substr(subject, pattern, pos, occ, @.regex_flags(parameters), group_num) $$;
`;

/** TO_VARCHAR / TO_CHAR: one argument formats dates and times with the session's output formats. */
const TEXT_FUNCTIONS = `
CREATE FUNCTION @.sf_collate(value text, collation text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT value $$;
CREATE FUNCTION @.to_varchar(value anyelement) RETURNS text LANGUAGE sql STABLE AS $$ SELECT value::text $$;
CREATE FUNCTION @.to_varchar(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT value $$;
CREATE FUNCTION @.to_varchar(value boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT value::text $$;
CREATE FUNCTION @.to_varchar(value date) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(value::timestamp, current_setting('gatehouse_sf.date_format')) $$;
CREATE FUNCTION @.to_varchar(value timestamp) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(value, current_setting('gatehouse_sf.timestamp_ntz_format')) $$;
CREATE FUNCTION @.to_varchar(value timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(value, current_setting('gatehouse_sf.timestamp_tz_format')) $$;
CREATE FUNCTION @.to_varchar(value time) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char('2000-01-01'::date + value, current_setting('gatehouse_sf.time_format')) $$;
CREATE FUNCTION @.to_varchar(value date, format text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT to_char(value::timestamp, format) $$;
CREATE FUNCTION @.to_varchar(value timestamp, format text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT to_char(value, format) $$;
CREATE FUNCTION @.to_varchar(value timestamptz, format text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT to_char(value, format) $$;
CREATE FUNCTION @.to_varchar(value numeric, format text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT to_char(value, format) $$;
CREATE FUNCTION @.len(value text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT length(value) $$;
CREATE FUNCTION @.len(value anyelement) RETURNS integer LANGUAGE sql STABLE STRICT AS $$ SELECT length(value::text) $$;
CREATE FUNCTION @.contains(value text, part text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT strpos(value, part) > 0 $$;
CREATE FUNCTION @.startswith(value text, part text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT starts_with(value, part) $$;
CREATE FUNCTION @.endswith(value text, part text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT right(value, length(part)) = part $$;
CREATE FUNCTION @."system$wait"(amount double precision, unit text DEFAULT 'SECONDS') RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_sleep(amount * CASE upper(unit) WHEN 'MINUTES' THEN 60 WHEN 'HOURS' THEN 3600 WHEN 'MILLISECONDS' THEN 0.001 ELSE 1 END);
  RETURN 'waited ' || amount || ' ' || lower(unit);
END $$;
CREATE FUNCTION @.uuid_string() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT gen_random_uuid()::text $$;
`;

/** Conditional and null functions, and COUNT_IF. */
const CONDITIONAL_FUNCTIONS = `
CREATE FUNCTION @.iff(condition boolean, a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN condition THEN a ELSE b END $$;
CREATE FUNCTION @.nvl(a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(a, b) $$;
CREATE FUNCTION @.nvl2(test anyelement, a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN test IS NOT NULL THEN a ELSE b END $$;
CREATE FUNCTION @.equal_null(a anycompatible, b anycompatible) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a IS NOT DISTINCT FROM b $$;
CREATE FUNCTION @.zeroifnull(value numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(value, 0) $$;
CREATE FUNCTION @.zeroifnull(value double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(value, 0) $$;
CREATE FUNCTION @.nullifzero(value numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT nullif(value, 0) $$;
CREATE FUNCTION @.nullifzero(value double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT nullif(value, 0) $$;
CREATE FUNCTION @.div0(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN b = 0 THEN 0 ELSE a / b END $$;
CREATE FUNCTION @.div0(a double precision, b double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN b = 0 THEN 0 ELSE a / b END $$;
CREATE FUNCTION @.div0null(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN b = 0 OR b IS NULL THEN 0 ELSE a / b END $$;
CREATE FUNCTION @.count_if_step(state bigint, condition boolean) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT state + CASE WHEN condition THEN 1 ELSE 0 END $$;
CREATE AGGREGATE @.count_if(boolean) (SFUNC = @.count_if_step, STYPE = bigint, INITCOND = '0');
`;

/** Conversions; the TRY_ forms return NULL instead of failing. NUMBER without a scale rounds to an integer. */
const CONVERSION_FUNCTIONS = `
CREATE FUNCTION @.try_cast_text(value text, target anyelement) RETURNS anyelement LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF value IS NULL THEN RETURN NULL; END IF;
  EXECUTE format('SELECT %L::%s', value, pg_typeof(target)) INTO target;
  RETURN target;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
CREATE FUNCTION @.to_number(value text) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT round(value::numeric, 0) $$;
CREATE FUNCTION @.to_number(value numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT round(value, 0) $$;
CREATE FUNCTION @.to_number(value double precision) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT round(value::numeric, 0) $$;
CREATE FUNCTION @.to_number(value text, digits integer, places integer) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT round(value::numeric, places) $$;
CREATE FUNCTION @.to_number(value numeric, digits integer, places integer) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT round(value, places) $$;
CREATE FUNCTION @.try_to_number(value text) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN round(value::numeric, 0); EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE FUNCTION @.try_to_number(value text, digits integer, places integer) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN round(value::numeric, places); EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE FUNCTION @.to_double(value text) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value::double precision $$;
CREATE FUNCTION @.to_double(value numeric) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value::double precision $$;
CREATE FUNCTION @.try_to_double(value text) RETURNS double precision LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN value::double precision; EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE FUNCTION @.to_boolean(value text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value::boolean $$;
CREATE FUNCTION @.to_boolean(value numeric) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value <> 0 $$;
CREATE FUNCTION @.try_to_boolean(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN value::boolean; EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE FUNCTION @.to_date(value text) RETURNS date LANGUAGE sql STABLE STRICT AS $$ SELECT value::date $$;
CREATE FUNCTION @.to_date(value timestamp) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value::date $$;
CREATE FUNCTION @.to_date(value timestamptz) RETURNS date LANGUAGE sql STABLE STRICT AS $$ SELECT value::date $$;
CREATE FUNCTION @.to_date(value text, format text) RETURNS date LANGUAGE sql STABLE STRICT AS $$ SELECT pg_catalog.to_date(value, format) $$;
CREATE FUNCTION @.try_to_date(value text) RETURNS date LANGUAGE plpgsql STABLE AS $$
BEGIN RETURN value::date; EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE FUNCTION @.to_timestamp(value text) RETURNS timestamp LANGUAGE sql STABLE STRICT AS $$ SELECT value::timestamp $$;
CREATE FUNCTION @.to_timestamp(value date) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value::timestamp $$;
CREATE FUNCTION @.to_timestamp(value timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value $$;
CREATE FUNCTION @.to_timestamp(value timestamptz) RETURNS timestamp LANGUAGE sql STABLE STRICT AS $$ SELECT value::timestamp $$;
CREATE FUNCTION @.to_timestamp(value numeric) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT pg_catalog.to_timestamp(value::double precision) AT TIME ZONE 'UTC' $$;
CREATE FUNCTION @.to_timestamp(value text, format text) RETURNS timestamp LANGUAGE sql STABLE STRICT AS $$
  SELECT pg_catalog.to_timestamp(value, format)::timestamp $$;
CREATE FUNCTION @.try_to_timestamp(value text) RETURNS timestamp LANGUAGE plpgsql STABLE AS $$
BEGIN RETURN value::timestamp; EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE FUNCTION @.to_timestamp_tz(value text) RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$ SELECT value::timestamptz $$;
CREATE FUNCTION @.to_timestamp_tz(value timestamp) RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$ SELECT value::timestamptz $$;
CREATE FUNCTION @.to_timestamp_tz(value timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value $$;
CREATE FUNCTION @.to_timestamp_ltz(value text) RETURNS @.timestamp_ltz LANGUAGE sql STABLE STRICT AS $$ SELECT value::timestamptz $$;
CREATE FUNCTION @.to_timestamp_ltz(value timestamp) RETURNS @.timestamp_ltz LANGUAGE sql STABLE STRICT AS $$ SELECT value::timestamptz $$;
CREATE FUNCTION @.to_timestamp_ltz(value timestamptz) RETURNS @.timestamp_ltz LANGUAGE sql STABLE STRICT AS $$ SELECT value $$;
CREATE FUNCTION @.sysdate() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT now() AT TIME ZONE 'UTC' $$;
CREATE FUNCTION @.to_binary(value text, format text DEFAULT 'HEX') RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE upper(format) WHEN 'UTF-8' THEN convert_to(value, 'UTF8') WHEN 'UTF8' THEN convert_to(value, 'UTF8')
    ELSE decode(value, lower(format)) END $$;
CREATE FUNCTION @.parse_json(value text) RETURNS @.variant LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT value::jsonb $$;
CREATE FUNCTION @.to_variant(value anyelement) RETURNS @.variant LANGUAGE sql STABLE AS $$ SELECT to_jsonb(value) $$;
`;

/** Date arithmetic; the translator has already turned the date part into one of PostgreSQL's unit names. */
const DATE_FUNCTIONS = `
CREATE FUNCTION @.unit_interval(unit text) RETURNS interval LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE unit WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || unit)::interval END $$;
CREATE FUNCTION @.dateadd(unit text, amount double precision, value timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT value + amount * @.unit_interval(unit) $$;
CREATE FUNCTION @.dateadd(unit text, amount double precision, value timestamptz) RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$
  SELECT value + amount * @.unit_interval(unit) $$;
CREATE FUNCTION @.dateadd(unit text, amount double precision, value date) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (value + amount * @.unit_interval(unit))::date $$;
CREATE FUNCTION @.datediff(unit text, a timestamp, b timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE unit
    WHEN 'year' THEN extract(year FROM b) - extract(year FROM a)
    WHEN 'quarter' THEN (extract(year FROM b) * 4 + extract(quarter FROM b)) - (extract(year FROM a) * 4 + extract(quarter FROM a))
    WHEN 'month' THEN (extract(year FROM b) * 12 + extract(month FROM b)) - (extract(year FROM a) * 12 + extract(month FROM a))
    WHEN 'week' THEN (date_trunc('week', b)::date - date_trunc('week', a)::date) / 7
    WHEN 'day' THEN b::date - a::date
    ELSE (extract(epoch FROM date_trunc(unit, b)) - extract(epoch FROM date_trunc(unit, a)))
      / extract(epoch FROM ('1 ' || unit)::interval)
  END::bigint $$;
CREATE FUNCTION @.datediff(unit text, a timestamptz, b timestamptz) RETURNS bigint LANGUAGE sql STABLE STRICT AS $$
  SELECT @.datediff(unit, a::timestamp, b::timestamp) $$;
CREATE FUNCTION @.datediff(unit text, a date, b date) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT @.datediff(unit, a::timestamp, b::timestamp) $$;
CREATE FUNCTION @.date_trunc(unit text, value date) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT pg_catalog.date_trunc(unit, value::timestamp)::date $$;
CREATE FUNCTION @.date_trunc(unit text, value timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT pg_catalog.date_trunc(unit, value) $$;
CREATE FUNCTION @.date_trunc(unit text, value timestamptz) RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$
  SELECT pg_catalog.date_trunc(unit, value) $$;
`;

/**
 * Snowflake's INFORMATION_SCHEMA over PostgreSQL's: names in Snowflake case, Snowflake type names, limited to the
 * schemas the server exposes (session settings gatehouse_sf.database and gatehouse_sf.schemas).
 */
const INFORMATION_SCHEMA = `
CREATE FUNCTION @.swap_case(name text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN upper(name) = lower(name) THEN name WHEN name = upper(name) THEN lower(name)
    WHEN name = lower(name) THEN upper(name) ELSE name END $$;
CREATE FUNCTION @.snowflake_type(data_type text, domain_schema text, domain_name text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN domain_schema = '@' THEN upper(domain_name)
    WHEN data_type IN ('smallint', 'integer', 'bigint', 'numeric') THEN 'NUMBER'
    WHEN data_type IN ('real', 'double precision') THEN 'FLOAT'
    WHEN data_type IN ('text', 'character varying', 'character', 'uuid', 'name') THEN 'TEXT'
    WHEN data_type = 'time without time zone' THEN 'TIME'
    WHEN data_type = 'timestamp without time zone' THEN 'TIMESTAMP_NTZ'
    WHEN data_type = 'timestamp with time zone' THEN 'TIMESTAMP_TZ'
    WHEN data_type IN ('json', 'jsonb') THEN 'VARIANT'
    WHEN data_type = 'bytea' THEN 'BINARY'
    ELSE upper(data_type)
  END $$;
CREATE FUNCTION @.exposed_schemas() RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT string_to_array(current_setting('gatehouse_sf.schemas'), ',') $$;
CREATE VIEW @.sf_columns AS
SELECT current_setting('gatehouse_sf.database')::text AS table_catalog,
  @.swap_case(c.table_schema::text) AS table_schema,
  @.swap_case(c.table_name::text) AS table_name,
  @.swap_case(c.column_name::text) AS column_name,
  c.ordinal_position::integer AS ordinal_position,
  c.column_default::text AS column_default,
  c.is_nullable::text AS is_nullable,
  @.snowflake_type(c.data_type::text, c.domain_schema::text, c.domain_name::text) AS data_type,
  CASE WHEN c.data_type IN ('text', 'character varying', 'character')
    THEN coalesce(c.character_maximum_length, 16777216)::integer END AS character_maximum_length,
  CASE WHEN c.data_type IN ('text', 'character varying', 'character')
    THEN coalesce(c.character_maximum_length * 4, 16777216)::integer END AS character_octet_length,
  CASE WHEN c.data_type IN ('smallint', 'integer', 'bigint') THEN 38
    WHEN c.data_type = 'numeric' THEN coalesce(c.numeric_precision, 38)
    WHEN c.data_type IN ('real', 'double precision') THEN 53 END::integer AS numeric_precision,
  CASE WHEN c.data_type IN ('smallint', 'integer', 'bigint', 'numeric') THEN 10
    WHEN c.data_type IN ('real', 'double precision') THEN 2 END::integer AS numeric_precision_radix,
  CASE WHEN c.data_type IN ('smallint', 'integer', 'bigint') THEN 0
    WHEN c.data_type = 'numeric' THEN coalesce(c.numeric_scale, 0) END::integer AS numeric_scale,
  CASE WHEN c.data_type LIKE 'time%' THEN 9 END::integer AS datetime_precision,
  NULL::text AS comment
FROM information_schema.columns c
WHERE c.table_schema::text = ANY (@.exposed_schemas());
CREATE VIEW @.sf_tables AS
SELECT current_setting('gatehouse_sf.database')::text AS table_catalog,
  @.swap_case(t.table_schema::text) AS table_schema,
  @.swap_case(t.table_name::text) AS table_name,
  NULL::text AS table_owner,
  t.table_type::text AS table_type,
  'NO'::text AS is_transient,
  NULL::text AS clustering_key,
  NULL::bigint AS row_count,
  NULL::bigint AS bytes,
  NULL::text AS comment
FROM information_schema.tables t
WHERE t.table_schema::text = ANY (@.exposed_schemas());
CREATE VIEW @.sf_schemata AS
SELECT current_setting('gatehouse_sf.database')::text AS catalog_name, @.swap_case(s.schema_name::text) AS schema_name,
  NULL::text AS schema_owner, NULL::text AS comment
FROM information_schema.schemata s
WHERE s.schema_name::text = ANY (@.exposed_schemas())
UNION ALL
SELECT current_setting('gatehouse_sf.database')::text, 'INFORMATION_SCHEMA', NULL, NULL;
`;

const DOMAINS = `
CREATE DOMAIN @.variant AS jsonb;
CREATE DOMAIN @.object AS jsonb;
CREATE DOMAIN @."array" AS jsonb;
CREATE DOMAIN @.timestamp_ltz AS timestamptz;
`;

const TEMPLATE = [
  'CREATE SCHEMA @;',
  DOMAINS,
  REGEX_FLAGS,
  REGEX_FUNCTIONS,
  TEXT_FUNCTIONS,
  CONDITIONAL_FUNCTIONS,
  CONVERSION_FUNCTIONS,
  DATE_FUNCTIONS,
  INFORMATION_SCHEMA,
  integerDivision(),
].join('\n');

/** The schema's name changes with its content, so a changed script installs beside older versions. */
export const COMPAT_SCHEMA = `gh_sf_compat_${createHash('sha256').update(TEMPLATE).digest('hex').slice(0, 10)}`;

/** Functions of the compat schema, by the Snowflake name the translator sees (upper case) → its name there. */
export const COMPAT_FUNCTIONS: Readonly<Record<string, string>> = {
  REGEXP_LIKE: 'regexp_like',
  RLIKE: 'regexp_like',
  REGEXP_REPLACE: 'regexp_replace',
  REGEXP_COUNT: 'regexp_count',
  REGEXP_SUBSTR: 'regexp_substr',
  COLLATE: 'sf_collate',
  TO_VARCHAR: 'to_varchar',
  TO_CHAR: 'to_varchar',
  LEN: 'len',
  CONTAINS: 'contains',
  STARTSWITH: 'startswith',
  ENDSWITH: 'endswith',
  UUID_STRING: 'uuid_string',
  SYSTEM$WAIT: '"system$wait"',
  IFF: 'iff',
  NVL: 'nvl',
  IFNULL: 'nvl',
  NVL2: 'nvl2',
  EQUAL_NULL: 'equal_null',
  ZEROIFNULL: 'zeroifnull',
  NULLIFZERO: 'nullifzero',
  DIV0: 'div0',
  DIV0NULL: 'div0null',
  COUNT_IF: 'count_if',
  TO_NUMBER: 'to_number',
  TO_DECIMAL: 'to_number',
  TO_NUMERIC: 'to_number',
  TRY_TO_NUMBER: 'try_to_number',
  TRY_TO_DECIMAL: 'try_to_number',
  TRY_TO_NUMERIC: 'try_to_number',
  TO_DOUBLE: 'to_double',
  TRY_TO_DOUBLE: 'try_to_double',
  TO_BOOLEAN: 'to_boolean',
  TRY_TO_BOOLEAN: 'try_to_boolean',
  TO_DATE: 'to_date',
  DATE: 'to_date',
  TRY_TO_DATE: 'try_to_date',
  TO_TIMESTAMP: 'to_timestamp',
  TO_TIMESTAMP_NTZ: 'to_timestamp',
  TRY_TO_TIMESTAMP: 'try_to_timestamp',
  TRY_TO_TIMESTAMP_NTZ: 'try_to_timestamp',
  TO_TIMESTAMP_TZ: 'to_timestamp_tz',
  TO_TIMESTAMP_LTZ: 'to_timestamp_ltz',
  SYSDATE: 'sysdate',
  PARSE_JSON: 'parse_json',
  TO_BINARY: 'to_binary',
  TO_VARIANT: 'to_variant',
  DATEADD: 'dateadd',
  TIMEADD: 'dateadd',
  TIMESTAMPADD: 'dateadd',
  DATEDIFF: 'datediff',
  TIMEDIFF: 'datediff',
  TIMESTAMPDIFF: 'datediff',
  DATE_TRUNC: 'date_trunc',
};

/** Snowflake types PostgreSQL lacks, as the compat schema's domains. */
export const COMPAT_DOMAINS: Readonly<Record<string, string>> = {
  VARIANT: 'variant',
  OBJECT: 'object',
  ARRAY: '"array"',
  TIMESTAMP_LTZ: 'timestamp_ltz',
  TIMESTAMPLTZ: 'timestamp_ltz',
};

/** Install the compat schema unless this version of it is there already. */
export async function installCompat(pool: pg.Pool): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('gatehouse snowflake compat'))");
    const present = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [COMPAT_SCHEMA]);
    if (present.rowCount === 0) await client.query(TEMPLATE.replaceAll('@', COMPAT_SCHEMA));
    await client.query('COMMIT');
    return COMPAT_SCHEMA;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
