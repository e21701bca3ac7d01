// Catalog and data-source statements of the lakehouse issue, over the wire: dynamic partition
// overwrite, table and database properties, statistics, text tables, directory writes.

import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
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

describe('ANALYZE TABLE', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  const detail = async (sql: string, name: string) => (await rows(sql)).find((r) => r[0] === name)?.[1];
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query('CREATE TABLE st (id INT, name STRING, d DATE, b BOOLEAN, a ARRAY<INT>) USING parquet');
    await client.query(`INSERT INTO st VALUES (1, 'ab', DATE'2020-01-01', true, array(1)), (2, NULL, DATE'2021-05-06', false, NULL),
      (3, 'abcd', NULL, NULL, NULL), (3, 'ab', NULL, NULL, NULL)`);
  });
  afterAll(async () => { await server.close(); });

  it('stores the size and row count, shown by DESCRIBE EXTENDED, and drops them on a write', async () => {
    expect(await detail('DESCRIBE EXTENDED st', 'Statistics')).toBeUndefined();
    const files = (await rows(`SELECT sum(size) FROM dbfs_ls('dbfs:/user/hive/warehouse/st')`))[0][0];
    await client.query('ANALYZE TABLE st COMPUTE STATISTICS NOSCAN');
    expect(await detail('DESCRIBE EXTENDED st', 'Statistics')).toBe(`${files} bytes`);
    await client.query('ANALYZE TABLE st COMPUTE STATISTICS');
    expect(await detail('DESCRIBE TABLE EXTENDED st', 'Statistics')).toBe(`${files} bytes, 4 rows`);
    // Kept in the metastore with the table.
    expect(server.engine.catalog.getTable('default', 'st')?.statistics).toEqual({ sizeInBytes: Number(files), rowCount: 4 });
    await client.query(`INSERT INTO st VALUES (9, 'z', NULL, NULL, NULL)`);
    expect(await detail('DESCRIBE EXTENDED st', 'Statistics')).toBeUndefined();
  });

  it('measures columns FOR COLUMNS and shows them in DESCRIBE EXTENDED t col', async () => {
    await client.query('CREATE TABLE sc USING parquet AS SELECT * FROM st WHERE id < 9');
    await client.query('ANALYZE TABLE sc COMPUTE STATISTICS FOR COLUMNS id, name, d, b');
    const column = async (name: string) => Object.fromEntries(await rows(`DESCRIBE EXTENDED sc ${name}`));
    expect(await column('id')).toMatchObject({ min: '1', max: '3', num_nulls: '0', distinct_count: '3', avg_col_len: '4', max_col_len: '4', histogram: 'NULL' });
    expect(await column('name')).toMatchObject({ min: 'NULL', max: 'NULL', num_nulls: '1', distinct_count: '2', avg_col_len: '3', max_col_len: '4' });
    expect(await column('d')).toMatchObject({ min: '2020-01-01', max: '2021-05-06', num_nulls: '2', distinct_count: '2' });
    expect(await column('b')).toMatchObject({ min: 'false', max: 'true', num_nulls: '2', avg_col_len: '1' });
    expect(await column('a')).toMatchObject({ min: 'NULL', distinct_count: 'NULL' });
    // Without EXTENDED: the three plain rows only.
    expect(await rows('DESCRIBE sc id')).toHaveLength(3);
    expect(await detail('DESCRIBE EXTENDED sc', 'Statistics')).toMatch(/^\d+ bytes, 4 rows$/);
    await client.query('TRUNCATE TABLE sc');
    expect(await detail('DESCRIBE EXTENDED sc', 'Statistics')).toBe('0 bytes, 0 rows');
  });

  it('refuses unknown columns and types without statistics, changing nothing', async () => {
    await client.query('CREATE TABLE sr USING parquet AS SELECT * FROM st WHERE id < 9');
    const unsupported = await errorOf(client, 'ANALYZE TABLE sr COMPUTE STATISTICS FOR ALL COLUMNS');
    expect(unsupported.code).toBe('0A000');
    expect(unsupported.message).toContain('[UNSUPPORTED_FEATURE.ANALYZE_UNSUPPORTED_COLUMN_TYPE]');
    expect((await errorOf(client, 'ANALYZE TABLE sr COMPUTE STATISTICS FOR COLUMNS nope')).message).toContain('[COLUMN_NOT_FOUND]');
    expect((await errorOf(client, 'ANALYZE TABLE nope COMPUTE STATISTICS')).message).toContain('[TABLE_OR_VIEW_NOT_FOUND]');
    expect(await detail('DESCRIBE EXTENDED sr', 'Statistics')).toBeUndefined();
  });
});

