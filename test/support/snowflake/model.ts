/** What a test registers on the Snowflake-protocol server: users, roles, warehouses. Names are Snowflake names. */

export interface ExpiringToken {
  token: string;
  /** When the token stops working; never when left out. */
  expiresAt?: Date;
}

export interface UserSpec {
  /** Login name; Snowflake matches login names case-insensitively. */
  name: string;
  password?: string;
  /** RSA public keys (PEM, SPKI or PKCS#1) as RSA_PUBLIC_KEY / RSA_PUBLIC_KEY_2 hold them. */
  rsaPublicKeys?: string[];
  oauthTokens?: ExpiringToken[];
  /** Programmatic access tokens. */
  pats?: ExpiringToken[];
  /** Tokens the identity provider gives the browser for an EXTERNALBROWSER login. */
  ssoTokens?: ExpiringToken[];
  /** Granted roles; PUBLIC is always granted. */
  roles?: string[];
  /** The role a login without `role` gets; else the first granted role, else PUBLIC. */
  defaultRole?: string;
  defaultWarehouse?: string;
  /** Name of a network policy set on the user (it wins over the account's). */
  networkPolicy?: string;
  disabled?: boolean;
}

export interface RoleSpec {
  name: string;
  /** Warehouses the role has USAGE on; every warehouse when left out. */
  warehouses?: string[];
  /** Tables the role may read and write (`TABLE` or `SCHEMA.TABLE`); every table when left out. */
  tables?: string[];
  /** May read network policies (OWNERSHIP or MANAGE GRANTS); default: ACCOUNTADMIN and SECURITYADMIN only. */
  networkAdmin?: boolean;
}

export interface WarehouseSpec {
  name: string;
  /** A suspended warehouse resumes on use unless autoResume is false (then queries fail). */
  suspended?: boolean;
  autoResume?: boolean;
  /** The resource monitor named in the "cannot be resumed" error. */
  resourceMonitor?: string;
}
