/**
 * A private PostgreSQL cluster for tests that need server settings the shared server cannot give: its own
 * pg_hba.conf, TLS with a test CA, client-certificate auth, users with passwords. initdb + pg_ctl (run as the
 * `postgres` OS user when we are root), on a free port of 127.0.0.1, everything in one temp folder that stop()
 * deletes. Start waits for readiness with `pg_ctl -w`.
 *
 * The superuser `postgres` can always connect over the cluster's private Unix socket (a `local … trust` line is
 * put before the given hba lines): that is how the fixture creates users and how tests inspect the server
 * (`adminQuery`). TCP connections see only the given lines.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { POSTGRES_BIN_DIR } from './cluster-prerequisites.js';
import { findFreePort } from './free-port.js';
import { runCommand } from './run-command.js';
import { createCertificateAuthority, type IssuedCertificate, issueCertificate } from './test-certificates.js';

export interface ClusterUser {
  name: string;
  password: string;
}

export interface PrivateClusterOptions {
  /** `ssl = on` with a server certificate signed by the cluster's CA (which also verifies client certificates). */
  tls?: boolean;
  /** pg_hba.conf lines for TCP connections, e.g. `hostssl all app 127.0.0.1/32 scram-sha-256`. */
  hba: string[];
  /** Login roles to create, with SCRAM passwords. */
  users?: ClusterUser[];
  /** Issue a client certificate for this role (its CN); the role is created if `users` lacks it. */
  clientCertUser?: string;
  /** The server certificate's subjectAltName entries. Default: `DNS:localhost`, `IP:127.0.0.1`. */
  serverCertNames?: string[];
  /** The server certificate's validity in days (default 2); -1: already expired. */
  serverCertDays?: number;
  /** Extra postgresql.conf settings, e.g. `{ log_connections: 'on' }`. */
  settings?: Record<string, string>;
}

export interface PrivateCluster {
  host: '127.0.0.1';
  port: number;
  /** The CA that signed the server (and client) certificates: a client's sslrootcert. */
  caFile: string;
  /** A second CA that signed nothing here: for "wrong CA" tests. */
  untrustedCaFile: string;
  serverCertFile: string;
  clientCert?: IssuedCertificate & { user: string };
  dataDir: string;
  /** The Unix socket folder (for the superuser connection). */
  socketDir: string;
  /** The server log: connection attempts, hba rejections, startup errors. */
  logFile: string;
  /** Run SQL as the superuser over the Unix socket. */
  adminQuery<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<Row[]>;
  stop(): Promise<void>;
}

const POSTGRES_USER = 'postgres';
const runningAsRoot = process.getuid?.() === 0;
/** When we are root the server runs as `postgres`; otherwise as ourselves. */
const serverUser = runningAsRoot ? POSTGRES_USER : undefined;

function pgBin(program: string): string {
  return join(POSTGRES_BIN_DIR, program);
}

