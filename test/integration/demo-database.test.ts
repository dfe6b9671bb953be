/**
 * The embedded demo database, reached through the real PostgreSQL connector: dataset present, its deliberate
 * data-quality problems present (expected counts recomputed here from the generation rules, not read from SQL),
 * the prepared cache built once and reused, and nothing left running after stop().
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connector } from '../../src/connectors/connector.js';
import { openPostgresConnector } from '../../src/connectors/postgres/connector.js';
import { readDemoDataset } from '../../src/demo/assets.js';
import { startEmbeddedPostgres } from '../../src/demo/embedded-postgres.js';
import { preparedFolder, readStampRecord } from '../../src/demo/prepared-cache.js';
import { demoStamp } from '../../src/demo/stamp.js';

/** How many ids in 1..n satisfy `rule`: the test's own reading of the generation rules in dataset.sql. */
function countIds(n: number, rule: (id: number) => boolean): number {
  let count = 0;
  for (let id = 1; id <= n; id++) if (rule(id)) count++;
  return count;
}

const CUSTOMERS = 2000;
const ORDERS = 8000;
const PRODUCTS = 120;
const expected = {
  missingEmail: countIds(CUSTOMERS, (id) => id % 50 === 0),
  placeholderEmail: countIds(CUSTOMERS, (id) => id % 97 === 0 && id % 50 !== 0),
  malformedEmail: countIds(CUSTOMERS, (id) => id % 61 === 0 && id % 50 !== 0 && id % 97 !== 0),
  ukCountry: countIds(CUSTOMERS, (id) => id % 83 === 0),
  missingPhone: countIds(CUSTOMERS, (id) => id % 5 === 0),
  lifetimeValueOutliers: 2,
  unknownStatus: countIds(ORDERS, (id) => id % 211 === 0),
  negativeAmount: countIds(ORDERS, (id) => id % 400 === 0 && id % 1999 !== 0),
  amountOutliers: countIds(ORDERS, (id) => id % 1999 === 0),
  lowerCaseCurrency: countIds(ORDERS, (id) => id % 333 === 0),
  lowerCaseSku: countIds(PRODUCTS, (id) => id % 40 === 0),
};

async function count(connector: Connector, sql: string): Promise<number> {
  const { rows } = await connector.query(sql);
  return Number(rows[0]?.[0]);
}

/** Listening and connected sockets: what would keep the process alive after stop(). */
function openSockets(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => kind.startsWith('TCP'))
    .sort();
}

