import { it } from 'vitest';
import { openPostgresConnector } from '../../src/connectors/postgres/connector.js';
import { startPrivateCluster } from '../support/private-cluster.js';
it('scratch', async () => {
  const warnings: string[] = [];
  process.on('warning', (w) => warnings.push(`${w.name} ${w.message}`));
  const tls = await startPrivateCluster({ tls: true, users: [{ name: 'app', password: 'pw' }], hba: ['host all app 127.0.0.1/32 scram-sha-256'] });
  const wrong = await startPrivateCluster({ tls: true, users: [{ name: 'app', password: 'pw' }], serverCertNames: ['DNS:db.example.internal'], hba: ['host all app 127.0.0.1/32 scram-sha-256'] });
  const plain = await startPrivateCluster({ users: [{ name: 'app', password: 'pw' }], hba: ['host all app 127.0.0.1/32 scram-sha-256'] });
  const base = { type: 'postgres', name: 'x', host: '127.0.0.1', username: 'app', password: 'pw', database: 'postgres', connectionTimeoutMs: 5000, poolSize: 1, statementTimeoutMs: 0 } as const;
  const tries = [
    ['altname', { ...base, port: wrong.port, sslmode: 'verify-full', sslrootcert: wrong.caFile }],
    ['wrong ca', { ...base, port: tls.port, sslmode: 'verify-ca', sslrootcert: tls.untrustedCaFile }],
    ['verify-full no root', { ...base, port: tls.port, sslmode: 'verify-full' }],
    ['require plain', { ...base, port: plain.port, sslmode: 'require' }],
    ['verify-full ok', { ...base, port: tls.port, sslmode: 'verify-full', sslrootcert: tls.caFile }],
  ] as const;
  for (const [label, ds] of tries) {
    try { const c = await openPostgresConnector(ds as never); console.log(label, 'OK'); await c.close(); }
    catch (e) { console.log(label, '→', (e as any).code, (e as any).kind, (e as Error).message); }
  }
  console.log('warnings', warnings);
  await Promise.all([tls.stop(), wrong.stop(), plain.stop()]);
});