function quoteConf(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export async function startPrivateCluster(options: PrivateClusterOptions): Promise<PrivateCluster> {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-pg-'));
  const dataDir = join(root, 'pgdata');
  const socketDir = join(root, 'socket');
  const tlsDir = join(root, 'tls');
  const logFile = join(root, 'postgres.log');
  let started = false;
  const stopServer = async () => {
    if (started)
      await runCommand(pgBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { asUser: serverUser });
    started = false;
  };
  try {
    await mkdir(socketDir);
    await mkdir(tlsDir);
    const ca = await createCertificateAuthority(tlsDir, 'ca', 'Gatehouse test CA');
    const untrustedCa = await createCertificateAuthority(
      tlsDir,
      'untrusted-ca',
      'Gatehouse untrusted test CA',
    );
    const server = await issueCertificate(ca, tlsDir, {
      name: 'server',
      commonName: 'localhost',
      usage: 'serverAuth',
      subjectAltNames: options.serverCertNames ?? ['DNS:localhost', 'IP:127.0.0.1'],
      ...(options.serverCertDays !== undefined ? { days: options.serverCertDays } : {}),
    });
    const clientCert = options.clientCertUser
      ? {
          user: options.clientCertUser,
          ...(await issueCertificate(ca, tlsDir, {
            name: `client-${options.clientCertUser}`,
            commonName: options.clientCertUser,
            usage: 'clientAuth',
          })),
        }
      : undefined;
    // The server reads its key only if the key belongs to the server's user and no one else can read it.
    if (serverUser) await runCommand('chown', ['-R', `${serverUser}:`, root]);
    await runCommand('chmod', ['0700', root]);

    await runCommand(
      pgBin('initdb'),
      ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C'],
      { asUser: serverUser },
    );
    const hba = [`local all ${POSTGRES_USER} trust`, ...options.hba, ''].join('\n');
    await writeFile(join(dataDir, 'pg_hba.conf'), hba);

    const port = await startOnFreePort(dataDir, logFile, async (chosenPort) => {
      const settings: Record<string, string> = {
        listen_addresses: quoteConf('127.0.0.1'),
        port: String(chosenPort),
        unix_socket_directories: quoteConf(socketDir),
        ssl: options.tls ? 'on' : 'off',
        ssl_cert_file: quoteConf(server.certFile),
        ssl_key_file: quoteConf(server.keyFile),
        ssl_ca_file: quoteConf(ca.certFile),
        // A test cluster: speed over durability, and small.
        fsync: 'off',
        shared_buffers: quoteConf('16MB'),
        max_connections: '30',
        ...options.settings,
      };
      const lines = Object.entries(settings).map(([key, value]) => `${key} = ${value}`);
      await writeFile(join(dataDir, 'postgresql.auto.conf'), `${lines.join('\n')}\n`);
      if (serverUser) await runCommand('chown', ['-R', `${serverUser}:`, dataDir]);
    });
    started = true;

    const adminQuery = async <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
      const client = new pg.Client({ host: socketDir, port, user: POSTGRES_USER, database: 'postgres' });
      await client.connect();
      try {
        return (await client.query<Row>(sql, params)).rows;
      } finally {
        await client.end();
      }
    };
    await createRoles(adminQuery, options.users ?? [], clientCert?.user);

    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      caFile: ca.certFile,
      untrustedCaFile: untrustedCa.certFile,
      serverCertFile: server.certFile,
      clientCert,
      dataDir,
      socketDir,
      logFile,
      adminQuery,
      stop() {
        stopping ??= stopServer().finally(() => rm(root, { recursive: true, force: true }));
        return stopping;
      },
    };
  } catch (error) {
    await stopServer().catch(() => {});
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await rm(root, { recursive: true, force: true });
    if (log) throw new Error(`${(error as Error).message}\nServer log:\n${log}`, { cause: error });
    throw error;
  }
}

/** Start on a port that was free a moment ago; if another process took it meanwhile, try another. */
async function startOnFreePort(
  dataDir: string,
  logFile: string,
  configure: (port: number) => Promise<void>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    await configure(port);
    try {
      // -w: return only once the server accepts connections (or has failed).
      await runCommand(pgBin('pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start'], {
        asUser: serverUser,
      });
      return port;
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      if (attempt >= 3 || !/could not bind|already in use/i.test(log)) throw error;
    }
  }
}

async function createRoles(
  adminQuery: PrivateCluster['adminQuery'],
  users: ClusterUser[],
  clientCertUser: string | undefined,
): Promise<void> {
  const roles = new Map(users.map((user) => [user.name, user.password as string | undefined]));
  if (clientCertUser && !roles.has(clientCertUser)) roles.set(clientCertUser, undefined);
  for (const [name, password] of roles) {
    const role = pg.escapeIdentifier(name);
    await adminQuery(
      password === undefined
        ? `CREATE ROLE ${role} LOGIN`
        : `CREATE ROLE ${role} LOGIN PASSWORD ${pg.escapeLiteral(password)}`,
    );
  }
}
