// Scans of large Parquet tables run on worker threads (row groups as tasks, the scan's filters and
// projections with them): the rows, their order and the errors must be what the session's own
// thread gives.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { configureScanThreads } from '../../src/engine/index.js';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

describe('parallel scans', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  /** The query's rows on worker threads and on the session's thread. */
  const bothWays = async (sql: string) => {
    await client.query(`SET quarry.parallel_scan_threshold = '0'`);
    const parallel = await rows(sql);
    await client.query(`SET quarry.parallel_scan_threshold = '1000g'`);
    const serial = await rows(sql);
    return { parallel, serial };
  };
  const explainAnalyze = async (sql: string) => {
    await client.query(`SET quarry.parallel_scan_threshold = '0'`);
    return (await rows(`EXPLAIN ANALYZE ${sql}`)).map((r) => r[0]).join('\n');
  };

  beforeAll(async () => {
    configureScanThreads(2);
    server = await startTestServer();
    client = await server.client();
    // Three partitions, one file each: three tasks. Strings repeating (kept as dictionaries) and
    // distinct, NULLs, decimals, dates, timestamps, arrays and structs.
    await client.query(`CREATE TABLE events USING parquet PARTITIONED BY (p) AS
      SELECT id, concat('name-', id % 7) AS name, CAST(id AS STRING) AS label,
             CASE WHEN id % 5 = 0 THEN NULL ELSE id * 3 END AS maybe,
             CAST(id AS DECIMAL(12, 2)) / 8 AS amount, date_add(DATE'2020-01-01', CAST(id % 1000 AS INT)) AS day,
             timestamp_seconds(1700000000 + id) AS at,
             array(id, id + 1) AS pair, named_struct('a', id, 'b', name) AS info,
             CASE WHEN id = 25001 THEN 'x' ELSE CAST(id AS STRING) END AS numeric_text,
             CAST(id % 3 AS INT) AS p
      FROM (SELECT id, concat('n', id % 11) AS name FROM range(30000))`);
  });
  afterAll(async () => { await server.close(); });

  it('reads every column, partition columns too, in the order of a plain scan', async () => {
    const { parallel, serial } = await bothWays('SELECT * FROM events');
    expect(parallel.length).toBe(30000);
    expect(parallel).toEqual(serial);
    expect(await explainAnalyze('SELECT * FROM events')).toMatch(/ParallelScan \(3 tasks on 2 worker threads\)/);
  });

  it('runs filters and projections on the workers', async () => {
    const sql = `SELECT id, upper(name), amount * 2, day + 1, maybe IS NULL, pair[1], info.b, p
      FROM events WHERE p <> 1 AND name LIKE 'name-3%' AND amount > 100 AND day < DATE'2022-06-01'`;
    const { parallel, serial } = await bothWays(sql);
    expect(parallel.length).toBeGreaterThan(1000);
    expect(parallel).toEqual(serial);
    // Partition p = 1 is pruned: two files, two tasks.
    expect(await explainAnalyze(sql)).toMatch(/ParallelScan \(2 tasks on 2 worker threads\)/);
  });

  it('gives an aggregate over the workers\' rows the same answer', async () => {
    const { parallel, serial } = await bothWays(`SELECT p, count(*), sum(amount), min(label), max(at) FROM events WHERE id % 4 = 1 GROUP BY p ORDER BY p`);
    expect(parallel).toEqual(serial);
    expect(parallel.map((r) => r[1])).toEqual(['2500', '2500', '2500']);
  });

  it('reports a worker\'s error as the session\'s thread would, with its position', async () => {
    await client.query(`SET quarry.parallel_scan_threshold = '0'`);
    const sql = 'SELECT CAST(numeric_text AS INT) FROM events';
    const parallel = await errorOf(client, sql);
    await client.query(`SET quarry.parallel_scan_threshold = '1000g'`);
    const serial = await errorOf(client, sql);
    expect(parallel.code).toBe('22018');
    expect([parallel.code, parallel.message, parallel.position]).toEqual([serial.code, serial.message, serial.position]);
    // The session goes on.
    expect(await rows('SELECT count(*) FROM events')).toEqual([['30000']]);
  });

  it('keeps on the session\'s thread what needs it: non-deterministic functions', async () => {
    expect(await explainAnalyze('SELECT id FROM events WHERE rand() < 2')).toMatch(/ParallelScan \(on the session's thread: an expression needs the session\)/);
  });

  it('stops the workers\' tasks with a LIMIT that is satisfied early', async () => {
    await client.query(`SET quarry.parallel_scan_threshold = '0'`);
    expect(await rows('SELECT id FROM events LIMIT 3')).toEqual((await bothWays('SELECT id FROM events LIMIT 3')).serial);
    expect(await rows('SELECT count(*) FROM events WHERE maybe IS NULL')).toEqual([['6000']]);
  });
});
