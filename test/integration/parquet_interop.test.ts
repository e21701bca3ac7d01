// Table files are real Parquet where the issue says: DuckDB reads what Quarry wrote, and Quarry
// reads what DuckDB wrote.

import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { TestServer, startTestServer } from '../support/server.js';

async function duckdb(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows() as unknown[][];
  } finally {
    connection.closeSync();
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true });
  return entries.map(String).filter((f) => f.endsWith('.parquet')).sort();
}

describe('Parquet files shared with DuckDB', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('writes Hive-partitioned Parquet that DuckDB reads with the same rows', async () => {
    const client = await server.client();
    await client.query(`CREATE TABLE trips (id BIGINT, city STRING, fare DECIMAL(10,2), ts TIMESTAMP, ok BOOLEAN) USING parquet PARTITIONED BY (city)`);
    await client.query(`INSERT INTO trips VALUES (1, 'Oslo', 12.50, TIMESTAMP'2024-01-01 10:00:00', true),
      (2, 'Bergen', NULL, TIMESTAMP'2024-01-02 00:00:00.5', false), (3, 'Oslo', 0.01, NULL, NULL)`);
    const tableDir = path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse', 'trips');
    const files = await filesUnder(tableDir);
    expect(files.some((f) => f.startsWith('city=Oslo/'))).toBe(true);
    expect(files.some((f) => f.startsWith('city=Bergen/'))).toBe(true);

    const rows = await duckdb(`SELECT id, city, CAST(fare AS VARCHAR), CAST(ts AS VARCHAR), ok
      FROM read_parquet('${tableDir}/*/*.parquet', hive_partitioning = true) ORDER BY id`);
    expect(rows).toEqual([
      [1n, 'Oslo', '12.50', '2024-01-01 10:00:00+00', true],
      [2n, 'Bergen', null, '2024-01-02 00:00:00.5+00', false],
      [3n, 'Oslo', '0.01', null, null],
    ]);
  });

  it('reads a Parquet file DuckDB wrote, through an external table', async () => {
    const dir = path.join(server.warehouse, 'dbfs', 'data', 'from_duckdb');
    await fs.mkdir(dir, { recursive: true });
    await duckdb(`COPY (SELECT i::BIGINT AS id, 'name_' || i AS name, (i * 1.5)::DOUBLE AS score,
      (i / 4)::DECIMAL(12,3) AS amount, DATE '2024-01-01' + i::INT AS day
      FROM range(1, 2001) t(i)) TO '${dir}/part-0.parquet' (FORMAT parquet)`);
    const client = await server.client();
    await client.query(`CREATE TABLE ext (id BIGINT, name STRING, score DOUBLE, amount DECIMAL(12,3), day DATE)
      USING parquet LOCATION 'dbfs:/data/from_duckdb'`);
    const { rows } = await client.query('SELECT count(*) AS n, sum(id) AS ids, sum(amount) AS amounts, CAST(max(day) AS STRING) AS last FROM ext');
    expect(rows).toEqual([{ n: '2000', ids: '2001000', amounts: '500250.000', last: '2029-06-23' }]);
    const row = await client.query("SELECT name, score FROM ext WHERE id = 7");
    expect(row.rows).toEqual([{ name: 'name_7', score: 10.5 }]);
  });

  it('reads DuckDB decimals exactly: negative, at 15 digits, and wider', async () => {
    const dir = path.join(server.warehouse, 'dbfs', 'data', 'decimals');
    await fs.mkdir(dir, { recursive: true });
    await duckdb(`COPY (SELECT * FROM (VALUES
      (1, -0.01::DECIMAL(15,2), 9999999999999.99::DECIMAL(15,2), -999999999999999.999::DECIMAL(18,3), 123456789012345678901234.5::DECIMAL(38,1)),
      (2, -9999999999999.99::DECIMAL(15,2), 0::DECIMAL(15,2), 1.5::DECIMAL(18,3), -0.5::DECIMAL(38,1)),
      (3, NULL, -4294967296.01::DECIMAL(15,2), NULL, NULL)) t(id, a, b, c, d)) TO '${dir}/part-0.parquet' (FORMAT parquet)`);
    const client = await server.client();
    await client.query(`CREATE TABLE decimals USING parquet LOCATION 'dbfs:/data/decimals'`);
    const { rows } = await client.query('SELECT id, a, b, c, d, a * b AS ab FROM decimals ORDER BY id');
    expect(rows).toEqual([
      { id: 1, a: '-0.01', b: '9999999999999.99', c: '-999999999999999.999', d: '123456789012345678901234.5', ab: '-99999999999.9999' },
      { id: 2, a: '-9999999999999.99', b: '0.00', c: '1.500', d: '-0.5', ab: '0.0000' },
      { id: 3, a: null, b: '-4294967296.01', c: null, d: null, ab: null },
    ]);
  });
});
