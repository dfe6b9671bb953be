import { describe, expect, it } from 'vitest';
import { DestinationConfigError } from '../../../src/cloud/errors.js';
import { checkedUrl, isLoopbackHost } from '../../../src/cloud/loopback.js';
import { sodaCloudCommandUrl } from '../../../src/cloud/soda-cloud.js';

describe('destination addresses', () => {
  it('Soda Cloud: https by default, Soda host/port/scheme keys, IPv6 bracketed', () => {
    expect(sodaCloudCommandUrl({ host: 'cloud.soda.io', scheme: 'https' }).href).toBe(
      'https://cloud.soda.io/api/command',
    );
    expect(sodaCloudCommandUrl({ host: 'cloud.us.soda.io', port: 8443, scheme: 'https' }).href).toBe(
      'https://cloud.us.soda.io:8443/api/command',
    );
    expect(sodaCloudCommandUrl({ host: '::1', port: 8080, scheme: 'http' }).href).toBe(
      'http://[::1]:8080/api/command',
    );
    expect(() => sodaCloudCommandUrl({ scheme: 'https' })).toThrow(/no host/);
  });

  it('plain http only for loopback: 127.0.0.0/8, ::1, localhost', () => {
    for (const host of ['127.0.0.1', '127.9.8.7', '::1', '[::1]', 'localhost'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', 'example.com', '::2']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
    expect(checkedUrl('http://localhost:8080/x', 'webhook url').protocol).toBe('http:');
    expect(() => sodaCloudCommandUrl({ host: 'cloud.soda.io', scheme: 'http' })).toThrow(
      DestinationConfigError,
    );
    expect(() => checkedUrl('http://10.0.0.1/hook', 'webhook url')).toThrow(/not a loopback address/);
    expect(() => checkedUrl('ftp://example.com/', 'webhook url')).toThrow(/must be an https URL/);
    expect(() => checkedUrl('https://user:pw@example.com/', 'webhook url')).toThrow(/user name or password/);
  });
});
