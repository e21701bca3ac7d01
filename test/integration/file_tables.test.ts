// Tables over existing Parquet directories: schemas and partitions inferred from the files, and
// directories queried directly as `parquet.`dbfs:/path``.

import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';

describe('tables over existing Parquet files', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    const root = path.join(server.warehouse, 'dbfs', 'raw', 'events');
    const instance = await DuckDBInstance.create(':memory:');
    const duck = await instance.connect();
    for (const [day, country] of [['2024-01-01', 'NO'], ['2024-01-02', 'NO'], ['2024-01-02', 'SE']]) {
      const dir = path.join(root, `day=${day}`, `country=${country}`);
      await fs.mkdir(dir, { recursive: true });
      await duck.run(`COPY (SELECT i::INT AS n, 'e' || i AS name FROM range(3) t(i)) TO '${dir}/part-0.parquet' (FORMAT parquet)`);
    }
    duck.closeSync();
  });
  afterAll(async () => { await server.close(); });

  it('infers columns and typed partitions for CREATE TABLE … LOCATION without a column list', async () => {
    await client.query("CREATE TABLE events USING parquet LOCATION 'dbfs:/raw/events'");
    const described = await client.query('DESCRIBE events');
    expect(described.rows.slice(0, 4).map((r) => [r.col_name, r.data_type])).toEqual([
      ['n', 'int'], ['name', 'string'], ['day', 'date'], ['country', 'string'],
    ]);
    const { rows } = await client.query("SELECT country, count(*) AS c, sum(n) AS s FROM events WHERE day = DATE'2024-01-02' GROUP BY country ORDER BY country");
    expect(rows).toEqual([{ country: 'NO', c: '3', s: '3' }, { country: 'SE', c: '3', s: '3' }]);
  });

  it('queries a directory directly as parquet.`path`', async () => {
    const { rows } = await client.query("SELECT count(*) AS c, count(DISTINCT day) AS days FROM parquet.`dbfs:/raw/events`");
    expect(rows).toEqual([{ c: '9', days: '2' }]);
    const missing = await client.query('SELECT * FROM parquet.`dbfs:/raw/nothing`').catch((e) => e);
    expect(missing.code).toBe('42K02');
  });
});
