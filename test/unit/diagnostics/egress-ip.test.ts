/** The egress-IP lookup against local echo services: plain and JSON answers, fall-through, and refused URLs. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressServiceUrl, lookupEgressIp } from '../../../src/diagnostics/egress-ip.js';
import { firewallRequest } from '../../../src/diagnostics/firewall-request.js';

const answers: Record<string, { status: number; body: string }> = {
  '/plain': { status: 200, body: '198.51.100.4\n' },
  '/json': { status: 200, body: '{"ip":"2001:db8::7"}' },
  '/garbage': { status: 200, body: '<html>hello</html>' },
  '/down': { status: 503, body: 'later' },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const answer = answers[request.url ?? ''] ?? { status: 404, body: '' };
    response.writeHead(answer.status, { 'Content-Type': 'text/plain' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = { timeoutMs: 2_000, env: {} };

describe('lookupEgressIp', () => {
  it('reads a plain-text answer and names the service', async () => {
    expect(await lookupEgressIp([`${base}/plain`], options)).toEqual({
      egress: { ip: '198.51.100.4', service: `${base}/plain` },
    });
  });

  it('reads a JSON answer with an ip field', async () => {
    expect(await lookupEgressIp([`${base}/json`], options)).toEqual({
      egress: { ip: '2001:db8::7', service: `${base}/json` },
    });
  });

  it('tries the next service when one fails or answers without an address', async () => {
    const result = await lookupEgressIp([`${base}/down`, `${base}/garbage`, `${base}/plain`], options);
    expect(result).toEqual({ egress: { ip: '198.51.100.4', service: `${base}/plain` } });
  });

  it('says why when no service gives an address', async () => {
    const result = await lookupEgressIp([`${base}/down`, `${base}/garbage`], options);
    expect(result).toEqual({ error: expect.stringContaining('HTTP 503') });
    expect('error' in result && result.error).toContain('the answer holds no IP address');
  });
});

describe('egressServiceUrl', () => {
  it('accepts https anywhere and http on loopback only', () => {
    expect(egressServiceUrl('https://api.ipify.org').host).toBe('api.ipify.org');
    expect(egressServiceUrl('http://localhost:8080/ip').port).toBe('8080');
    expect(() => egressServiceUrl('http://echo.example.com/')).toThrow(/must use https/);
    expect(() => egressServiceUrl('ftp://x')).toThrow(/must use https/);
    expect(() => egressServiceUrl('not a url')).toThrow(/is not a URL/);
  });
});

describe('firewallRequest', () => {
  it('asks for the single address to the database port, saying whose view the address is', () => {
    const guess = firewallRequest('203.0.113.9', 'db.example.com', 5432, false);
    expect(guess?.cidr).toBe('203.0.113.9/32');
    expect(guess?.text).toBe('allow inbound TCP from 203.0.113.9/32 to db.example.com port 5432');
    expect(guess?.message).toContain('as an echo service saw it');
    const seen = firewallRequest('2001:db8::1', 'db', 5432, true);
    expect(seen?.cidr).toBe('2001:db8::1/128');
    expect(seen?.message).toContain('the address the database server saw');
    expect(firewallRequest('nonsense', 'db', 5432, true)).toBeUndefined();
  });
});
