/**
 * How the form presents the secret fields the engine asks for. Which fields a type or auth mode needs is the
 * engine's rule, sent with the data source list (`DataSourceList.secretFields`); this file only names them.
 */
import type {
  DataSourceDefinition,
  SecretFieldCatalog,
  SecretFieldSpec,
  SnowflakeAuthMode,
} from '../../../../src/api/desktop/contract.js';

export interface SecretFieldView extends SecretFieldSpec {
  label: string;
  /** A PEM key is pasted: several lines. */
  multiline?: boolean;
  hint?: string;
}

const PRESENTATION: Record<string, Omit<SecretFieldView, 'field' | 'required'>> = {
  password: { label: 'Password' },
  private_key: {
    label: 'Private key (PEM)',
    multiline: true,
    hint: 'Paste the whole PEM text, from its BEGIN line to its END line, of the key whose public half is set on the user.',
  },
  private_key_passphrase: { label: 'Private key passphrase', hint: 'Only for an encrypted key.' },
};

const TOKEN_LABELS: Partial<Record<SnowflakeAuthMode, string>> = {
  programmatic_access_token: 'Programmatic access token',
  oauth: 'OAuth access token',
};

export function secretFieldsFor(
  catalog: SecretFieldCatalog,
  definition: DataSourceDefinition,
): SecretFieldView[] {
  if (definition.type === 'postgres') {
    return catalog.postgres.map((spec) => ({
      ...spec,
      ...(PRESENTATION[spec.field] ?? { label: spec.field }),
      hint: 'Leave empty if the server needs none (trust or certificate auth).',
    }));
  }
  const mode = definition.authenticator;
  return (catalog.snowflake[mode] ?? []).map((spec) => ({
    ...spec,
    ...(PRESENTATION[spec.field] ?? { label: spec.field }),
    ...(spec.field === 'token' ? { label: TOKEN_LABELS[mode] ?? 'Token' } : {}),
  }));
}

export const SNOWFLAKE_AUTH_LABELS: Record<SnowflakeAuthMode, string> = {
  externalbrowser: 'Browser SSO (external browser)',
  snowflake_jwt: 'Key pair (JWT)',
  programmatic_access_token: 'Programmatic access token (PAT)',
  oauth: 'OAuth token',
  snowflake: 'Password',
};
