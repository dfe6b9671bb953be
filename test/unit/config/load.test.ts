import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfiguration, parseConfiguration } from '../../../src/config/load.js';

const FILE = 'configuration.yml';
const base = `data_source pg:
  type: postgres
  host: localhost
  username: analyst
  database: sales
`;

function errorOf(text: string, options = {}): ConfigError {
  try {
    parseConfiguration(FILE, text, { env: {}, ...options });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration.yml', () => {
  it('reads a postgres block with Soda defaults', () => {
    const { dataSources } = parseConfiguration(FILE, base, { env: {} });
    expect(dataSources.pg).toEqual({
      type: 'postgres',
      name: 'pg',
      host: 'localhost',
      port: 5432,
      username: 'analyst',
      password: undefined,
      database: 'sales',
      schema: undefined,
      sslmode: 'prefer',
      sslrootcert: undefined,
      sslcert: undefined,
      sslkey: undefined,
      connectionTimeoutMs: 30_000,
      poolSize: 2,
      statementTimeoutMs: 0,
      sampler: { samplesRequested: false, samplesLimit: undefined, excludeColumns: {} },
    });
  });

  it("reads Soda's sampler block; samples stay off unless disable_samples is false", () => {
    const on = parseConfiguration(
      FILE,
      `${base}  sampler:\n    disable_samples: false\n    samples_limit: 5\n    exclude_columns:\n      customers: [email, "cst_*"]\n`,
      { env: {} },
    );
    expect(on.dataSources.pg?.sampler).toEqual({
      samplesRequested: true,
      samplesLimit: 5,
      excludeColumns: { customers: ['email', 'cst_*'] },
    });
    const legacy = parseConfiguration(FILE, `${base}  disable_samples: true\n`, { env: {} });
    expect(legacy.dataSources.pg?.sampler?.samplesRequested).toBe(false);
  });

  it('accepts ports and timeouts as strings, as Soda does', () => {
    const { dataSources } = parseConfiguration(FILE, `${base}  port: "6543"\n  connection_timeout: "2.5"\n`, {
      env: {},
    });
    expect(dataSources.pg?.port).toBe(6543);
    expect(dataSources.pg?.connectionTimeoutMs).toBe(2500);
  });

  it('substitutes ${VAR} anywhere, the environment winning over scan variables', () => {
    const text = `${base}  password: \${PG_PASSWORD}\n  schema: \${SCHEMA}_v2\n`;
    const { dataSources } = parseConfiguration(FILE, text, {
      env: { PG_PASSWORD: 'from-env', SCHEMA: 'env_schema' },
      variables: { SCHEMA: 'var_schema' },
    });
    expect(dataSources.pg?.password).toBe('from-env');
    expect(dataSources.pg?.schema).toBe('env_schema_v2');
    const fromVariables = parseConfiguration(FILE, text, {
      env: { PG_PASSWORD: 'x' },
      variables: { SCHEMA: 'var' },
    });
    expect(fromVariables.dataSources.pg?.schema).toBe('var_v2');
  });

  it('a substituted value cannot change the YAML structure', () => {
    const { dataSources } = parseConfiguration(FILE, `${base}  password: \${P}\n`, {
      env: { P: 'a: b\n  host: evil' },
    });
    expect(dataSources.pg?.host).toBe('localhost');
    expect(dataSources.pg?.password).toBe('a: b\n  host: evil');
  });

  it('an unset variable is an error at its place', () => {
    const error = errorOf(`${base}  password: \${NOT_SET}\n`);
    expect(error.location).toEqual({ filePath: FILE, line: 6, col: 13 });
    expect(error.detail).toMatch(/\$\{NOT_SET\} is not set/);
  });

  it('merges a legacy nested connection: map, top-level keys winning', () => {
    const text = `data_source pg:\n  type: postgres\n  database: top\n  connection:\n    host: db\n    username: u\n    database: nested\n`;
    const { dataSources } = parseConfiguration(FILE, text, { env: {} });
    expect(dataSources.pg).toMatchObject({ host: 'db', username: 'u', database: 'top' });
  });

  it('names unknown keys with their location and the allowed ones', () => {
    const error = errorOf(`${base}  hostname: db\n`);
    expect(error.location).toMatchObject({ line: 6, col: 3 });
    expect(error.detail).toMatch(/Unknown key "hostname" in data_source pg\. Allowed keys: type, host, port/);
  });

  it('names a missing required key', () => {
    const error = errorOf('data_source pg:\n  type: postgres\n  host: h\n  username: u\n');
    expect(error.detail).toBe('Missing required key "database" in data_source pg.');
    expect(error.location).toMatchObject({ line: 1, col: 1 });
  });

  it('rejects bad values with the reason', () => {
    expect(errorOf(`${base}  port: 70000\n`).detail).toMatch(/Invalid value for "port": ports end at 65535/);
    expect(errorOf(`${base}  sslmode: sometimes\n`).detail).toMatch(
      /Invalid value for "sslmode".*verify-full/,
    );
    expect(errorOf(base.replace('host: localhost', 'host: ""')).detail).toMatch(/host must not be empty/);
  });

  it('says what a bad number should have been, in words, not as zod type names or "Invalid input"', () => {
    const detail = (line: string) => errorOf(`${base}  ${line}\n`).detail;
    // Text that is not a number: the branch that took text says why, not "expected a text or number value".
    expect(detail('port: abc')).toBe('Invalid value for "port": expected a whole number.');
    expect(detail('port: "5.5"')).toBe('Invalid value for "port": expected a whole number.');
    expect(detail('port: 5.5')).toBe('Invalid value for "port": expected a whole number.');
    expect(detail('port: true')).toBe('Invalid value for "port": expected a number or text.');
    expect(detail('connection_timeout: soon')).toBe(
      'Invalid value for "connection_timeout": expected a number of seconds, without a unit (e.g. 30).',
    );
    expect(detail('pool_size: 0')).toBe('Invalid value for "pool_size": must be at least 1.');
    expect(detail('pool_size: 33')).toBe('Invalid value for "pool_size": must be at most 32.');
    expect(detail('disable_samples: maybe')).toBe(
      'Invalid value for "disable_samples": expected true or false.',
    );
    expect(detail('sampler: 5')).toBe('Invalid value for "sampler": expected a map of keys.');
    expect(detail('schema: [a, b]')).toBe('Invalid value for "schema": expected text or a number.');
  });

  it('a path that is missing or a folder says so in words, with what to do', async () => {
    const missing = join(tmpdir(), 'gatehouse-no-such-configuration.yml');
    await expect(loadConfiguration(missing)).rejects.toThrow(
      `Configuration file ${missing} does not exist. Pass the right path with -c.`,
    );
    // Was "Cannot read configuration file …: EISDIR: illegal operation on a directory, read".
    await expect(loadConfiguration(tmpdir())).rejects.toThrow(
      new ConfigError(`${tmpdir()} is a folder, not a configuration file. Pass the right path with -c.`),
    );
  });

  it('unknown types', () => {
    expect(errorOf('data_source x1:\n  type: oracle\n').detail).toBe(
      'Data source "x1" has unknown type "oracle". Supported: postgres, snowflake.',
    );
    expect(errorOf('data_source x1:\n  type: snowflake\n').detail).toBe(
      'Missing required key "account" in data_source x1.',
    );
    expect(errorOf('data_source x1:\n  host: h\n').detail).toMatch(/has no `type`/);
  });

  it('rejects unknown top-level keys and bad data source names', () => {
    expect(errorOf(`${base}datasource other:\n  type: postgres\n`).detail).toMatch(
      /Unknown top-level key "datasource other"/,
    );
    expect(errorOf('data_source Bad-Name:\n  type: postgres\n').detail).toMatch(
      /Data source name "Bad-Name" is invalid/,
    );
    // One letter is not a name either (Soda's rule): the message says so, as `gatehouse secrets` does.
    expect(errorOf('data_source a:\n  type: postgres\n').detail).toMatch(
      /Data source name "a" is invalid: .*at least two characters/,
    );
  });

  it('a value of the right type but the wrong form says what form it takes', () => {
    // A number with a unit: the message says what is wrong with it, not "expected a text or number".
    expect(
      errorOf(`${base.replace('  type: postgres\n', '  type: postgres\n  connection_timeout: 30s\n')}`)
        .detail,
    ).toBe('Invalid value for "connection_timeout": expected a number of seconds, without a unit (e.g. 30).');
    expect(
      errorOf(`${base.replace('  type: postgres\n', '  type: postgres\n  port: 54x2\n')}`).detail,
    ).toMatch(/Invalid value for "port": expected a whole number/);
  });

  it("a Soda v4 data source file is recognised, with how to write it as Soda v3's configuration.yml", () => {
    const v4 = 'type: snowflake\nname: my_sf\nconnection:\n  account: myorg-analytics\n  username: scanner\n';
    expect(errorOf(v4).detail).toMatch(
      /^This is a Soda v4 data source file .* indent the file under `data_source my_sf:`.*use -d my_sf\.$/,
    );
    // As the message says: under a data_source block, the connection: map as it was.
    const v3 = `data_source my_sf:\n  type: snowflake\n${v4
      .split('\n')
      .slice(2)
      .map((line) => (line ? `  ${line}` : line))
      .join('\n')}`;
    expect(parseConfiguration(FILE, v3, { env: {} }).dataSources.my_sf).toMatchObject({
      type: 'snowflake',
      account: 'myorg-analytics',
    });
  });

  it("Soda v4's ${env.NAME} reads the environment, ${var.NAME} the scan variables; unset, each says what to set", () => {
    const text =
      'data_source pg:\n  type: postgres\n  host: ${env.PG_HOST}\n  username: ${var.PG_USER}\n  database: d\n';
    const ds = parseConfiguration(FILE, text, {
      env: { PG_HOST: 'db.internal' },
      variables: { PG_USER: 'analyst' },
    }).dataSources.pg;
    expect(ds).toMatchObject({ host: 'db.internal', username: 'analyst' });
    expect(errorOf(text, { env: {}, variables: { PG_USER: 'a' } }).detail).toBe(
      'Variable ${env.PG_HOST} is not set. Set the environment variable PG_HOST, or remove the reference.',
    );
  });

  it('malformed YAML names line and column', () => {
    const error = errorOf('data_source pg:\n  type: postgres\n   host: [x\n');
    expect(error.detail).toMatch(/^Invalid YAML/);
    expect(error.location?.line).toBeGreaterThanOrEqual(2);
  });

  it('accepts a soda_cloud block and validates it', () => {
    const cloud = `${base}soda_cloud:\n  host: cloud.soda.io\n  api_key_id: \${ID}\n`;
    expect(() => parseConfiguration(FILE, cloud, { env: { ID: 'abc' } })).not.toThrow();
    expect(errorOf(`${base}soda_cloud:\n  hots: x\n`).detail).toMatch(/Unknown key "hots" in soda_cloud/);
  });

  it('reports secret fields written in plain text, with the place of the value, never the value', () => {
    const text = `${base}  password: "Hunter-2"\nsoda_cloud:\n  api_key_id: id\n  api_key_secret: 12345678\n`;
    const { plaintextSecrets, dataSources } = parseConfiguration(FILE, text, { env: {} });
    expect(dataSources.pg?.password).toBe('Hunter-2');
    expect(plaintextSecrets).toEqual([
      { dataSource: 'pg', field: 'password', location: { filePath: FILE, line: 6, col: 13 } },
      { dataSource: 'soda_cloud', field: 'api_key_secret', location: { filePath: FILE, line: 9, col: 19 } },
    ]);
    expect(JSON.stringify(plaintextSecrets)).not.toContain('Hunter-2');
  });

  it('a ${VAR} reference, an empty or left-out secret field is no plaintext secret', () => {
    for (const line of ['  password: ${PW}\n', '  password: "pre-${PW}"\n', '  password: ""\n', '']) {
      const { plaintextSecrets } = parseConfiguration(FILE, `${base}${line}`, { env: { PW: 'from-env' } });
      expect(plaintextSecrets).toEqual([]);
    }
  });

  it('finds a plaintext secret in a legacy connection: map too', () => {
    const text = `data_source pg:\n  connection:\n    type: postgres\n    host: h\n    username: u\n    password: secret-pw\n    database: d\n`;
    expect(parseConfiguration(FILE, text, { env: {} }).plaintextSecrets).toEqual([
      { dataSource: 'pg', field: 'password', location: { filePath: FILE, line: 6, col: 15 } },
    ]);
  });
});

