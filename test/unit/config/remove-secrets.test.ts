import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { parseConfiguration } from '../../../src/config/load.js';
import { planSecretRemoval } from '../../../src/config/remove-secrets.js';

const FILE = 'configuration.yml';

/** The lines of `before` that are not in `after`, checking that every other line is kept, in order, byte for byte. */
function removedLines(before: string, after: string): string[] {
  const old = before.split(/(?<=\n)/);
  const kept = after.split(/(?<=\n)/);
  const removed: string[] = [];
  let k = 0;
  for (const line of old) {
    if (k < kept.length && kept[k] === line) k++;
    else removed.push(line);
  }
  expect(k, 'every line of the new file comes from the old one, in order').toBe(kept.length);
  return removed;
}

const config = `# Gatehouse configuration — production
data_source warehouse:   # the main one
  type: postgres
  host: db.internal

  port: 5432
  username: analyst
  password: "Hunter-2-Quoted"   # TODO move to keychain
  database: sales
  # samples stay off
  sampler:
    disable_samples: true

data_source staging:
  type: postgres
  host: staging
  username: app
  password: \${STAGING_PASSWORD}
  database: sales

data_source legacy:
  connection:
    type: postgres
    host: old
    username: u
    password: 12345678
    database: d

soda_cloud:
  host: cloud.soda.io
  api_key_id: key-id
  api_key_secret: >-
    folded-secret
    continues
  scheme: https
`;

describe('planSecretRemoval', () => {
  it('finds plaintext secrets of every block, in file order, with their values and places', () => {
    const { secrets } = planSecretRemoval(FILE, config);
    expect(secrets).toEqual([
      {
        dataSource: 'warehouse',
        field: 'password',
        value: 'Hunter-2-Quoted',
        location: { filePath: FILE, line: 8, col: 13 },
      },
      {
        dataSource: 'legacy',
        field: 'password',
        value: '12345678',
        location: { filePath: FILE, line: 26, col: 15 },
      },
      {
        dataSource: 'soda_cloud',
        field: 'api_key_secret',
        value: 'folded-secret continues',
        location: { filePath: FILE, line: 32, col: 19 },
      },
    ]);
  });

  it('removes exactly those lines, keeping comments, blank lines and ${VAR} references byte for byte', () => {
    const { text } = planSecretRemoval(FILE, config);
    expect(removedLines(config, text)).toEqual([
      '  password: "Hunter-2-Quoted"   # TODO move to keychain\n',
      '    password: 12345678\n',
      '  api_key_secret: >-\n',
      '    folded-secret\n',
      '    continues\n',
    ]);
    expect(text).toContain('  password: ${STAGING_PASSWORD}\n');
    const loaded = parseConfiguration(FILE, text, { env: { STAGING_PASSWORD: 'x' } });
    expect(loaded.plaintextSecrets).toEqual([]);
    expect(loaded.dataSources.warehouse?.password).toBeUndefined();
    expect(loaded.dataSources.legacy).toMatchObject({ host: 'old', password: undefined });
  });

  it('keeps CRLF line endings', () => {
    const crlf = config.replaceAll('\n', '\r\n');
    const { text, secrets } = planSecretRemoval(FILE, crlf);
    expect(secrets).toHaveLength(3);
    expect(removedLines(crlf, text)).toEqual([
      '  password: "Hunter-2-Quoted"   # TODO move to keychain\r\n',
      '    password: 12345678\r\n',
      '  api_key_secret: >-\r\n',
      '    folded-secret\r\n',
      '    continues\r\n',
    ]);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('a last line without a line break', () => {
    const text = 'data_source a:\n  type: postgres\n  password: last-one';
    expect(planSecretRemoval(FILE, text).text).toBe('data_source a:\n  type: postgres\n');
  });

  it('leaves a file without plaintext secrets as it is', () => {
    const text = 'data_source a:\n  type: postgres\n  password: ${PW}\n  username: u # x\n';
    expect(planSecretRemoval(FILE, text)).toEqual({ secrets: [], text, blocks: 1, added: [] });
  });

  it('refuses a flow-style entry, naming its place, rather than guess', () => {
    const text = 'data_source a: {type: postgres, password: inline-secret}\n';
    const error = (() => {
      try {
        planSecretRemoval(FILE, text);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).location).toEqual({ filePath: FILE, line: 1, col: 43 });
    expect((error as Error).message).not.toContain('inline-secret');
  });

  it('refuses invalid YAML with its place', () => {
    expect(() => planSecretRemoval(FILE, 'data_source a:\n  type: [\n')).toThrow(ConfigError);
  });
});
