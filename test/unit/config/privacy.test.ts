import { describe, expect, it } from 'vitest';
import { parseConfiguration } from '../../../src/config/load.js';
import { DEFAULT_PRIVACY } from '../../../src/config/privacy.js';

const parse = (text: string) => parseConfiguration('/cfg/configuration.yml', text, { env: {} });

describe('the privacy: block', () => {
  it('is optional: without it the configuration has no privacy and the default policy is standard', () => {
    expect(parse('soda_cloud:\n  host: cloud.soda.io\n').privacy).toBeUndefined();
    expect(DEFAULT_PRIVACY.level).toBe('standard');
    expect(parse('privacy:\n').privacy).toEqual(DEFAULT_PRIVACY);
  });

  it('reads the level, the top-level rules and per-dataset overrides', () => {
    const config = parse(`privacy:
  level: strict
  exclude_columns: [ssn, "*_secret"]
  withhold_values: [salary]
  hash_identifiers: true
  sample_columns: [id]
  datasets:
    customers:
      level: full
      sample_columns: [id, country]
    "stage_*":
      withhold_values: true
`);
    expect(config.privacy).toEqual({
      level: 'strict',
      excludeColumns: ['ssn', '*_secret'],
      withholdValues: ['salary'],
      hashIdentifiers: true,
      sampleColumns: ['id'],
      datasets: {
        customers: { level: 'full', sampleColumns: ['id', 'country'] },
        'stage_*': { withholdValues: true },
      },
    });
  });

  it('names file, line and column of a bad value or an unknown key', () => {
    expect(() => parse('privacy:\n  level: open\n')).toThrow(
      /^\/cfg\/configuration\.yml:2:3: Invalid value for "level": expected one of strict, standard, full\.$/,
    );
    expect(() => parse('privacy:\n  datasets:\n    customers:\n      hash_names: true\n')).toThrow(
      /^\/cfg\/configuration\.yml:4:7: Unknown key "hash_names"/,
    );
    expect(() => parse('privacy:\n  exclude_columns: ssn\n')).toThrow(
      /configuration\.yml:2:3: Invalid value for "exclude_columns"/,
    );
  });
});