describe('text tables', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    const logs = path.join(server.warehouse, 'dbfs', 'raw', 'logs');
    await fs.mkdir(logs, { recursive: true });
    await fs.writeFile(path.join(logs, 'a.txt'), 'line one\r\nline two\n\nlast');
    await fs.writeFile(path.join(logs, 'b.txt.gz'), zlib.gzipSync('gz1\ngz2\n'));
    await fs.writeFile(path.join(logs, 'c.log'), 'x|y|z');
  });
  afterAll(async () => { await server.close(); });

  it('reads a row per line (gzip by extension), or a row per file with wholetext', async () => {
    await client.query(`CREATE TABLE logs USING text LOCATION 'dbfs:/raw/logs'`);
    expect(await rows('DESCRIBE logs')).toEqual([['value', 'string', null]]);
    expect(await rows('SELECT value FROM logs ORDER BY value')).toEqual([[''], ['gz1'], ['gz2'], ['last'], ['line one'], ['line two'], ['x|y|z']]);
    expect(await rows('SELECT count(*) FROM text.`dbfs:/raw/logs`')).toEqual([['7']]);
    await client.query(`CREATE TABLE whole USING text OPTIONS (wholetext 'true') LOCATION 'dbfs:/raw/logs'`);
    expect(await rows('SELECT value FROM whole ORDER BY value')).toEqual([['gz1\ngz2\n'], ['line one\r\nline two\n\nlast'], ['x|y|z']]);
    await client.query(`CREATE TABLE piped USING text OPTIONS (lineSep '|') LOCATION 'dbfs:/raw/logs/c.log'`);
    expect(await rows('SELECT value FROM piped')).toEqual([['x'], ['y'], ['z']]);
  });

  it('writes one value a line, NULL as an empty line, partitioned or not', async () => {
    await client.query('CREATE TABLE notes (value STRING) USING text');
    await client.query(`INSERT INTO notes VALUES ('hello'), (NULL), ('world')`);
    const dir = path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse', 'notes');
    const [file] = (await fs.readdir(dir)).filter((f) => f.endsWith('.txt'));
    expect(await fs.readFile(path.join(dir, file), 'utf8')).toBe('hello\n\nworld\n');
    expect(await rows('SELECT value FROM notes')).toEqual([['hello'], [''], ['world']]);
    await client.query(`CREATE TABLE dated USING text PARTITIONED BY (d) AS SELECT 'v' || id AS line, CAST(id % 2 AS STRING) AS d FROM range(4)`);
    expect(await rows('SELECT line, d FROM dated ORDER BY line')).toEqual([['v0', '0'], ['v1', '1'], ['v2', '0'], ['v3', '1']]);
  });

  it('refuses other columns than one string, and orc and avro', async () => {
    const typed = await errorOf(client, 'CREATE TABLE bad1 (a INT) USING text');
    expect(typed.message).toContain('[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE]');
    expect((await errorOf(client, 'CREATE TABLE bad2 (a STRING, b STRING) USING text')).message).toContain('supports only a single column, and you have 2 columns');
    expect((await errorOf(client, 'CREATE TABLE bad3 USING text AS SELECT 1 AS n')).message).toContain('[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE]');
    for (const format of ['orc', 'avro']) {
      expect((await errorOf(client, `CREATE TABLE bad4 (a INT) USING ${format}`)).message).toContain('[UNSUPPORTED_DATA_SOURCE]');
    }
    expect(await rows(`SHOW TABLES LIKE 'bad*'`)).toEqual([]);
  });
});

