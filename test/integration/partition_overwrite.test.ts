// INSERT OVERWRITE of a partitioned table over the wire, in Spark's two partition overwrite
// modes: STATIC (the default) replaces every partition matching the static spec, DYNAMIC only the
// partitions the query writes rows into.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

describe('INSERT OVERWRITE … PARTITION', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await client.end(); await server.close(); });

  const rows = async () => (await client.query('SELECT id, region, day FROM sales ORDER BY id')).rows.map((r) => [r.id, r.region, r.day]);

  it('replaces matching partitions in static mode and only written ones in dynamic mode', async () => {
    await client.query('CREATE TABLE sales (id INT, region STRING, day INT) USING parquet PARTITIONED BY (region, day)');
    await client.query("INSERT INTO sales VALUES (1, 'eu', 1), (2, 'eu', 2), (3, 'us', 1)");
    // Static: region = 'eu' fixed, every eu partition replaced, whatever day the rows have.
    await client.query("INSERT OVERWRITE sales PARTITION (region = 'eu', day) SELECT 4, 2");
    expect(await rows()).toEqual([[3, 'us', 1], [4, 'eu', 2]]);

    await client.query('SET spark.sql.sources.partitionOverwriteMode = DYNAMIC');
    await client.query("INSERT INTO sales VALUES (5, 'eu', 1)");
    await client.query('INSERT OVERWRITE sales PARTITION (region, day) SELECT 6, \'eu\', 1');
    expect(await rows()).toEqual([[3, 'us', 1], [4, 'eu', 2], [6, 'eu', 1]]);
    await client.query('INSERT OVERWRITE sales SELECT 7, \'us\', 1');
    expect(await rows()).toEqual([[4, 'eu', 2], [6, 'eu', 1], [7, 'us', 1]]);
    expect((await client.query('SHOW PARTITIONS sales')).rows.map((r) => Object.values(r)[0])).toEqual(['region=eu/day=1', 'region=eu/day=2', 'region=us/day=1']);
  });
});
