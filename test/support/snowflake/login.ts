/**
 * `POST /session/v1/login-request`: the user, the network policy that applies to them, the credentials of the
 * authenticator, then the session's role, warehouse, database and schema from the URL's query parameters, as
 * Snowflake settles them (a role not granted is refused; an unusable warehouse or unknown database leaves the
 * session without one).
 */
import { authenticate, LoginData } from './auth.js';
import { type Catalog, canUseWarehouse, checkNetworkPolicy, defaultRole, grantedRoles } from './catalog.js';
import { SnowflakeError, sfErrors } from './errors.js';
import { parameterList } from './execute.js';
import type { UserSpec } from './model.js';
import { resolveName } from './names.js';
import type { LoggedRequest } from './request-log.js';
import type { SessionStore } from './sessions.js';

export interface Accounts {
  users: ReadonlyMap<string, UserSpec>;
  catalog: Catalog;
  store: SessionStore;
}

export function login(accounts: Accounts, body: unknown, url: URL, entry: Partial<LoggedRequest>): unknown {
  const { users, catalog, store } = accounts;
  const parsed = LoginData.safeParse((body as { data?: unknown } | undefined)?.data);
  if (!parsed.success) throw new SnowflakeError('390100', 'Incorrect username or password was specified.');
  const data = parsed.data;
  entry.body = {
    ACCOUNT_NAME: data.ACCOUNT_NAME,
    LOGIN_NAME: data.LOGIN_NAME,
    AUTHENTICATOR: data.AUTHENTICATOR ?? 'SNOWFLAKE',
    CLIENT_APP_ID: data.CLIENT_APP_ID,
    CLIENT_APP_VERSION: data.CLIENT_APP_VERSION,
    hasPassword: Boolean(data.PASSWORD),
    hasToken: Boolean(data.TOKEN),
  };
  const user = users.get((data.LOGIN_NAME ?? '').toUpperCase());
  entry.user = data.LOGIN_NAME;
  if (!user || user.disabled) throw sfErrors.badCredentials();
  const clientIp = entry.clientIp as string;
  const policy = checkNetworkPolicy(catalog, user, clientIp);
  const authenticator = authenticate(user, data, {
    account: catalog.account,
    now: Date.now(),
    hasNetworkPolicy: policy !== undefined,
  });
  const roleParam = url.searchParams.get('roleName');
  const role = roleParam ? resolveName(roleParam) : defaultRole(user);
  if (!grantedRoles(user).includes(role)) throw sfErrors.roleNotGranted(role);
  const warehouseParam = url.searchParams.get('warehouse') ?? user.defaultWarehouse;
  const warehouse = warehouseParam ? resolveName(warehouseParam) : null;
  const databaseParam = url.searchParams.get('databaseName');
  const database = databaseParam && resolveName(databaseParam) === catalog.database ? catalog.database : null;
  const schemaParam = url.searchParams.get('schemaName');
  const schemaName = schemaParam ? resolveName(schemaParam) : 'PUBLIC';
  const schema = database && catalog.schemas.has(schemaName) ? schemaName : null;
  const params = new Map<string, string>();
  for (const [name, value] of Object.entries(data.SESSION_PARAMETERS ?? {}))
    params.set(name.toUpperCase(), String(value));
  const session = store.create({
    user,
    authenticator,
    clientIp,
    role,
    // Snowflake accepts a login naming a warehouse the role cannot use, and leaves the session without one.
    warehouse: warehouse && canUseWarehouse(catalog, role, warehouse) ? warehouse : null,
    database,
    schema,
    params,
  });
  entry.sessionId = session.id;
  const validity = store.validitySeconds;
  return {
    token: session.sessionToken,
    masterToken: session.masterToken,
    validityInSeconds: validity.sessionSeconds,
    masterValidityInSeconds: validity.masterSeconds,
    sessionId: Number(session.id),
    displayUserName: user.name.toUpperCase(),
    serverVersion: catalog.version,
    firstLogin: false,
    healthCheckInterval: 45,
    parameters: parameterList(session),
    sessionInfo: {
      databaseName: session.database,
      schemaName: session.schema,
      warehouseName: session.warehouse,
      roleName: session.role,
    },
  };
}
