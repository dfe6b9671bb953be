import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { parseConfiguration } from '../../../src/config/load.js';

describe('soda_cloud and destinations blocks', () => {
  it('exposes soda_cloud with Soda defaults (https) and destinations with a resolved file path', () => {
    const config = parseConfiguration(
      '/etc/gatehouse/configuration.yml',
      `soda_cloud:
  host: cloud.example.com
  api_key_id: \${KEY_ID}
destinations:
  webhook:
    url: https://hooks.example.com/in
  file:
    path: handover
`,
      { env: { KEY_ID: 'id-1' } },
    );
    expect(config.sodaCloud).toEqual({
      host: 'cloud.example.com',
      port: undefined,
      scheme: 'https',
      apiKeyId: 'id-1',
      apiKeySecret: undefined,
    });
    expect(config.destinations).toEqual({
      webhook: { url: 'https://hooks.example.com/in' },
      file: { path: '/etc/gatehouse/handover' },
    });
  });

  it('rejects unknown destination keys with their place', () => {
    expect(() => parseConfiguration('c.yml', 'destinations:\n  ftp:\n    url: x\n', { env: {} })).toThrow(
      ConfigError,
    );
  });
});
