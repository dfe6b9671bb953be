/**
 * A data source's password when configuration.yml leaves it out: read from the secret store. A store that cannot
 * be read is no reason to stop the scan (the server may not want a password), but the log says why, and a
 * failed login then says how to fix it — a `null` from a keychain that was never reached must not read as
 * "no password saved".
 */

import { registerSecret } from '../common/redaction.js';
import type { DataSourceConfig } from '../config/model.js';
import { ConnectorError } from '../connectors/connector.js';
import type { SecretStore } from '../secrets/store.js';

export type OpenStore = () => Promise<SecretStore>;

export type PasswordSource =
  /** In configuration.yml (plain text or `${VAR}`), or no lookup wanted. */
  | { from: 'config' }
  | { from: 'store'; store: string; password: string }
  /**
   * The store was read and holds no password for this data source; `others`: the secret fields it does hold for
   * it (names only), which may say the login mode is the wrong one.
   */
  | { from: 'none'; store: string; others?: string[] }
  | { from: 'unreachable'; store: string; reason: string };

/** The store's name in messages. */
export function storeName(kind: string | undefined): string {
  switch (kind) {
    case 'vault':
      return 'the encrypted vault';
    case 'env':
      return 'the environment';
    default:
      return 'the keychain';
  }
}

export async function passwordFromStore(
  ds: DataSourceConfig,
  open: OpenStore,
  /** The backend asked for, else the environment's choice: named when the store cannot even be opened. */
  backend: string | undefined,
): Promise<PasswordSource> {
  if (ds.password !== undefined) return { from: 'config' };
  let name = storeName(backend);
  try {
    const store = await open();
    name = storeName(store.kind);
    const password = await store.get({ dataSource: ds.name, field: 'password' });
    if (password === undefined) return { from: 'none', store: name, others: await otherFields(store, ds) };
    // Entry point of a stored secret into this process: register it before anything can print it.
    registerSecret(password);
    return { from: 'store', store: name, password };
  } catch (error) {
    return { from: 'unreachable', store: name, reason: (error as Error).message };
  }
}

/** The secret fields the store holds for a data source besides its password; names only, never values. */
async function otherFields(store: SecretStore, ds: DataSourceConfig): Promise<string[]> {
  // Only Snowflake has other login modes whose secret a password login could be mistaken for.
  if (ds.type !== 'snowflake') return [];
  try {
    const refs = await store.list();
    return refs
      .filter((ref) => ref.dataSource === ds.name && ref.field !== 'password')
      .map((ref) => ref.field);
  } catch {
    return [];
  }
}

/**
 * Another secret field of a data source (Snowflake's private_key, private_key_passphrase, token): undefined when
 * the store holds none; a store that cannot be read is an error that says so (these logins cannot do without).
 */
export async function secretFieldFromStore(
  ds: DataSourceConfig,
  open: OpenStore,
  backend: string | undefined,
  field: string,
): Promise<string | undefined> {
  let name = storeName(backend);
  try {
    const store = await open();
    name = storeName(store.kind);
    const value = await store.get({ dataSource: ds.name, field });
    // Entry point of a stored secret into this process: register it before anything can print it.
    registerSecret(value);
    return value;
  } catch (error) {
    throw new ConnectorError(
      `The ${field} of data source ${ds.name} is not in the configuration, and ${name} could not be read: ${(error as Error).message}`,
      undefined,
      'auth',
      { cause: error },
    );
  }
}

/** The log's warning for a store that could not be read; undefined otherwise. */
export function unreachableWarning(ds: DataSourceConfig, source: PasswordSource): string | undefined {
  if (source.from !== 'unreachable') return undefined;
  return `${capitalised(source.store)} could not be read, so data source ${ds.name} connects without a stored password: ${source.reason}`;
}

/** A failed login, with what to do about the password added; other errors as they are. */
export function withPasswordHint(error: unknown, ds: DataSourceConfig, source: PasswordSource): unknown {
  if (!(error instanceof ConnectorError) || error.kind !== 'auth') return error;
  const set = `\`gatehouse secrets set ${ds.name} password\``;
  let hint: string | undefined;
  switch (source.from) {
    case 'unreachable':
      hint = `${capitalised(source.store)} could not be read (${source.reason}): fix it, or store the password with ${set}.`;
      break;
    case 'none':
      hint = `No password for ${ds.name} in the configuration or in ${source.store}: store it with ${set}.${otherLogin(ds, source.store, source.others ?? [])}`;
      break;
    case 'store':
      hint = `The password of ${ds.name} comes from ${source.store}: if it changed, store the new one with ${set}.`;
      break;
  }
  if (!hint) return error;
  return new ConnectorError(`${error.message} ${hint}`, error.code, 'auth', { cause: error });
}

/**
 * A Snowflake file without `authenticator` logs in with a password (as Soda, unless the file has private_key): when
 * the store holds a key or a token for the data source instead, the file most likely lacks its authenticator.
 */
function otherLogin(ds: DataSourceConfig, store: string, others: readonly string[]): string {
  if (ds.type !== 'snowflake') return '';
  if (others.includes('private_key')) {
    return ` ${capitalised(store)} holds a private_key for ${ds.name}: to log in with it, add \`authenticator: snowflake_jwt\` to the data source.`;
  }
  if (others.includes('token')) {
    return ` ${capitalised(store)} holds a token for ${ds.name}: to log in with it, add \`authenticator: programmatic_access_token\` (or \`oauth\` for an OAuth access token) to the data source.`;
  }
  return '';
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