describe('INSERT OVERWRITE DIRECTORY', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query('CREATE TABLE src (id INT, name STRING) USING parquet');
    await client.query(`INSERT INTO src VALUES (1, 'a'), (2, 'b')`);
  });
  afterAll(async () => { await server.close(); });

  it('replaces the files of a directory with the rows, in the format asked for', async () => {
    expect((await client.query(`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/out' USING csv OPTIONS (header 'true') SELECT * FROM src`)).rowCount).toBe(2);
    // Data files, not the commit marker (`_committed_…`, hidden by the `_` convention).
    const dataFiles = async () => (await rows(`LIST 'dbfs:/tmp/out'`)).map((r) => r[0] as string).filter((p) => !p.split('/').pop()!.startsWith('_'));
    const [csv] = await dataFiles();
    expect(csv).toMatch(/\.csv$/);
    expect(await rows(`SELECT * FROM csv.\`dbfs:/tmp/out\``)).toEqual([['id', 'name'], ['1', 'a'], ['2', 'b']]);
    // The path may come from OPTIONS; the CSV file is gone, replaced by Parquet.
    await client.query(`INSERT OVERWRITE DIRECTORY USING parquet OPTIONS (path 'dbfs:/tmp/out') SELECT id * 10 AS id FROM src`);
    const listed = await dataFiles();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/\.parquet$/);
    expect(await rows('SELECT id FROM parquet.`dbfs:/tmp/out` ORDER BY id')).toEqual([[10], [20]]);
    // Other tools read the folder: plain Spark-style names, `_SUCCESS`, no markers or staging left.
    const folder = path.join(server.warehouse, 'dbfs', 'tmp', 'out');
    const names = (await fs.readdir(folder)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('_SUCCESS');
    expect(names[1]).toMatch(/^part-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const read = await duck.runAndReadAll(`SELECT sum(id)::INT FROM read_parquet('${folder}/*.parquet')`);
    expect(read.getRows()).toEqual([[30]]);
    duck.closeSync();
  });

  it('refuses table directories, LOCAL, unknown formats and bad columns, leaving the directory as it was', async () => {
    await client.query(`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/kept' USING json SELECT 1 AS one`);
    const refused = [
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/user/hive/warehouse' USING parquet SELECT 1 AS a`, '[UNSUPPORTED_OVERWRITE.PATH]'],
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/user/hive/warehouse/src/x' USING parquet SELECT 1 AS a`, '[UNSUPPORTED_OVERWRITE.PATH]'],
      [`INSERT OVERWRITE LOCAL DIRECTORY '/tmp/x' USING parquet SELECT 1 AS a`, '[UNSUPPORTED_FEATURE]'],
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/kept' USING orc SELECT 1 AS a`, '[UNSUPPORTED_DATA_SOURCE]'],
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/kept' USING json SELECT 1 AS a, 2 AS a`, '[COLUMN_ALREADY_EXISTS]'],
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/kept' USING text SELECT 1 AS a`, '[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE]'],
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/kept' USING json OPTIONS (path 'dbfs:/tmp/y') SELECT 1 AS a`, 'not both'],
      [`INSERT OVERWRITE DIRECTORY 'dbfs:/tmp/kept' USING json SELECT 1 / 0 AS a`, '[DIVIDE_BY_ZERO]'],
    ];
    for (const [sql, error] of refused) expect((await errorOf(client, sql)).message).toContain(error);
    expect(await rows('SELECT * FROM json.`dbfs:/tmp/kept`')).toEqual([['1']]);
    expect((await fs.readdir(path.join(server.warehouse, 'dbfs', 'tmp', 'kept'))).filter((n) => !n.endsWith('.json'))).toEqual(['_SUCCESS']);
    expect(await rows('SELECT count(*) FROM src')).toEqual([['2']]);
  });
});

describe('Parquet schema merging', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    // Two writes with different columns into directories of their own, then moved under one.
    await client.query(`INSERT OVERWRITE DIRECTORY 'dbfs:/raw/v1' USING parquet SELECT 1 AS id, 'a' AS name`);
    await client.query(`INSERT OVERWRITE DIRECTORY 'dbfs:/raw/v2' USING parquet SELECT 2 AS id, 2.5D AS score`);
    await client.query(`INSERT OVERWRITE DIRECTORY 'dbfs:/raw/bad' USING parquet SELECT 'three' AS id`);
    const raw = path.join(server.warehouse, 'dbfs', 'raw');
    for (const [from, to] of [['v1', 'merged/day=1'], ['v2', 'merged/day=2'], ['v1', 'clash/day=1'], ['bad', 'clash/day=2']]) {
      await fs.mkdir(path.dirname(path.join(raw, to)), { recursive: true });
      await fs.cp(path.join(raw, from), path.join(raw, to), { recursive: true });
    }
    // The copies stand for files other tools wrote: plain part files, without Quarry's commit tags
    // and markers (a marker left in a partition folder would not commit files under another root).
    for (const dir of ['merged/day=1', 'merged/day=2', 'clash/day=1', 'clash/day=2']) {
      for (const name of await fs.readdir(path.join(raw, dir))) {
        const file = path.join(raw, dir, name);
        if (name.startsWith('_')) await fs.rm(file);
        else await fs.rename(file, path.join(raw, dir, name.replace(/-tid-[0-9a-f-]+\./, '.')));
      }
    }
  });
  afterAll(async () => { await server.close(); });

  it('unites the columns of every file with mergeSchema, NULL where a file lacks one', async () => {
    await client.query(`CREATE TABLE merged USING parquet OPTIONS (mergeSchema 'true') LOCATION 'dbfs:/raw/merged'`);
    expect((await rows('DESCRIBE merged')).slice(0, 4).map((r) => [r[0], r[1]])).toEqual([['id', 'int'], ['name', 'string'], ['score', 'double'], ['day', 'int']]);
    expect(await rows('SELECT id, name, score, day FROM merged ORDER BY id')).toEqual([[1, 'a', null, 1], [2, null, 2.5, 2]]);
    // Without the option, one file's columns, as Spark does by default.
    await client.query(`CREATE TABLE unmerged USING parquet LOCATION 'dbfs:/raw/merged'`);
    expect((await rows('SHOW COLUMNS IN unmerged')).length).toBe(3);
    // The session setting is the option's default.
    await client.query('SET spark.sql.parquet.mergeSchema = true');
    await client.query(`CREATE TABLE merged2 USING parquet LOCATION 'dbfs:/raw/merged'`);
    await client.query('SET spark.sql.parquet.mergeSchema = false');
    expect((await rows('SELECT count(score) FROM merged2'))).toEqual([['1']]);
  });

  it('refuses files that disagree on a column type', async () => {
    const clash = await errorOf(client, `CREATE TABLE clash USING parquet OPTIONS (mergeSchema 'true') LOCATION 'dbfs:/raw/clash'`);
    expect(clash.code).toBe('42825');
    expect(clash.message).toContain('[CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE] Failed to merge incompatible data types "INT" and "STRING"');
    expect(await rows(`SHOW TABLES LIKE 'clash'`)).toEqual([]);
  });
});

