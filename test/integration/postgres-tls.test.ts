/**
 * The PostgreSQL connector against private clusters: every sslmode with and without a TLS server, certificate
 * verification failures, client-certificate auth, auth and connection errors, search_path, statement timeouts
 * and cancellation (the server-side statement really stops).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PostgresDataSource } from '../../src/config/model.js';
import type { Connector } from '../../src/connectors/connector.js';
import { openPostgresConnector } from '../../src/connectors/postgres/connector.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import { findFreePort } from '../support/free-port.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';

const APP = { name: 'app', password: 'app-secret-1' };
const PLAINTEXT_ONLY = { name: 'plainonly', password: 'plain-secret-1' };
const CERT_USER = 'certuser';

const gate = await clusterPrerequisiteGate();

function dataSourceFor(
  cluster: PrivateCluster,
  overrides: Partial<PostgresDataSource> = {},
): PostgresDataSource {
  return {
    type: 'postgres',
    name: 'private',
    host: cluster.host,
    port: cluster.port,
    username: APP.name,
    password: APP.password,
    database: 'postgres',
    sslmode: 'disable',
    connectionTimeoutMs: 10_000,
    poolSize: 2,
    statementTimeoutMs: 0,
    ...overrides,
  };
}

async function withConnector<T>(
  ds: PostgresDataSource,
  use: (connector: Connector) => Promise<T>,
): Promise<T> {
  const connector = await openPostgresConnector(ds);
  try {
    return await use(connector);
  } finally {
    await connector.close();
  }
}

async function sessionUsesTls(connector: Connector): Promise<boolean> {
  const { rows } = await connector.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
  return rows[0]?.[0] === true;
}

async function activeSleeps(cluster: PrivateCluster): Promise<number> {
  const rows = await cluster.adminQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE usename = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'`,
    [APP.name],
  );
  return rows[0]?.n ?? -1;
}

describeWithCluster('PostgreSQL connector on private clusters', gate, () => {
  /** TLS on; app (password, any transport), plainonly (password, plaintext only), certuser (client cert). */
  let tlsCluster: PrivateCluster;
  /** TLS on, but the server certificate names only db.example.internal. */
  let wrongNameCluster: PrivateCluster;
  /** TLS off. */
  let plainCluster: PrivateCluster;

  beforeAll(async () => {
    [tlsCluster, wrongNameCluster, plainCluster] = await Promise.all([
      startPrivateCluster({
        tls: true,
        users: [APP, PLAINTEXT_ONLY],
        clientCertUser: CERT_USER,
        hba: [
          `hostssl all ${CERT_USER} 127.0.0.1/32 cert`,
          `hostnossl all ${PLAINTEXT_ONLY.name} 127.0.0.1/32 scram-sha-256`,
          `host all ${APP.name} 127.0.0.1/32 scram-sha-256`,
        ],
      }),
      startPrivateCluster({
        tls: true,
        users: [APP],
        serverCertNames: ['DNS:db.example.internal'],
        hba: [`host all ${APP.name} 127.0.0.1/32 scram-sha-256`],
      }),
      startPrivateCluster({ users: [APP], hba: [`host all ${APP.name} 127.0.0.1/32 scram-sha-256`] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([tlsCluster, wrongNameCluster, plainCluster].map((cluster) => cluster?.stop()));
  });

  describe('sslmode against a TLS server', () => {
    const cases: {
      sslmode: string;
      settings: (cluster: PrivateCluster) => Partial<PostgresDataSource>;
      tls: boolean;
    }[] = [
      { sslmode: 'disable', settings: () => ({ sslmode: 'disable' }), tls: false },
      { sslmode: 'prefer', settings: () => ({ sslmode: 'prefer' }), tls: true },
      { sslmode: 'require', settings: () => ({ sslmode: 'require' }), tls: true },
      {
        sslmode: 'require + sslrootcert',
        settings: (cluster) => ({ sslmode: 'require', sslrootcert: cluster.caFile }),
        tls: true,
      },
      {
        sslmode: 'verify-ca',
        settings: (cluster) => ({ sslmode: 'verify-ca', sslrootcert: cluster.caFile }),
        tls: true,
      },
      {
        sslmode: 'verify-full',
        settings: (cluster) => ({ sslmode: 'verify-full', sslrootcert: cluster.caFile }),
        tls: true,
      },
    ];
    it.each(cases)('$sslmode → TLS session: $tls', async ({ settings, tls }) => {
      await withConnector(dataSourceFor(tlsCluster, settings(tlsCluster)), async (connector) => {
        expect(await sessionUsesTls(connector)).toBe(tls);
      });
    });

    it('prefer falls back to plaintext when pg_hba.conf allows this user only without TLS', async () => {
      const ds = dataSourceFor(tlsCluster, {
        sslmode: 'prefer',
        username: PLAINTEXT_ONLY.name,
        password: PLAINTEXT_ONLY.password,
      });
      await withConnector(ds, async (connector) => expect(await sessionUsesTls(connector)).toBe(false));
    });

    it('verify-full fails clearly when the certificate names another host', async () => {
      const ds = dataSourceFor(wrongNameCluster, {
        sslmode: 'verify-full',
        sslrootcert: wrongNameCluster.caFile,
      });
      const error = await openPostgresConnector(ds).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        name: 'ConnectorError',
        kind: 'connect',
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
      expect((error as Error).message).toMatch(/TLS certificate .* does not name that host/);
      expect((error as Error).message).toContain('127.0.0.1');
    });

    it('verify-ca with the name mismatch still connects (it checks the CA, not the name)', async () => {
      const ds = dataSourceFor(wrongNameCluster, {
        sslmode: 'verify-ca',
        sslrootcert: wrongNameCluster.caFile,
      });
      await withConnector(ds, async (connector) => expect(await sessionUsesTls(connector)).toBe(true));
    });

    it('verify-ca fails clearly with a CA that did not sign the server certificate', async () => {
      const ds = dataSourceFor(tlsCluster, {
        sslmode: 'verify-ca',
        sslrootcert: tlsCluster.untrustedCaFile,
      });
      const error = await openPostgresConnector(ds).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'ConnectorError', kind: 'connect' });
      // OpenSSL servers send the issuing CA along when they have it, so Node reports a self-signed chain.
      expect(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']).toContain(
        (error as { code: string }).code,
      );
      expect((error as Error).message).toMatch(/not signed by a CA you trust.*sslrootcert/);
    });

    it('a missing sslrootcert file is reported with its path', async () => {
      const ds = dataSourceFor(tlsCluster, { sslmode: 'verify-ca', sslrootcert: '/nonexistent/ca.pem' });
      await expect(openPostgresConnector(ds)).rejects.toThrow('/nonexistent/ca.pem');
    });
  });

  describe('sslmode against a server without TLS', () => {
    it('prefer falls back to plaintext', async () => {
      await withConnector(dataSourceFor(plainCluster, { sslmode: 'prefer' }), async (connector) => {
        expect(await sessionUsesTls(connector)).toBe(false);
      });
    });

    it('require fails clearly', async () => {
      const error = await openPostgresConnector(dataSourceFor(plainCluster, { sslmode: 'require' })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ name: 'ConnectorError', kind: 'connect' });
      expect((error as Error).message).toMatch(
        /does not accept TLS connections, but the sslmode requires TLS/,
      );
    });
  });

  describe('client certificate authentication', () => {
    it('connects as the certificate’s user with sslcert and sslkey', async () => {
      const cert = tlsCluster.clientCert;
      if (!cert) throw new Error('the TLS cluster was started with a client certificate');
      const ds = dataSourceFor(tlsCluster, {
        sslmode: 'verify-full',
        sslrootcert: tlsCluster.caFile,
        sslcert: cert.certFile,
        sslkey: cert.keyFile,
        username: CERT_USER,
        password: undefined,
      });
      await withConnector(ds, async (connector) => {
        const { rows } = await connector.query('SELECT current_user');
        expect(rows[0]?.[0]).toBe(CERT_USER);
        expect(await sessionUsesTls(connector)).toBe(true);
      });
    });

    it('without a client certificate the server refuses: kind auth', async () => {
      const ds = dataSourceFor(tlsCluster, {
        sslmode: 'verify-full',
        sslrootcert: tlsCluster.caFile,
        username: CERT_USER,
        password: undefined,
      });
      await expect(openPostgresConnector(ds)).rejects.toMatchObject({ kind: 'auth', code: '28000' });
    });
  });

  describe('connection errors', () => {
    it('a wrong password is kind auth (28P01)', async () => {
      const ds = dataSourceFor(plainCluster, { password: 'wrong' });
      const error = await openPostgresConnector(ds).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'ConnectorError', kind: 'auth', code: '28P01' });
      expect((error as Error).message).not.toContain('wrong');
    });

    it('a server that is down is kind connect (ECONNREFUSED)', async () => {
      const ds = dataSourceFor(plainCluster, { port: await findFreePort() });
      const error = await openPostgresConnector(ds).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'ConnectorError', kind: 'connect', code: 'ECONNREFUSED' });
      expect((error as Error).message).toMatch(/refused/);
    });
  });

  describe('sessions', () => {
    it('the configured schema makes unqualified table names resolve, on every pooled connection', async () => {
      await plainCluster.adminQuery(
        `CREATE SCHEMA shop AUTHORIZATION ${APP.name};
         CREATE TABLE shop.items AS SELECT generate_series(1, 3) AS id;
         ALTER TABLE shop.items OWNER TO ${APP.name};`,
      );
      await withConnector(dataSourceFor(plainCluster, { schema: 'shop', poolSize: 2 }), async (connector) => {
        // Two at once: the pool's one idle connection is busy with the first, so it opens a second one,
        // which must get the search_path too.
        const results = await Promise.all([
          connector.query('SELECT count(*), pg_backend_pid() FROM items'),
          connector.query('SELECT count(*), pg_backend_pid() FROM items'),
        ]);
        expect(results.map((result) => Number(result.rows[0]?.[0]))).toEqual([3, 3]);
        expect(new Set(results.map((result) => result.rows[0]?.[1])).size).toBe(2);
      });
    });
  });

  describe('timeouts and cancellation', () => {
    it('the data source statement timeout stops the statement on the server: kind timeout', async () => {
      await withConnector(dataSourceFor(plainCluster, { statementTimeoutMs: 300 }), async (connector) => {
        await expect(connector.query('SELECT pg_sleep(30)')).rejects.toMatchObject({
          name: 'ConnectorError',
          kind: 'timeout',
          code: '57014',
        });
        expect(await activeSleeps(plainCluster)).toBe(0);
        // The connection is usable again.
        expect((await connector.query('SELECT 1')).rows).toEqual([[1]]);
      });
    });

    it('a per-query timeout cancels the statement on the server: kind timeout', async () => {
      await withConnector(dataSourceFor(plainCluster), async (connector) => {
        await expect(connector.query('SELECT pg_sleep(30)', { timeoutMs: 300 })).rejects.toMatchObject({
          kind: 'timeout',
        });
        expect(await activeSleeps(plainCluster)).toBe(0);
      });
    });

    it('aborting the signal cancels the running statement: kind cancelled, and the backend stops', async () => {
      await withConnector(dataSourceFor(plainCluster), async (connector) => {
        const controller = new AbortController();
        const running = connector.query('SELECT pg_sleep(30)', { signal: controller.signal });
        const outcome = running.catch((caught: unknown) => caught);
        await vi.waitFor(async () => expect(await activeSleeps(plainCluster)).toBe(1), { timeout: 10_000 });
        controller.abort();
        expect(await outcome).toMatchObject({ name: 'ConnectorError', kind: 'cancelled' });
        expect(await activeSleeps(plainCluster)).toBe(0);
        expect((await connector.query('SELECT 1')).rows).toEqual([[1]]);
      });
    });

    it('an already aborted signal runs nothing', async () => {
      await withConnector(dataSourceFor(plainCluster), async (connector) => {
        await expect(
          connector.query('SELECT pg_sleep(30)', { signal: AbortSignal.abort() }),
        ).rejects.toMatchObject({
          kind: 'cancelled',
        });
        expect(await activeSleeps(plainCluster)).toBe(0);
      });
    });
  });
});
