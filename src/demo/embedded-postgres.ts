/**
 * An embedded PostgreSQL for `gatehouse demo`: PGlite (PostgreSQL compiled to WebAssembly, in-process) behind
 * pglite-socket's wire-protocol server on 127.0.0.1, so the demo goes through the same `pg` connector as a real
 * server. The dataset is loaded once into a prepared data directory under `dataDir`; later runs copy and open it.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { PostgresDataSource } from '../config/model.js';
import { DEMO_SCHEMA, readDemoDataset } from './assets.js';
import { discardPrepared, ensurePreparedDataDir } from './prepared-cache.js';
import { type DemoStamp, demoStamp } from './stamp.js';
import { createWorkingCopy, type WorkingCopy } from './working-copy.js';

export interface EmbeddedPostgres {
  dataSource: PostgresDataSource;
  /** Closes the server and the database and deletes this run's working copy. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cache folder for the prepared database. Without it, every start builds a fresh in-memory database (slow). */
  dataDir?: string;
}

/*
 * PGlite is a single backend: pglite-socket (0.2.17) accepts `maxConnections` clients but queues their protocol
 * messages into that one backend, one at a time, and they all share its session state. A pool of more than one
 * connection gains nothing, so the pool has one; the server takes one more so that a short-lived extra client (a
 * connection test, the connector's cancel request) is not dropped while the pool's connection is open, or
 * while the server is still noticing that the previous one closed.
 */
const POOL_SIZE = 1;
const MAX_CONNECTIONS = POOL_SIZE + 1;

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const datasetSql = readDemoDataset();
  if (!options.dataDir) {
    const db = await PGlite.create();
    try {
      await loadDataset(db, datasetSql);
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
    return serve(db, undefined);
  }
  return serveFromCache(options.dataDir, demoStamp(datasetSql), datasetSql);
}

async function serveFromCache(
  cacheDir: string,
  stamp: DemoStamp,
  datasetSql: string,
  mayRebuild = true,
): Promise<EmbeddedPostgres> {
  const prepared = await ensurePreparedDataDir(cacheDir, stamp, async (pgdataPath) => {
    const db = await PGlite.create(pgdataPath);
    try {
      await loadDataset(db, datasetSql);
    } finally {
      await db.close();
    }
  });
  try {
    return await serveWorkingCopy(cacheDir, prepared.pgdataPath);
  } catch (error) {
    // A cached folder that cannot be opened (damaged on disk) would break every later run: rebuild it once.
    if (prepared.built || !mayRebuild) throw error;
    await discardPrepared(cacheDir, stamp);
    return serveFromCache(cacheDir, stamp, datasetSql, false);
  }
}

async function serveWorkingCopy(cacheDir: string, preparedPgdata: string): Promise<EmbeddedPostgres> {
  const copy = await createWorkingCopy(cacheDir, preparedPgdata);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(copy.path);
    // Prove the copy holds the dataset before handing it out.
    await db.query(`SELECT 1 FROM ${DEMO_SCHEMA}.customers LIMIT 1`);
    return await serve(db, copy);
  } catch (error) {
    await db?.close().catch(() => {});
    await copy.remove();
    throw error;
  }
}

async function loadDataset(db: PGlite, datasetSql: string): Promise<void> {
  await db.exec(datasetSql);
}

async function serve(db: PGlite, copy: WorkingCopy | undefined): Promise<EmbeddedPostgres> {
  const host = '127.0.0.1';
  // Port 0: the OS picks a free port; the server reports it after listening.
  const server = new PGLiteSocketServer({ db, host, port: 0, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.stop();
      await db.close();
      await copy?.remove();
    })();
    return stopping;
  };

  const dataSource: PostgresDataSource = {
    type: 'postgres',
    name: 'demo',
    host,
    port,
    // PGlite has a single user and database and accepts any names without a password; these are its own.
    username: 'postgres',
    database: 'postgres',
    schema: DEMO_SCHEMA,
    sslmode: 'disable',
    connectionTimeoutMs: 10_000,
    poolSize: POOL_SIZE,
    // PGlite runs queries on this process's only thread: a server-side timeout could not interrupt one anyway.
    statementTimeoutMs: 0,
  };
  return { dataSource, stop };
}
