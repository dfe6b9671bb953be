/**
 * The secret fields each kind of data source asks for, by auth mode: what the form offers as write-only inputs.
 * (The engine decides what is stored where; this only says what to ask for.)
 */
import type { DataSourceDefinition, SnowflakeAuthMode } from '../../../../src/api/desktop/contract.js';

export interface SecretFieldSpec {
  field: string;
  label: string;
  required: boolean;
  /** A PEM key is pasted: several lines. */
  multiline?: boolean;
  hint?: string;
}

const PASSWORD: SecretFieldSpec = { field: 'password', label: 'Password', required: false };

const SNOWFLAKE: Record<SnowflakeAuthMode, SecretFieldSpec[]> = {
  externalbrowser: [],
  snowflake_jwt: [
    {
      field: 'private_key',
      label: 'Private key (PEM)',
      required: true,
      multiline: true,
      hint: 'The -----BEGIN PRIVATE KEY----- block of the key whose public half is set on the user.',
    },
    {
      field: 'private_key_passphrase',
      label: 'Private key passphrase',
      required: false,
      hint: 'Only for an encrypted key.',
    },
  ],
  programmatic_access_token: [{ field: 'token', label: 'Programmatic access token', required: true }],
  oauth: [
    { field: 'token', label: 'OAuth access token', required: true },
    { field: 'oauth_client_secret', label: 'OAuth client secret', required: false },
  ],
  snowflake: [{ ...PASSWORD, required: true }],
};

export function secretFieldsFor(definition: DataSourceDefinition): SecretFieldSpec[] {
  if (definition.type === 'postgres') {
    return [{ ...PASSWORD, hint: 'Leave empty if the server needs none (trust or certificate auth).' }];
  }
  return SNOWFLAKE[definition.authenticator];
}

export const SNOWFLAKE_AUTH_LABELS: Record<SnowflakeAuthMode, string> = {
  externalbrowser: 'Browser SSO (external browser)',
  snowflake_jwt: 'Key pair (JWT)',
  programmatic_access_token: 'Programmatic access token (PAT)',
  oauth: 'OAuth token',
  snowflake: 'Password',
};
