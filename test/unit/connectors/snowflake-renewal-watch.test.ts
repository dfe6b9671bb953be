/**
 * The renewal watch on real HTTP requests (a local server, two agents standing for two snowflake-sdk connections):
 * renewals count only for the statement whose own query request went through the same agent, and more than
 * RENEWAL_LIMIT of them report a loop; a stopped watch reports nothing.
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENEWAL_LIMIT, watchRenewals } from '../../../src/connectors/snowflake/renewal-watch.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function post(agent: Agent, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('renewal watch', () => {
  it("counts only the renewals of the statement's own connection, and reports a loop past the limit", async () => {
    const mine = new Agent();
    const other = new Agent();
    const loops: number[] = [];
    const stop = watchRenewals('req-mine', (count) => loops.push(count));
    try {
      await post(mine, '/queries/v1/query-request?requestId=req-mine&request_guid=1');
      // Another connection renews as often as it likes: not this statement's business.
      for (let i = 0; i < RENEWAL_LIMIT + 2; i++) await post(other, '/session/token-request?requestId=x');
      expect(loops).toEqual([]);
      for (let i = 0; i < RENEWAL_LIMIT; i++) await post(mine, '/session/token-request?requestId=y');
      expect(loops).toEqual([]);
      await post(mine, '/session/token-request?requestId=z');
      expect(loops).toEqual([RENEWAL_LIMIT + 1]);
    } finally {
      stop();
      mine.destroy();
      other.destroy();
    }
  });

  it('a stopped watch reports nothing', async () => {
    const agent = new Agent();
    const loops: number[] = [];
    const stop = watchRenewals('req-stopped', (count) => loops.push(count));
    await post(agent, '/queries/v1/query-request?requestId=req-stopped');
    stop();
    for (let i = 0; i < RENEWAL_LIMIT + 2; i++) await post(agent, '/session/token-request');
    expect(loops).toEqual([]);
    agent.destroy();
  });
});
