// Catalog and data-source statements of the lakehouse issue, over the wire: dynamic partition
// overwrite, table and database properties, statistics, text tables, directory writes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

describe('lakehouse catalog statements', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  it('replaces only the written partitions when partitionOverwriteMode is dynamic', async () => {
    await client.query('CREATE TABLE dyn (id INT, p STRING, q INT) USING parquet PARTITIONED BY (p, q)');
    await client.query(`INSERT INTO dyn VALUES (1, 'x', 1), (2, 'y', 1), (3, 'x', 2)`);
    await client.query('SET spark.sql.sources.partitionOverwriteMode = dynamic');
    try {
      await client.query(`INSERT OVERWRITE dyn VALUES (10, 'x', 1)`);
      expect(await rows('SELECT id, p, q FROM dyn ORDER BY id')).toEqual([[2, 'y', 1], [3, 'x', 2], [10, 'x', 1]]);
      await client.query(`INSERT OVERWRITE dyn PARTITION (p = 'y', q) VALUES (20, 1)`);
      expect(await rows('SELECT id, p, q FROM dyn ORDER BY id')).toEqual([[3, 'x', 2], [10, 'x', 1], [20, 'y', 1]]);
    } finally {
      await client.query('SET spark.sql.sources.partitionOverwriteMode = static');
    }
    // Static mode: the partial spec replaces every partition under p = 'x'.
    await client.query(`INSERT OVERWRITE dyn PARTITION (p = 'x', q) VALUES (30, 5)`);
    expect(await rows('SELECT id, p, q FROM dyn ORDER BY id')).toEqual([[20, 'y', 1], [30, 'x', 5]]);
  });
});

describe('database and table properties', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  it('keeps DBPROPERTIES, shows them in DESCRIBE DATABASE EXTENDED and changes them with ALTER DATABASE', async () => {
    await client.query(`CREATE DATABASE props COMMENT 'c' WITH DBPROPERTIES ('b' = '2', 'a' = 'one')`);
    expect(await rows('DESCRIBE DATABASE props')).not.toContainEqual(expect.arrayContaining(['Properties']));
    expect((await rows('DESCRIBE DATABASE EXTENDED props')).at(-1)).toEqual(['Properties', '((a,one), (b,2))']);
    await client.query(`ALTER DATABASE props SET DBPROPERTIES ('a' = 'uno', 'c' = '3')`);
    expect((await rows('DESCRIBE SCHEMA EXTENDED props')).at(-1)).toEqual(['Properties', '((a,uno), (b,2), (c,3))']);
    await client.query(`CREATE DATABASE bare`);
    expect((await rows('DESCRIBE DATABASE EXTENDED bare')).at(-1)).toEqual(['Properties', '']);
    const missing = await errorOf(client, `ALTER DATABASE nowhere SET DBPROPERTIES ('a' = '1')`);
    expect(missing.message).toContain('[SCHEMA_NOT_FOUND]');
  });

  it('lists table properties sorted by key, or the one asked for', async () => {
    await client.query(`CREATE TABLE tp (a INT) USING parquet TBLPROPERTIES ('z.last' = '1', 'a.first' = 'x')`);
    const result = await client.query('SHOW TBLPROPERTIES tp');
    expect(result.fields.map((f) => f.name)).toEqual(['key', 'value']);
    expect(result.rows.map((r) => [r.key, r.value])).toEqual([['a.first', 'x'], ['z.last', '1']]);
    expect(await rows(`SHOW TBLPROPERTIES tp ('z.last')`)).toEqual([['z.last', '1']]);
    expect(await rows(`SHOW TBLPROPERTIES tp (nope)`)).toEqual([['nope', 'Table spark_catalog.default.tp does not have property: nope']]);
    await client.query(`ALTER TABLE tp SET TBLPROPERTIES ('m' = 'mid')`);
    expect((await rows('SHOW TBLPROPERTIES default.tp')).map((r) => r[0])).toEqual(['a.first', 'm', 'z.last']);
    expect((await errorOf(client, 'SHOW TBLPROPERTIES nope')).message).toContain('[TABLE_OR_VIEW_NOT_FOUND]');
  });
});