describe('CSV reader options', () => {
  let server: TestServer;
  let client: pg.Client;
  const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    const dir = path.join(server.warehouse, 'dbfs', 'raw', 'c');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'a.csv'), 'id;d;ts;v\n1;01/02/2020;02.01.2020 03:04;NA\n2;xx;02.01.2020 03:04;5\n3;"a ""q""";bad;6\n');
  });
  afterAll(async () => { await server.close(); });

  it('parses dates and timestamps in dateFormat and timestampFormat', async () => {
    await client.query(`CREATE TABLE fmt (id INT, d DATE, ts TIMESTAMP, v INT) USING csv
      OPTIONS (header 'true', sep ';', dateFormat 'MM/dd/yyyy', timestampFormat 'dd.MM.yyyy HH:mm', nullValue 'NA', mode 'DROPMALFORMED') LOCATION 'dbfs:/raw/c'`);
    expect(await rows(`SELECT id, CAST(d AS STRING), CAST(ts AS STRING), v FROM fmt`)).toEqual([[1, '2020-01-02', '2020-01-02 03:04:00', null]]);
  });

  it('puts malformed records in _corrupt_record in PERMISSIVE mode', async () => {
    await client.query(`CREATE TABLE perm (id INT, d DATE, ts TIMESTAMP, v INT, _corrupt_record STRING) USING csv
      OPTIONS (header 'true', sep ';', dateFormat 'MM/dd/yyyy', timestampFormat 'dd.MM.yyyy HH:mm', nullValue 'NA') LOCATION 'dbfs:/raw/c'`);
    expect(await rows('SELECT id, CAST(d AS STRING), v, _corrupt_record FROM perm ORDER BY id')).toEqual([
      [1, '2020-01-02', null, null], [2, null, 5, '2;xx;02.01.2020 03:04;5'], [3, null, 6, '3;"a ""q""";bad;6'],
    ]);
  });

  it('takes the same options for JSON', async () => {
    const dir = path.join(server.warehouse, 'dbfs', 'raw', 'j');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'a.json'), '{"id":1,"d":"01/02/2020","ts":"02.01.2020 03:04"}\n{"id":2,"d":"2020-01-02","ts":"x"}\n');
    await client.query(`CREATE TABLE jfmt (id INT, d DATE, ts TIMESTAMP, _corrupt_record STRING) USING json
      OPTIONS (dateFormat 'MM/dd/yyyy', timestampFormat 'dd.MM.yyyy HH:mm') LOCATION 'dbfs:/raw/j'`);
    expect(await rows('SELECT id, CAST(d AS STRING), CAST(ts AS STRING), _corrupt_record IS NOT NULL FROM jfmt ORDER BY id')).toEqual([
      [1, '2020-01-02', '2020-01-02 03:04:00', false], [2, null, null, true],
    ]);
  });

  it('refuses pattern letters it cannot parse, when reading', async () => {
    await client.query(`CREATE TABLE badfmt (id INT, d DATE) USING csv OPTIONS (sep ';', dateFormat 'EEE yyyy') LOCATION 'dbfs:/raw/c'`);
    expect((await errorOf(client, 'SELECT * FROM badfmt')).message).toContain('[INVALID_OPTION]');
  });
});
