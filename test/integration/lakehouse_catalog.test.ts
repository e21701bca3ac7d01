// Catalog and data-source statements of the lakehouse issue, over the wire: dynamic partition
// overwrite, table and database properties, statistics, text tables, directory writes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';

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
