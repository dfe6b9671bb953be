/**
 * A validated `type: snowflake` block → SnowflakeDataSource. Checks what the shape cannot: the account identifier,
 * the authenticator, plain http only to loopback, and no key file paths (keys live in the secret store).
 * Secrets a mode needs may be missing here: they are looked up in the secret store when the scan connects.
 */
import type * as z from 'zod/mini';
import { isLoopbackHost } from '../common/loopback-host.js';
import { ConfigError } from './errors.js';
import { SNOWFLAKE_AUTHENTICATORS, type SnowflakeAuthenticator, type SnowflakeDataSource } from './model.js';
import { samplerConfig } from './sampler.js';
import type { snowflakeBlock } from './schema.js';
import { accountProblem } from './snowflake-account.js';
import type { YamlTree } from './yaml-tree.js';

type SnowflakeBlock = z.output<typeof snowflakeBlock>;

/** Soda's and the SDK's other spellings of the same modes. */
const AUTHENTICATOR_ALIASES: Readonly<Record<string, SnowflakeAuthenticator>> = {
  DEFAULT: 'SNOWFLAKE',
  PASSWORD: 'SNOWFLAKE',
  KEY_PAIR: 'SNOWFLAKE_JWT',
  KEYPAIR: 'SNOWFLAKE_JWT',
  PAT: 'PROGRAMMATIC_ACCESS_TOKEN',
};

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value);

/** Snowflake's other login modes, which Gatehouse does not offer: what to use instead. */
function unsupportedWhy(written: string): string | undefined {
  if (/^HTTPS:\/\//.test(written)) {
    return 'native Okta login is not supported. Use authenticator: externalbrowser (the same Okta login, in your browser), or a key pair (snowflake_jwt) for unattended runs.';
  }
  if (written === 'USERNAME_PASSWORD_MFA') {
    return 'MFA login is not supported. Use a key pair (snowflake_jwt) or a programmatic access token (programmatic_access_token), or externalbrowser for SSO.';
  }
  if (written.startsWith('OAUTH_')) {
    return 'Gatehouse does not run the OAuth flow itself. Get an access token from your identity provider and use authenticator: oauth with it stored as token, or use externalbrowser.';
  }
  return undefined;
}

function authenticatorOf(parsed: SnowflakeBlock, fail: (key: string, text: string) => never) {
  if (parsed.authenticator === undefined) {
    // As Soda (the Python connector picks key-pair login when a private key is given): the file's keys decide.
    if (nonEmpty(parsed.private_key)) return 'SNOWFLAKE_JWT';
    return 'SNOWFLAKE';
  }
  const written = parsed.authenticator.trim().toUpperCase();
  const known = (SNOWFLAKE_AUTHENTICATORS as readonly string[]).includes(written)
    ? (written as SnowflakeAuthenticator)
    : AUTHENTICATOR_ALIASES[written];
  if (known) return known;
  const why = unsupportedWhy(written);
  if (why) return fail('authenticator', `authenticator "${parsed.authenticator}": ${why}`);
  return fail(
    'authenticator',
    `authenticator "${parsed.authenticator}" is not supported. Use one of: snowflake (password), snowflake_jwt (key pair), oauth (token), programmatic_access_token (token), externalbrowser (browser SSO).`,
  );
}

/**
 * `host` is a host name: a pasted URL or `host:port` would otherwise pass and fail at DNS, the wrong step. Says
 * what to write instead.
 */
function hostProblem(host: string): string | undefined {
  const url = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]*)(?::(\d+))?/i.exec(host.trim());
  if (url) {
    const [, scheme = '', name = '', port] = url;
    const rest = [
      port ? `port: ${port}` : '',
      /^https?$/i.test(scheme) ? `protocol: ${scheme.toLowerCase()}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `host "${host}" is a URL; give the host name alone: host: ${name}${rest ? ` (and ${rest})` : ''}.`;
  }
  const withPort = /^([^:\s]+):(\d+)$/.exec(host.trim());
  if (withPort) {
    return `host "${host}" includes a port; write them apart: host: ${withPort[1]} and port: ${withPort[2]}.`;
  }
  if (host !== host.trim() || /[\s/]/.test(host)) {
    return `host "${host}" is not a host name (spaces or a path): write the name alone, e.g. host: myorg-analytics.privatelink.snowflakecomputing.com.`;
  }
  return undefined;
}

export function snowflakeDataSource(
  name: string,
  parsed: SnowflakeBlock,
  tree: YamlTree,
  header: string,
): SnowflakeDataSource {
  const fail = (key: string, text: string): never => {
    throw new ConfigError(`Data source "${name}": ${text}`, tree.locate([header, key]));
  };
  const problem = accountProblem(parsed.account);
  if (problem) fail('account', problem);
  if (parsed.private_key_path !== undefined) {
    fail(
      'private_key_path',
      `Gatehouse reads private keys from the secret store, not from files: store it with \`gatehouse secrets set ${name} private_key --stdin < ${parsed.private_key_path}\` (and its passphrase with \`gatehouse secrets set ${name} private_key_passphrase\`), then remove private_key_path.`,
    );
  }
  if (parsed.host !== undefined) {
    const problem = hostProblem(parsed.host);
    if (problem) fail('host', problem);
  }
  if (parsed.protocol === 'http' && !(parsed.host && isLoopbackHost(parsed.host))) {
    fail(
      'protocol',
      `protocol http is accepted only with a loopback host (127.0.0.0/8, ::1, localhost): anywhere else credentials and data would cross the network unencrypted. Use https.`,
    );
  }
  if (parsed.passcode_in_password === true) {
    fail(
      'passcode_in_password',
      'passcode_in_password (an MFA code appended to the password) is not supported: Gatehouse has no MFA login. Log in with a key pair (authenticator: snowflake_jwt) or a programmatic access token (authenticator: programmatic_access_token) instead, and remove passcode_in_password.',
    );
  }
  if (parsed.session_parameters !== undefined && Object.keys(parsed.session_params).length > 0) {
    fail(
      'session_parameters',
      'session_parameters and session_params are the same setting: keep one of them (Gatehouse reads either).',
    );
  }
  const sessionParams = parsed.session_parameters ?? parsed.session_params;
  for (const key of Object.keys(sessionParams)) {
    // Names go into ALTER SESSION as written: only parameter names, never SQL.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      const written = parsed.session_parameters === undefined ? 'session_params' : 'session_parameters';
      fail(written, `${written}: "${key}" is not a Snowflake parameter name.`);
    }
  }
  const authenticator = authenticatorOf(parsed, fail);
  const username = nonEmpty(parsed.username);
  if (!username && authenticator !== 'OAUTH') {
    fail('type', `username is required for authenticator ${authenticator.toLowerCase()}.`);
  }
  return {
    type: 'snowflake',
    name,
    account: parsed.account,
    username,
    authenticator,
    password: nonEmpty(parsed.password),
    privateKey: nonEmpty(parsed.private_key),
    privateKeyPassphrase: nonEmpty(parsed.private_key_passphrase),
    token: nonEmpty(parsed.token),
    warehouse: parsed.warehouse,
    role: parsed.role,
    database: parsed.database,
    schema: parsed.schema,
    host: parsed.host,
    port: parsed.port,
    protocol: parsed.protocol,
    connectionTimeoutMs: Math.round(parsed.connection_timeout * 1000),
    sessionParams,
    poolSize: parsed.pool_size,
    statementTimeoutMs: Math.round(parsed.statement_timeout * 1000),
    sampler: samplerConfig(parsed),
  };
}
