/**
 * The SecretStore: where Gatehouse keeps data-source passwords, private keys, tokens and API key secrets.
 * One interface, three backends: the OS keychain (default), an encrypted file vault (machines without a keychain),
 * and environment variables (read-only). A backend that cannot be reached says so — it never answers
 * "no secret stored" when it could not look.
 */

import { DATA_SOURCE_NAME } from '../config/data-source-name.js';
import { SECRET_FIELDS } from '../config/secret-fields.js';

/** The backends, as `--backend`, `--secret-backend` and GATEHOUSE_SECRET_BACKEND name them. */
export const SECRET_BACKENDS = ['keychain', 'vault', 'env'] as const;
export type SecretBackendKind = (typeof SECRET_BACKENDS)[number];

/** Which secret: a data source (or `soda_cloud`) and one of its secret fields, e.g. warehouse / password. */
export interface SecretRef {
  dataSource: string;
  field: string;
}

export interface BackendStatus {
  kind: SecretBackendKind;
  /** For people: "GNOME Keyring (Secret Service)", "macOS Keychain", "encrypted vault at …". */
  description: string;
  available: boolean;
  /** When not available: what is wrong and what to do about it. */
  problem?: string;
  /** When not available: the SecretStoreError code behind `problem`. */
  code?: SecretStoreErrorCode;
}

export type SecretStoreErrorCode =
  | 'unavailable'
  | 'locked'
  | 'wrong-passphrase'
  | 'tampered'
  | 'read-only'
  | 'invalid';

/** A store that cannot do what was asked, with the fix in words a person can act on. */
export class SecretStoreError extends Error {
  constructor(
    readonly code: SecretStoreErrorCode,
    message: string,
    /** What to do about it. */
    readonly remedy: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} ${remedy}`, options);
    this.name = 'SecretStoreError';
  }
}

export interface SecretStore {
  readonly kind: SecretBackendKind;
  /**
   * For people: "macOS Keychain", "encrypted vault at …" (no probe; status() says whether it works). Every real
   * backend has one; optional so test doubles need not.
   */
  readonly description?: string;
  /** Probe the backend: can it be read and written right now? */
  status(): Promise<BackendStatus>;
  /** The secret, or undefined when none is stored. Throws SecretStoreError when the backend cannot be read. */
  get(ref: SecretRef): Promise<string | undefined>;
  set(ref: SecretRef, value: string): Promise<void>;
  /** True when a secret was deleted, false when there was none. */
  delete(ref: SecretRef): Promise<boolean>;
  /** The secrets stored, never their values. */
  list(): Promise<SecretRef[]>;
}

export { DATA_SOURCE_NAME, SECRET_FIELDS };

/** Where `<dataSource>:<field>` names one secret: the keychain account and the vault's key. */
export function refKey(ref: SecretRef): string {
  return `${ref.dataSource}:${ref.field}`;
}

/** The ref a key names, or undefined for keys Gatehouse did not write (probes, other tools' entries). */
export function parseRefKey(key: string): SecretRef | undefined {
  const colon = key.indexOf(':');
  if (colon < 0) return undefined;
  const dataSource = key.slice(0, colon);
  const field = key.slice(colon + 1);
  if (!DATA_SOURCE_NAME.test(dataSource) || !/^[a-z_]+$/.test(field)) return undefined;
  return { dataSource, field };
}

/** Secrets of the upload destinations, kept under their block's name; no data source may take these names. */
const DESTINATION_SECRETS: Readonly<Record<string, readonly string[]>> = {
  soda_cloud: SECRET_FIELDS.soda_cloud ?? [],
  webhook: ['signing_secret'],
};

/** The secret fields a name may have: a destination's own, else those of every data source type. */
export function secretFieldsOf(dataSource: string): readonly string[] {
  const destination = DESTINATION_SECRETS[dataSource];
  if (destination) return destination;
  const fields = new Set<string>();
  for (const [type, names] of Object.entries(SECRET_FIELDS)) {
    if (type !== 'soda_cloud') for (const name of names) fields.add(name);
  }
  return [...fields];
}

export function compareRefs(a: SecretRef, b: SecretRef): number {
  return refKey(a) < refKey(b) ? -1 : refKey(a) > refKey(b) ? 1 : 0;
}
