/**
 * The credentials each Snowflake login mode needs: from configuration.yml, else from the secret store (asked only
 * for the fields that mode uses). Key-pair keys are decrypted here, before any network call.
 */
import type { ConnectionOptions } from 'snowflake-sdk';
import { registerSecret } from '../../common/redaction.js';
import type { SnowflakeDataSource } from '../../config/model.js';
import { ConnectorError } from '../connector.js';
import { loadPrivateKey, PrivateKeyError, pkcs8Pem, publicKeyFingerprint } from './private-key.js';

export interface SecretSources {
  /** The password when the configuration leaves it out ('' when none is stored). */
  password?: string | (() => Promise<string>);
  /** Any other secret field the configuration leaves out; undefined when none is stored. */
  secret?: (field: string) => Promise<string | undefined>;
}

export interface Credentials {
  options: Pick<ConnectionOptions, 'authenticator' | 'password' | 'privateKey' | 'token'>;
  /** Key pair only: the fingerprint Snowflake must have registered for the user. */
  fingerprint?: string;
}

/** The code of a login that cannot start for want of a secret: a configuration gap, not a refusal by Snowflake. */
export const SECRET_MISSING = 'snowflake-secret-missing';

function missing(ds: SnowflakeDataSource, field: string, how: string): ConnectorError {
  return new ConnectorError(
    `Snowflake data source "${ds.name}" logs in with ${ds.authenticator.toLowerCase()} but has no ${field}, neither in the configuration nor in the secret store. Store it with \`gatehouse secrets set ${ds.name} ${field}${how}\`.`,
    SECRET_MISSING,
    'auth',
  );
}

async function fromStore(
  sources: SecretSources,
  field: string,
  configured: string | undefined,
): Promise<string | undefined> {
  if (configured !== undefined) return configured;
  const value = await sources.secret?.(field);
  // Entry point of a stored secret into this process: register it before anything can print it.
  registerSecret(value);
  return value === '' ? undefined : value;
}

export async function credentialsFor(ds: SnowflakeDataSource, sources: SecretSources): Promise<Credentials> {
  const authenticator = ds.authenticator;
  switch (authenticator) {
    case 'SNOWFLAKE': {
      const given = ds.password ?? sources.password;
      const password = typeof given === 'function' ? await given() : given;
      if (!password && typeof given === 'function') {
        // The store was asked: the caller knows what it said and adds how to store one (withPasswordHint).
        throw new ConnectorError(
          `Snowflake data source "${ds.name}" logs in with a password, and none was found.`,
          SECRET_MISSING,
          'auth',
        );
      }
      if (!password) throw missing(ds, 'password', '');
      return { options: { authenticator, password } };
    }
    case 'SNOWFLAKE_JWT': {
      const pem = await fromStore(sources, 'private_key', ds.privateKey);
      if (!pem) throw missing(ds, 'private_key', ' --stdin < rsa_key.p8');
      const passphrase = await fromStore(sources, 'private_key_passphrase', ds.privateKeyPassphrase);
      try {
        const key = loadPrivateKey(pem, passphrase);
        const privateKey = pkcs8Pem(key);
        registerSecret(privateKey);
        return { options: { authenticator, privateKey }, fingerprint: publicKeyFingerprint(key) };
      } catch (error) {
        if (!(error instanceof PrivateKeyError)) throw error;
        // A passphrase written in the file (or its ${VAR}) wins over the store: storing another one changes nothing.
        const message =
          error.kind === 'passphrase-wrong' && ds.privateKeyPassphrase !== undefined
            ? `The private key passphrase does not decrypt the private key. It is the private_key_passphrase in the configuration (written out or as \${VAR}), which wins over the secret store: correct it there, or remove it from the file and store the right one with \`gatehouse secrets set ${ds.name} private_key_passphrase\`.`
            : error.message;
        throw new ConnectorError(
          `Snowflake data source "${ds.name}": ${message}`,
          `private-key-${error.kind}`,
          'auth',
          { cause: error },
        );
      }
    }
    case 'OAUTH':
    case 'PROGRAMMATIC_ACCESS_TOKEN': {
      const token = await fromStore(sources, 'token', ds.token);
      if (!token) throw missing(ds, 'token', '');
      return { options: { authenticator, token } };
    }
    case 'EXTERNALBROWSER':
      return { options: { authenticator } };
  }
}
