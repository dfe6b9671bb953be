/**
 * The egress-IP lookup over HTTPS, as `gatehouse test-connection --egress-ip` makes it: a local HTTPS echo service
 * with a certificate from a test CA answers when the CA is trusted (NODE_EXTRA_CA_CERTS, as behind a company
 * proxy), and is refused — certificate checked, no address taken — when it is not. The data source's port is
 * closed: the lookup is made after a failed test too, where it matters most.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ConnectionTestReport } from '../../src/diagnostics/report.js';
import { runCli } from '../support/cli.js';
import { findFreePort } from '../support/free-port.js';
import { itWhen } from '../support/prerequisites.js';
import { runCommand } from '../support/run-command.js';
import { createCertificateAuthority, issueCertificate } from '../support/test-certificates.js';

const ECHOED = '198.51.100.23';
const opensslAvailable = await runCommand('openssl', ['version']).then(
  () => true,
  () => false,
);
const withOpenssl = itWhen(opensslAvailable, 'the openssl command (test certificates)');

describe('egress-IP lookup over HTTPS', () => {
  let dir: string;
  let server: Server | undefined;
  let url: string;
  let caFile: string;
  let config: string;
  let requests = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-egress-https-'));
    config = join(dir, 'configuration.yml');
    await writeFile(
      config,
      [
        'data_source closed:',
        '  type: postgres',
        '  host: 127.0.0.1',
        `  port: ${await findFreePort()}`,
        '  username: app',
        '  database: postgres',
        '  sslmode: disable',
        '',
      ].join('\n'),
    );
    if (!opensslAvailable) return;
    const ca = await createCertificateAuthority(dir, 'echo-ca', 'Gatehouse echo test CA');
    const cert = await issueCertificate(ca, dir, {
      name: 'echo',
      commonName: '127.0.0.1',
      usage: 'serverAuth',
      subjectAltNames: ['IP:127.0.0.1'],
    });
    caFile = ca.certFile;
    server = createServer(
      { cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) },
      (_request, response) => {
        requests++;
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.end(`${ECHOED}\n`);
      },
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) =>
    runCli(
      ['test-connection', '-c', config, '-d', 'closed', '--json', '--egress-ip', '--egress-ip-service', url],
      { env },
    );

  withOpenssl('takes the address from a trusted HTTPS echo service, labelled with the service', async () => {
    const before = requests;
    const result = await run({ NODE_EXTRA_CA_CERTS: caFile });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ConnectionTestReport;
    expect(report.steps.find((step) => step.status === 'fail')?.id).toBe('tcp');
    expect(report.ip.egress).toEqual({ ip: ECHOED, service: url });
    expect(requests).toBe(before + 1);
  });

  withOpenssl('refuses an echo service whose certificate is not trusted, taking no address', async () => {
    const result = await run({ NODE_EXTRA_CA_CERTS: '' });
    const report = JSON.parse(result.stdout) as ConnectionTestReport;
    expect(report.ip.egress).toBeUndefined();
    expect(report.ip.egressError).toMatch(/No egress IP service answered with an address: .*certificate/i);
  });
});
