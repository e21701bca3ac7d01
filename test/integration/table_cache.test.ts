// CACHE [LAZY] TABLE / UNCACHE TABLE / CLEAR CACHE: decoded data kept in memory, bounded in bytes,
// dropped by writes. Files removed behind Quarry's back show what is served from memory.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { QuarryEngine } from '../../src/engine/index.js';
import { startServer } from '../../src/protocol/index.js';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

describe('CACHE TABLE', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  const tableDir = (name: string) => path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse', name);
  /** Removes a table's data files on disk, not through Quarry: only cached data can still answer. */
  const removeFiles = async (name: string) => {
    for (const entry of await fs.readdir(tableDir(name), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.parquet')) await fs.rm(path.join(entry.parentPath, entry.name));
    }
  };
  const loaded = (name: string) => server.engine.catalog.tableCache.isLoaded(`dbfs:/user/hive/warehouse/${name}`);
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  it('serves a cached table from memory, partitions and columns as asked', async () => {
    await client.query('CREATE TABLE sales (id INT, amount DOUBLE, region STRING) USING parquet PARTITIONED BY (region)');
    await client.query(`INSERT INTO sales VALUES (1, 10.5, 'north'), (2, 20.0, 'south'), (3, 5.0, 'north')`);
    await client.query('CACHE TABLE sales');
    expect(loaded('sales')).toBe(true);
    await removeFiles('sales');
    expect(await rows('SELECT id, region FROM sales ORDER BY id')).toEqual([[1, 'north'], [2, 'south'], [3, 'north']]);
    expect(await rows(`SELECT sum(amount) FROM sales WHERE region = 'north'`)).toEqual([[15.5]]);
    expect(await rows('SELECT count(*) FROM sales')).toEqual([['3']]);
    // REFRESH drops the data: the files are gone, so is the table's content.
    await client.query('REFRESH TABLE sales');
    expect(loaded('sales')).toBe(false);
    expect(await rows('SELECT count(*) FROM sales')).toEqual([['0']]);
  });

  it('drops cached data on writes and loads it again on the next scan', async () => {
    await client.query('CREATE TABLE events (id INT) USING parquet');
    await client.query('INSERT INTO events VALUES (1), (2)');
    await client.query('CACHE TABLE events');
    await client.query('INSERT INTO events VALUES (3)');
    expect(loaded('events')).toBe(false);
    expect(await rows('SELECT id FROM events ORDER BY id')).toEqual([[1], [2], [3]]);
    expect(loaded('events')).toBe(true);
    await client.query('INSERT OVERWRITE events VALUES (7)');
    expect(await rows('SELECT id FROM events')).toEqual([[7]]);
    await client.query('TRUNCATE TABLE events');
    expect(await rows('SELECT count(*) FROM events')).toEqual([['0']]);
    await client.query('ALTER TABLE events ADD COLUMNS (note STRING)');
    await client.query(`INSERT INTO events VALUES (8, 'x')`);
    expect(await rows('SELECT id, note FROM events')).toEqual([[8, 'x']]);
  });

  it('loads LAZY tables on first use; UNCACHE and CLEAR CACHE let go', async () => {
    await client.query('CREATE TABLE lazy_t (id INT) USING parquet');
    await client.query('INSERT INTO lazy_t VALUES (1)');
    await client.query('CACHE LAZY TABLE lazy_t');
    expect(loaded('lazy_t')).toBe(false);
    expect(await rows('SELECT id FROM lazy_t')).toEqual([[1]]);
    expect(loaded('lazy_t')).toBe(true);
    await client.query('UNCACHE TABLE lazy_t');
    expect(loaded('lazy_t')).toBe(false);
    await client.query('SELECT * FROM lazy_t');
    expect(loaded('lazy_t')).toBe(false);
    await client.query('CACHE TABLE lazy_t');
    await client.query('CLEAR CACHE');
    expect(loaded('lazy_t')).toBe(false);
    await client.query('UNCACHE TABLE IF EXISTS nope');
    expect((await errorOf(client, 'CACHE TABLE nope')).message).toContain('[TABLE_OR_VIEW_NOT_FOUND]');
  });

  it('keeps the rows of CACHE TABLE … AS SELECT: the query runs once, later changes to its tables do not show', async () => {
    await client.query('CREATE TABLE snap_src (id INT) USING parquet');
    await client.query('INSERT INTO snap_src VALUES (1), (2)');
    await client.query('CACHE TABLE snap AS SELECT id * 2 AS twice FROM snap_src');
    await client.query('INSERT INTO snap_src VALUES (3)');
    await removeFiles('snap_src');
    expect(await rows('SELECT twice FROM snap ORDER BY twice')).toEqual([[2], [4]]);
    expect((await errorOf(client, 'CACHE TABLE snap AS SELECT 1 AS a')).message).toContain('[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS]');
    expect((await errorOf(client, 'CACHE TABLE dup AS SELECT 1 AS a, 2 AS a')).message).toContain('[COLUMN_ALREADY_EXISTS]');
    // Its files go with the session.
    const other = await server.client();
    await other.query('CACHE LAZY TABLE mine AS SELECT 1 AS one');
    expect((await other.query({ text: 'SELECT * FROM mine', rowMode: 'array' })).rows).toEqual([[1]]);
    const cacheDir = path.join(server.warehouse, 'dbfs', 'tmp', '.quarry_cache');
    const before = (await fs.readdir(cacheDir)).length;
    await other.end();
    await expect.poll(async () => (await fs.readdir(cacheDir)).length).toBe(before - 1);
  });

  it('drops the cache of a dropped or renamed table', async () => {
    await client.query('CREATE TABLE gone (id INT) USING parquet');
    await client.query('INSERT INTO gone VALUES (1)');
    await client.query('CACHE TABLE gone');
    await client.query('DROP TABLE gone');
    await client.query('CREATE TABLE gone (id INT) USING parquet');
    expect(await rows('SELECT count(*) FROM gone')).toEqual([['0']]);
    expect(loaded('gone')).toBe(false);
  });
});

describe('CACHE TABLE bounded by --cache-size', () => {
  it('reads a table larger than the cache from its files, and evicts the least recently used', async () => {
    const warehouse = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-cache-'));
    const engine = await QuarryEngine.open(warehouse, { cacheBytes: 64 * 1024 });
    const server = await startServer({ host: '127.0.0.1', port: 0, engine });
    const client = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default' });
    await client.connect();
    try {
      const cache = engine.catalog.tableCache;
      const location = (name: string) => `dbfs:/user/hive/warehouse/${name}`;
      await client.query('CREATE TABLE big USING parquet AS SELECT id, repeat(\'x\', 100) || id AS pad FROM range(5000)');
      await client.query('CACHE TABLE big');
      expect(cache.isLoaded(location('big'))).toBe(false);
      expect((await client.query('SELECT count(*) AS n FROM big')).rows[0].n).toBe('5000');
      // Two small tables of ~40 KB each: the second pushes the first out.
      for (const name of ['small1', 'small2']) {
        await client.query(`CREATE TABLE ${name} USING parquet AS SELECT id FROM range(5000)`);
        await client.query(`CACHE TABLE ${name}`);
        expect(cache.isLoaded(location(name))).toBe(true);
      }
      expect(cache.isLoaded(location('small1'))).toBe(false);
      expect(cache.size).toBeLessThanOrEqual(64 * 1024);
      expect((await client.query('SELECT sum(id) AS s FROM small1')).rows[0].s).toBe(String((4999 * 5000) / 2));
    } finally {
      await client.end();
      await server.close();
      await fs.rm(warehouse, { recursive: true, force: true });
    }
  });
});