describe('configuration.yml, only the data sources a run uses', () => {
  // Two environments in one file: prod's password comes from a variable this machine does not set, and its
  // block lacks a username.
  const twoEnvironments = `data_source dev:
  type: postgres
  host: localhost
  username: analyst
  password: "\${DEV_PASSWORD}"
  database: sales
data_source prod:
  type: postgres
  host: prod.example.com
  password: "\${PROD_PASSWORD}"
  database: sales
  port: \${PROD_PORT}
`;
  const env = { DEV_PASSWORD: 'dev-pw' };

  it('validates and resolves only the blocks asked for; the others are known by name', () => {
    const config = parseConfiguration(FILE, twoEnvironments, { env, only: ['dev'] });
    expect(Object.keys(config.dataSources)).toEqual(['dev']);
    expect(config.dataSources.dev).toMatchObject({ password: 'dev-pw', username: 'analyst' });
    expect(config.otherDataSources).toEqual(['prod']);
  });

  it('still holds the block asked for to every rule, and the whole file by default', () => {
    expect(errorOf(twoEnvironments, { env, only: ['prod'] }).message).toMatch(/PROD_PASSWORD\} is not set/);
    expect(errorOf(twoEnvironments, { env }).message).toMatch(/PROD_PASSWORD\} is not set/);
  });

  it('no data source at all (preview, upload): none validated, unknown top-level keys still refused', () => {
    const config = parseConfiguration(FILE, twoEnvironments, { env: {}, only: [] });
    expect(config.dataSources).toEqual({});
    expect(config.otherDataSources).toEqual(['dev', 'prod']);
    expect(errorOf(`${twoEnvironments}sodacloud: {}\n`, { env, only: ['dev'] }).message).toMatch(
      /Unknown top-level key "sodacloud"/,
    );
  });
});
