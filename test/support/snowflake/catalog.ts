/**
 * The server's account as statements see it: one database whose schemas are PostgreSQL schemas, the registered
 * roles, warehouses and network policies, and the privilege rules between them.
 */

import { sfErrors } from './errors.js';
import type { RoleSpec, UserSpec, WarehouseSpec } from './model.js';
import { resolveName } from './names.js';
import { evaluatePolicy, type NetworkPolicy } from './network-policy.js';

export interface Catalog {
  account: string;
  region: string;
  version: string;
  /** The one database's Snowflake name. */
  database: string;
  /** Its schemas: Snowflake name → PostgreSQL schema. */
  schemas: ReadonlyMap<string, string>;
  /** Users by upper-cased login name. */
  users: ReadonlyMap<string, UserSpec>;
  roles: ReadonlyMap<string, RoleSpec>;
  warehouses: ReadonlyMap<string, WarehouseSpec>;
  policies: ReadonlyMap<string, NetworkPolicy>;
  /** The policy set on the account, if any. */
  accountPolicy: string | undefined;
  /** When the server started, as Snowflake's epoch "seconds.nanoseconds" (SHOW … created_on). */
  createdOn: string;
}

const NETWORK_ADMINS = new Set(['ACCOUNTADMIN', 'SECURITYADMIN']);

export function grantedRoles(user: UserSpec): string[] {
  const roles = (user.roles ?? []).map(resolveName);
  return roles.includes('PUBLIC') ? roles : [...roles, 'PUBLIC'];
}

export function defaultRole(user: UserSpec): string {
  return user.defaultRole ? resolveName(user.defaultRole) : (grantedRoles(user)[0] as string);
}

export function canUseWarehouse(catalog: Catalog, role: string, warehouse: string): boolean {
  if (!catalog.warehouses.has(warehouse)) return false;
  const spec = catalog.roles.get(role);
  return spec?.warehouses === undefined || spec.warehouses.map(resolveName).includes(warehouse);
}

/** May the role touch the table (`parts`: its name as written, schema-qualified or not)? */
export function canUseTable(
  catalog: Catalog,
  role: string,
  schema: string | null,
  parts: readonly string[],
): boolean {
  const spec = catalog.roles.get(role);
  if (spec?.tables === undefined) return true;
  const table = parts.at(-1) as string;
  const inSchema = parts.length >= 2 ? (parts.at(-2) as string) : schema;
  return spec.tables.some((entry) => {
    const [first, second] = entry.split('.').map(resolveName);
    return second === undefined ? first === table : first === inSchema && second === table;
  });
}

export function isNetworkAdmin(catalog: Catalog, role: string): boolean {
  return catalog.roles.get(role)?.networkAdmin ?? NETWORK_ADMINS.has(role);
}

/** The policy that applies to the user: the user's own, else the account's (Snowflake: user > account). */
export function effectivePolicy(catalog: Catalog, user: UserSpec): NetworkPolicy | undefined {
  const name = user.networkPolicy ?? catalog.accountPolicy;
  return name === undefined ? undefined : catalog.policies.get(resolveName(name));
}

/** Refuses (390422) a request from an address the user's policy blocks; Snowflake checks every request. */
export function checkNetworkPolicy(
  catalog: Catalog,
  user: UserSpec,
  clientIp: string,
): NetworkPolicy | undefined {
  const policy = effectivePolicy(catalog, user);
  if (policy && !evaluatePolicy(policy, clientIp).allowed) throw sfErrors.ipBlocked(clientIp);
  return policy;
}