describe('embedded demo database', () => {
  let cacheDir: string;
  const stamp = demoStamp(readDemoDataset());

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'gatehouse-demo-test-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('builds the prepared cache on first start and serves the dataset through the pg connector', async () => {
    const socketsBefore = openSockets();
    const demo = await startEmbeddedPostgres({ dataDir: cacheDir });
    try {
      expect(demo.dataSource).toMatchObject({
        host: '127.0.0.1',
        sslmode: 'disable',
        schema: 'demo',
        poolSize: 1,
      });
      expect(demo.dataSource.port).toBeGreaterThan(0);
      const connector = await openPostgresConnector(demo.dataSource);
      try {
        // Unqualified names resolve through the data source's schema (search_path).
        expect(await count(connector, 'SELECT count(*) FROM customers')).toBe(CUSTOMERS);
        expect(await count(connector, 'SELECT count(*) FROM orders')).toBe(ORDERS);
        expect(await count(connector, 'SELECT count(*) FROM products')).toBe(PRODUCTS);

        expect(await count(connector, 'SELECT count(*) FROM customers WHERE email IS NULL')).toBe(
          expected.missingEmail,
        );
        expect(await count(connector, "SELECT count(*) FROM customers WHERE email = 'N/A'")).toBe(
          expected.placeholderEmail,
        );
        expect(
          await count(
            connector,
            "SELECT count(*) FROM customers WHERE email NOT LIKE '%_@_%._%' AND email <> 'N/A'",
          ),
        ).toBe(expected.malformedEmail);
        expect(
          await count(
            connector,
            "SELECT count(*) FROM customers WHERE country NOT IN ('NL','DE','FR','BE','GB','US','ES','IT','SE','PL')",
          ),
        ).toBe(expected.ukCountry);
        expect(await count(connector, 'SELECT count(*) FROM customers WHERE phone IS NULL')).toBe(
          expected.missingPhone,
        );
        expect(await count(connector, 'SELECT count(*) FROM customers WHERE lifetime_value >= 100000')).toBe(
          expected.lifetimeValueOutliers,
        );
        expect(
          await count(
            connector,
            "SELECT count(*) FROM orders WHERE status NOT IN ('delivered','shipped','pending','cancelled','returned')",
          ),
        ).toBe(expected.unknownStatus);
        expect(await count(connector, 'SELECT count(*) FROM orders WHERE amount < 0')).toBe(
          expected.negativeAmount,
        );
        expect(await count(connector, 'SELECT count(*) FROM orders WHERE amount > 10000')).toBe(
          expected.amountOutliers,
        );
        expect(await count(connector, 'SELECT count(*) FROM orders WHERE currency <> upper(currency)')).toBe(
          expected.lowerCaseCurrency,
        );
        expect(await count(connector, "SELECT count(*) FROM products WHERE sku !~ '^SKU-[0-9]{5}$'")).toBe(
          expected.lowerCaseSku,
        );
      } finally {
        await connector.close();
      }
    } finally {
      await demo.stop();
    }

    const entries = await readdir(cacheDir);
    // Only the prepared folder remains: the build folder was renamed into place, the run's copy deleted.
    expect(entries).toEqual([`prepared-${stamp.id}`]);
    expect(await readStampRecord(preparedFolder(cacheDir, stamp))).toMatchObject({
      id: stamp.id,
      datasetSha256: stamp.datasetSha256,
    });
    // Sockets close a few event-loop turns after their close callbacks; wait for that, bounded.
    await vi.waitFor(() => expect(openSockets()).toEqual(socketsBefore), { timeout: 5_000, interval: 20 });
  });

  it('reuses the prepared cache on the next start', async () => {
    const before = await readStampRecord(preparedFolder(cacheDir, stamp));
    expect(before).toBeDefined();
    const demo = await startEmbeddedPostgres({ dataDir: cacheDir });
    try {
      const connector = await openPostgresConnector(demo.dataSource);
      try {
        expect(await count(connector, 'SELECT count(*) FROM demo.orders')).toBe(ORDERS);
      } finally {
        await connector.close();
      }
    } finally {
      await demo.stop();
    }
    // Same stamp record, same build time: nothing was rebuilt.
    expect(await readStampRecord(preparedFolder(cacheDir, stamp))).toEqual(before);
    expect(await readdir(cacheDir)).toEqual([`prepared-${stamp.id}`]);
  });

  it('a run cannot damage the cache: writes go to its own copy', async () => {
    const first = await startEmbeddedPostgres({ dataDir: cacheDir });
    const second = await startEmbeddedPostgres({ dataDir: cacheDir });
    try {
      expect(second.dataSource.port).not.toBe(first.dataSource.port);
      const writer = await openPostgresConnector(first.dataSource);
      try {
        await writer.query('DELETE FROM orders');
        expect(await count(writer, 'SELECT count(*) FROM orders')).toBe(0);
      } finally {
        await writer.close();
      }
      const reader = await openPostgresConnector(second.dataSource);
      try {
        expect(await count(reader, 'SELECT count(*) FROM orders')).toBe(ORDERS);
      } finally {
        await reader.close();
      }
    } finally {
      await first.stop();
      await second.stop();
    }
    const third = await startEmbeddedPostgres({ dataDir: cacheDir });
    try {
      const connector = await openPostgresConnector(third.dataSource);
      try {
        expect(await count(connector, 'SELECT count(*) FROM orders')).toBe(ORDERS);
      } finally {
        await connector.close();
      }
    } finally {
      await third.stop();
    }
  });
});
