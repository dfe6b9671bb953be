/**
 * A Snowflake-protocol server for tests: snowflake-sdk logs in and runs queries against it as against Snowflake,
 * and the queries run on the machine's real PostgreSQL, translated from Snowflake SQL.
 *
 * ## Start and stop
 * ```ts
 * const server = await SnowflakeServer.start({
 *   schema: testSchema.schema,              // PostgreSQL schema = the database's default schema (case swapped:
 *                                           // gh_x_1 is GH_X_1 in Snowflake, table orders is ORDERS)
 *   users: [{ name: 'ALICE', password: 'pw', roles: ['ANALYST'], defaultWarehouse: 'COMPUTE_WH' }],
 * });
 * sdk.createConnection({ ...server.sdkOptions(), username: 'ALICE', password: 'pw',
 *   database: server.database, schema: server.schema, warehouse: 'COMPUTE_WH' });
 * …
 * await server.stop();
 * ```
 * Listens on 127.0.0.1 on a free port (`server.port`, `server.url`); `server.account` (default GATEHOUSE_TEST),
 * `server.database` (default GATEHOUSE), `server.schema` (the default schema's Snowflake name).
 *
 * ## Accounts (model.ts)
 * - Users: `addUser({ name, password?, rsaPublicKeys?: [pem], oauthTokens?: [{ token, expiresAt? }],
 *   pats?: [{ token, expiresAt? }], ssoTokens?: [{ token, expiresAt? }], roles?, defaultRole?, defaultWarehouse?, networkPolicy?, disabled? })`,
 *   `updateUser(name, change)`. Login modes: SNOWFLAKE (password; a PAT also works as the password),
 *   SNOWFLAKE_JWT (RS256, issuer `ACCOUNT.USER.SHA256:<fingerprint>` of a registered key, see
 *   `publicKeyFingerprint`), OAUTH, PROGRAMMATIC_ACCESS_TOKEN, EXTERNALBROWSER (TOKEN one of `ssoTokens`, with a
 *   PROOF_KEY). Refusals: 390100 bad credentials or unknown user,
 *   390144 bad JWT, 390303/390318 OAuth token invalid/expired, 390432 PAT without a network policy, 390189 role
 *   not granted, 390422 blocked address.
 * - Roles: `addRole({ name, warehouses?, tables?, networkAdmin? })`: USAGE on warehouses and access to tables
 *   (all when left out); refused tables answer 002003 "Object '…' does not exist or not authorized.".
 * - Warehouses: default `COMPUTE_WH`; `addWarehouse({ name, suspended?, autoResume?, resourceMonitor? })`,
 *   `updateWarehouse(name, change)`. A query that reads a table without a usable warehouse gets 000606 "No active
 *   warehouse selected…"; a suspended one with autoResume false gets "Warehouse '…' cannot be resumed…".
 * - Network policies: `setNetworkPolicy({ name, allowedNetworkRules?: [{ name, values }], blockedNetworkRules?,
 *   allowedIpList?, blockedIpList? }, 'account' | { user })`, `clearNetworkPolicies()`. Evaluated against the
 *   client's socket address on every request (blocked list wins; user policy over account policy); a refusal is
 *   390422 `Incoming request with IP/Token <ip> is not allowed to access Snowflake. Contact your account
 *   administrator.` SHOW NETWORK POLICIES / RULES and DESCRIBE NETWORK POLICY / RULE answer from them.
 *
 * ## Sessions and tokens
 * `expireSessionTokens(user?)`: the next request gets 390112 and snowflake-sdk renews with the master token
 * (`POST /session/token-request`). `expireMasterTokens(user?)`: renewal fails with 390114 (the SDK disconnects; no
 * loop). `sessions()` lists sessions (`closed` after `POST /session?delete=true`). Token lifetimes:
 * `sessionTokenValiditySeconds`, `masterTokenValiditySeconds`.
 * `faults.renewWithoutNewToken` / `faults.omitReturned` reproduce the SDK's traps (renewal loop, execute that
 * never completes) for tests of a client's guards.
 *
 * ## SQL (translate.ts, compat-sql.ts, session-statements.ts)
 * Runs on PostgreSQL: SELECT/WITH/VALUES, INSERT/UPDATE/DELETE, CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE
 * (Snowflake column types), DROP/ALTER/TRUNCATE as PostgreSQL reads them. Answered by the server: USE
 * ROLE|WAREHOUSE|DATABASE|SCHEMA, ALTER SESSION SET|UNSET, SHOW NETWORK POLICIES|NETWORK RULES|WAREHOUSES|PARAMETERS
 * [LIKE], DESCRIBE|DESC NETWORK POLICY|NETWORK RULE|USER (RSA_PUBLIC_KEY_FP …), BEGIN/COMMIT/ROLLBACK (no-ops: each request is its own
 * transaction). One statement per request (000008); no bind variables.
 * Translated: identifier case (quoted names swapped, see names.ts), Snowflake string escapes and $$ strings, `//`
 * comments, `db.schema.table`, `[db.]INFORMATION_SCHEMA.COLUMNS|TABLES|SCHEMATA` (Snowflake names and type
 * names), unaliased select items named like Snowflake (`COUNT(*)`), derived tables without alias, integer division
 * with scale 6, types in CAST/TRY_CAST/`::`/CREATE TABLE (NUMBER, INT…, FLOAT, VARCHAR/STRING/TEXT, BINARY, BOOLEAN,
 * DATE, TIME, TIMESTAMP[_NTZ|_LTZ|_TZ], DATETIME, VARIANT, OBJECT, ARRAY).
 * Functions: CURRENT_USER/ROLE/WAREHOUSE/DATABASE/SCHEMA/IP_ADDRESS/VERSION/ACCOUNT/REGION/SESSION(),
 * CURRENT_TIMESTAMP()/CURRENT_DATE()/…, REGEXP_LIKE (whole match; parameters c i m s), RLIKE and `[NOT]
 * RLIKE|REGEXP`, REGEXP_REPLACE (all occurrences), REGEXP_COUNT, REGEXP_SUBSTR, COLLATE(x, spec), TO_VARCHAR/TO_CHAR
 * (session output formats; Snowflake format strings), LEN, CONTAINS, STARTSWITH, ENDSWITH, IFF, NVL, IFNULL, NVL2,
 * EQUAL_NULL, ZEROIFNULL, NULLIFZERO, DIV0, DIV0NULL, COUNT_IF, [TRY_]TO_NUMBER/DECIMAL/NUMERIC, [TRY_]TO_DOUBLE,
 * [TRY_]TO_BOOLEAN, [TRY_]TO_DATE, DATE(), [TRY_]TO_TIMESTAMP[_NTZ], TO_TIMESTAMP_TZ/LTZ, TRY_CAST, TO_BINARY,
 * PARSE_JSON, TO_VARIANT, SYSDATE, UUID_STRING, DATEADD/TIMEADD/TIMESTAMPADD, DATEDIFF/TIMEDIFF/TIMESTAMPDIFF,
 * DATE_TRUNC, DATE_PART (bare or quoted date parts), SYSTEM$WAIT; and PostgreSQL's own where they agree (COUNT,
 * SUM, AVG, MIN, MAX, STDDEV*, VAR*, VARIANCE, PERCENTILE_DISC/CONT … WITHIN GROUP, LENGTH, UPPER, LOWER, COALESCE,
 * NULLIF, CASE, CAST, LIKE, ILIKE, …).
 * Errors come back with Snowflake codes and SQLSTATEs (errors.ts). The session's output formats
 * (DATE_/TIME_/TIMESTAMP_*_OUTPUT_FORMAT), TIMEZONE (default UTC, not Snowflake's America/Los_Angeles, for
 * reproducible tests) and STATEMENT_TIMEOUT_IN_SECONDS apply; the SDK's abort request cancels the statement on
 * PostgreSQL (000604). `whenRunning(match)` resolves once a statement is running, to cancel it or change the server
 * under it; `stop()` cancels what still runs.
 *
 * ## Request log (request-log.ts)
 * `server.log.entries`: every request (kind login|query|renew|close|heartbeat|abort|telemetry, path, client
 * address, session, user, body summary without secrets, SQL as sent and as run on PostgreSQL, outcome and code);
 * `server.log.queries(user?)`, `server.log.clear()`, `server.log.waitFor(predicate)`.
 */
export { publicKeyFingerprint } from './auth.js';
export { COMPAT_SCHEMA } from './compat-sql.js';
export { SnowflakeError } from './errors.js';
export type { ExpiringToken, RoleSpec, UserSpec, WarehouseSpec } from './model.js';
export { swapCase } from './names.js';
export type { NetworkPolicy, NetworkRule } from './network-policy.js';
export type { LoggedRequest, RequestKind } from './request-log.js';
export { type Faults, SnowflakeServer, type SnowflakeServerOptions } from './server.js';
export type { Session } from './sessions.js';
