// CSV on DBFS → SQL → partitioned Parquet: the reference ETL path, checked against DuckDB reading
// the same file.

import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';

const KDD = path.resolve(import.meta.dirname, '../../../shared/kdd/kddcup_10pct_sample.csv');

describe('CSV tables', () => {
  let server: TestServer;
  let client: pg.Client;
  const raw = (...parts: string[]) => path.join(server.warehouse, 'dbfs', 'raw', ...parts);
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await fs.mkdir(raw('kdd'), { recursive: true });
    await fs.copyFile(KDD, raw('kdd', 'part-0.csv'));
    await fs.mkdir(raw('people'), { recursive: true });
    await fs.writeFile(raw('people', 'people.csv'),
      'id,name,born,score\n1,"Ann, the first",1990-01-02,3.5\n2,Bob,not-a-date,4\n3,"multi\nline",,\n4,Dee,1985-12-31,x\n');
  });
  afterAll(async () => { await server.close(); });

  it('infers a header-less CSV schema and agrees with DuckDB on aggregates', async () => {
    await client.query(`CREATE TABLE kdd_raw USING csv OPTIONS (inferSchema 'true') LOCATION 'dbfs:/raw/kdd'`);
    const described = (await client.query('DESCRIBE kdd_raw')).rows.map((r) => [r.col_name, r.data_type]);
    expect(described.slice(0, 5)).toEqual([['_c0', 'int'], ['_c1', 'string'], ['_c2', 'string'], ['_c3', 'string'], ['_c4', 'int']]);
    expect(described[24]).toEqual(['_c24', 'double']);
    const ours = (await client.query({
      text: 'SELECT _c41 AS label, count(*) AS n, sum(_c4) AS bytes, round(avg(_c24), 6) AS rate FROM kdd_raw GROUP BY _c41 ORDER BY n DESC, label',
      rowMode: 'array',
    })).rows.map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3])]);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const theirs = (await duck.runAndReadAll(`SELECT column41, count(*), sum(column04), round(avg(column24), 6) FROM read_csv('${KDD}', header = false)
      GROUP BY column41 ORDER BY count(*) DESC, column41`)).getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    duck.closeSync();
    expect(ours.length).toBeGreaterThan(5);
    expect(ours).toEqual(theirs);
  });

  it('turns the CSV into a partitioned Parquet table with CTAS', async () => {
    const result = await client.query(`CREATE TABLE kdd USING parquet PARTITIONED BY (protocol) AS
      SELECT _c0 AS duration, _c1 AS protocol, _c2 AS service, _c4 AS src_bytes, _c41 AS label FROM kdd_raw`);
    expect(result.rowCount).toBe(20000);
    const partitions = (await client.query('SHOW PARTITIONS kdd')).rows.map((r) => r.partition);
    expect(partitions).toEqual(['protocol=icmp', 'protocol=tcp', 'protocol=udp']);
    const { rows } = await client.query("SELECT count(*) AS n FROM kdd WHERE protocol = 'udp' AND label = 'normal.'");
    const check = await client.query("SELECT count(*) AS n FROM kdd_raw WHERE _c1 = 'udp' AND _c41 = 'normal.'");
    expect(rows).toEqual(check.rows);
  });

  it('reads headers, quoted fields and applies the parse modes', async () => {
    const create = (name: string, mode: string) => client.query(`CREATE TABLE ${name} (id INT, name STRING, born DATE, score DOUBLE)
      USING csv OPTIONS (header 'true', mode '${mode}') LOCATION 'dbfs:/raw/people'`);
    await create('people', 'PERMISSIVE');
    expect((await client.query('SELECT id, name, CAST(born AS STRING) AS born, score FROM people ORDER BY id')).rows).toEqual([
      { id: 1, name: 'Ann, the first', born: '1990-01-02', score: 3.5 },
      { id: 2, name: 'Bob', born: null, score: 4 },
      { id: 3, name: 'multi\nline', born: null, score: null },
      { id: 4, name: 'Dee', born: '1985-12-31', score: null },
    ]);
    await create('people_strict', 'DROPMALFORMED');
    // As in Spark (CSV column pruning), only the columns a query reads decide what is malformed.
    expect((await client.query('SELECT id, born, score FROM people_strict ORDER BY id')).rows.map((r) => r.id)).toEqual([1, 3]);
    expect((await client.query('SELECT id FROM people_strict ORDER BY id')).rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    await create('people_failfast', 'FAILFAST');
    const error = await client.query('SELECT * FROM people_failfast').catch((e) => e);
    expect(error.message).toMatch(/MALFORMED_RECORD_IN_PARSING.*line 3/);
  });

  it('queries a CSV directory directly', async () => {
    expect((await client.query('SELECT count(*) AS n FROM csv.`dbfs:/raw/kdd`')).rows).toEqual([{ n: '20000' }]);
  });

  it('writes CSV tables that read back the same, with quoting, NULLs and a header', async () => {
    const created = await client.query(`CREATE TABLE out USING csv OPTIONS (header 'true') PARTITIONED BY (k) AS
      SELECT * FROM VALUES (1, 'plain', 1.5, DATE'2024-01-02', TIMESTAMP'2024-01-02 03:04:05', 'a'),
        (2, 'with, comma and "quote"', NULL, NULL, NULL, 'a'), (3, '', -2.25, DATE'1999-12-31', NULL, 'b') AS t(id, s, d, day, ts, k)`);
    expect(created.rowCount).toBe(3);
    const { rows } = await client.query('SELECT id, s, d, CAST(day AS STRING) AS day, CAST(ts AS STRING) AS ts, k FROM out ORDER BY id');
    expect(rows).toEqual([
      { id: 1, s: 'plain', d: '1.50', day: '2024-01-02', ts: '2024-01-02 03:04:05', k: 'a' },
      { id: 2, s: 'with, comma and "quote"', d: null, day: null, ts: null, k: 'a' },
      { id: 3, s: '', d: '-2.25', day: '1999-12-31', ts: null, k: 'b' },
    ]);
    const text = await fs.readFile(path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse', 'out', 'k=b',
      (await fs.readdir(path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse', 'out', 'k=b')))[0]), 'utf8');
    expect(text).toBe('id,s,d,day,ts\n3,"",-2.25,1999-12-31,\n');
  });
});
