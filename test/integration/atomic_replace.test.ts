// CREATE OR REPLACE TABLE is one step: the old table stays whole until the new data is committed,
// a failed or killed replacement leaves it as it was, and files of replaced or dropped tables wait
// for the scans that read them.

import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Catalog } from '../../src/catalog/index.js';
import { IntegerType } from '../../src/common/types.js';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

describe('CREATE OR REPLACE TABLE', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string, c = client) => (await c.query({ text: sql, rowMode: 'array' })).rows;
  const tableDirs = async () => (await fs.readdir(path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse'))).filter((d) => d.startsWith('r')).sort();
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  it('keeps the old table when the new query fails midway, and swaps in the new one when it succeeds', async () => {
    await client.query('CREATE TABLE r USING parquet AS SELECT id FROM range(3)');
    const before = await tableDirs();
    // The error comes from row 5000, after the first batches were written.
    const failed = await errorOf(client,
      `CREATE OR REPLACE TABLE r USING parquet PARTITIONED BY (p) AS SELECT id, CAST(id % 2 AS INT) AS p, CASE WHEN id = 5000 THEN raise_error('boom') ELSE 'x' END AS s FROM range(10000)`);
    expect(failed.message).toMatch(/boom/);
    expect(await rows('SELECT id FROM r ORDER BY id')).toEqual([['0'], ['1'], ['2']]);
    expect((await rows('DESCRIBE r')).map((r) => r[0])).toEqual(['id']);
    expect(await tableDirs()).toEqual(before); // the staged directory is gone

    await client.query(`CREATE OR REPLACE TABLE r USING parquet AS SELECT 'new' AS s, id * 10 AS id FROM range(2)`);
    expect(await rows('SELECT s, id FROM r ORDER BY id')).toEqual([['new', '0'], ['new', '10']]);
    expect(await rows(`SHOW TABLES LIKE 'r'`)).toEqual([['default', 'r', false]]);
    expect((await tableDirs()).length).toBe(1); // the old directory was removed
  });

  it('replaces a table without a query in one step too', async () => {
    await client.query('CREATE TABLE r2 (a INT) USING parquet');
    await client.query('INSERT INTO r2 VALUES (1)');
    await client.query('CREATE OR REPLACE TABLE r2 (b STRING) USING csv');
    expect(await rows('SELECT * FROM r2')).toEqual([]);
    expect((await rows('DESCRIBE r2')).map((r) => r[0])).toEqual(['b']);
  });

  it('lets a scan that began before DROP TABLE finish reading the dropped files', async () => {
    // Four files: the scan has opened only the first when the table is dropped.
    await client.query('CREATE TABLE d USING parquet AS SELECT id FROM range(50000)');
    for (let k = 1; k < 4; k++) await client.query(`INSERT INTO d SELECT id FROM range(${k * 50000}, ${(k + 1) * 50000})`);
    const reader = await server.client();
    try {
      // A cursor holds the scan open between fetches.
      await reader.query('BEGIN');
      await reader.query('DECLARE c CURSOR FOR SELECT id FROM d');
      const first = await rows('FETCH 1000 FROM c', reader);
      await client.query('DROP TABLE d');
      let total = first.length;
      for (;;) {
        const more = await rows('FETCH 50000 FROM c', reader);
        if (more.length === 0) break;
        total += more.length;
      }
      expect(total).toBe(200000);
      await reader.query('COMMIT');
    } finally {
      await reader.end();
    }
    // Once the scan is over the files go.
    await expect.poll(async () => (await fs.readdir(path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse'))).includes('d')).toBe(false);
  });

  it('lets a scan that began before DROP PARTITION finish, while new queries no longer see the partition', async () => {
    await client.query('CREATE TABLE dp (id BIGINT, p INT) USING parquet PARTITIONED BY (p)');
    for (let k = 0; k < 3; k++) await client.query(`INSERT INTO dp SELECT id, ${k} FROM range(${k * 50000}, ${(k + 1) * 50000})`);
    await client.query('ALTER TABLE dp ADD PARTITION (p = 9)');
    const reader = await server.client();
    try {
      await reader.query('BEGIN');
      await reader.query('DECLARE c CURSOR FOR SELECT id FROM dp');
      let total = (await rows('FETCH 1000 FROM c', reader)).length;
      await client.query('ALTER TABLE dp DROP PARTITION (p = 2)');
      await client.query('ALTER TABLE dp DROP PARTITION (p = 9)');
      expect(await rows('SELECT count(*), max(p) FROM dp')).toEqual([['100000', 1]]);
      expect(await rows('SHOW PARTITIONS dp')).toEqual([['p=0'], ['p=1']]);
      for (let more = await rows('FETCH 50000 FROM c', reader); more.length > 0; more = await rows('FETCH 50000 FROM c', reader)) total += more.length;
      expect(total).toBe(150000);
      await reader.query('COMMIT');
    } finally {
      await reader.end();
    }
    await client.query('INSERT INTO dp VALUES (7, 2)');
    expect(await rows('SELECT id FROM dp WHERE p = 2')).toEqual([['7']]);
  });
});

describe('a replacement killed before it finished', () => {
  it('is discarded at start, the old table intact', async () => {
    const dir = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'quarry-replace-'));
    try {
      let catalog = await Catalog.open(dir);
      const columns = [{ name: 'a', type: IntegerType, nullable: true }];
      const old = (await catalog.createTable({ database: 'default', name: 't', format: 'parquet', columns, partitionColumns: [] }))!;
      const staged = (await catalog.createTable({ database: 'default', name: 't', format: 'parquet', columns, partitionColumns: [], creating: true }, { orReplace: true }))!;
      expect(staged.location).not.toBe(old.location);
      expect(catalog.getTable('default', 't')!.location).toBe(old.location);
      catalog = await Catalog.open(dir); // as after a kill
      expect(catalog.getTable('default', 't')!.location).toBe(old.location);
      await expect(fs.stat(catalog.dbfs.resolve(staged.location))).rejects.toThrow();
      await expect(fs.stat(catalog.dbfs.resolve(old.location))).resolves.toBeTruthy();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
