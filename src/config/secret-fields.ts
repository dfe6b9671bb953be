/** Which configuration fields hold secrets: what may never stay in a config file in clear. */
export const SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  postgres: ['password'],
  snowflake: ['password', 'private_key', 'private_key_passphrase', 'token', 'oauth_client_secret'],
  soda_cloud: ['api_key_secret'],
};
