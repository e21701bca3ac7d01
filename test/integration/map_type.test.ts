// Spark's MAP type end to end, over the wire: constructors and functions, the NULL-key and
// duplicate-key rules, higher-order functions, generators, casts, grouping and ordering, and MAP
// columns stored in Parquet that DuckDB reads back as MAPs.

import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

/** Every cell as the text the server sent, row by row. */
async function texts(client: pg.Client, sql: string): Promise<(string | null)[][]> {
  const result = await client.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } as never });
  return result.rows as (string | null)[][];
}

describe('MAP type', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  it('builds maps and sends them as text in Spark\'s result form, entries sorted', async () => {
    expect(await texts(client, "SELECT map(2, 'b', 1, 'a'), map('k', NULL), map(), map(1, array(1, 2), 2, NULL)")).toEqual([
      ['{1:"a",2:"b"}', '{"k":null}', '{}', '{1:[1,2],2:null}'],
    ]);
    const described = await client.query("DESCRIBE QUERY SELECT map(1, 'a') AS m, map('x', map(1, 2.5D)) AS n");
    expect(described.rows.map((r) => r.data_type)).toEqual(['map<int,string>', 'map<string,map<int,double>>']);
    expect(await texts(client, "SELECT typeof(map(1L, 'a'))")).toEqual([['map<bigint,string>']]);
    // Inside a struct (sent as json) a map is a JSON object keyed by its keys' text; inside an array, an element of text.
    expect(await texts(client, "SELECT named_struct('m', map(1, 'a', 2, NULL)), array(map('k', 1))")).toEqual([['{"m":{"1":"a","2":null}}', '{"{\\"k\\":1}"}']]);
    // Postgres has no map type: the column is text.
    const { fields } = await client.query("SELECT map(1, 'a') AS m");
    expect(fields[0].dataTypeID).toBe(25);
  });

  it('reads entries: element_at and [] give NULL for a missing key, map_contains_key widens numbers', async () => {
    expect(await texts(client, `SELECT element_at(map(1, 'a', 2, 'b'), 2), element_at(map(1, 'a'), 5), map(1, 'a')[1], map(1, 'a')[7],
      map_contains_key(map(1, 'a'), 1.0), map_contains_key(map(1.5, 'a'), 2), size(map(1, 2, 3, 4)), cardinality(map())`)).toEqual([
      ['b', null, 'a', null, 't', 'f', '2', '0'],
    ]);
    expect(await texts(client, "SELECT map_keys(map(1, 'a', 2, 'b')), map_values(map(1, 'a', 2, NULL)), map_entries(map(1, 'a'))")).toEqual([
      ['{1,2}', '{a,NULL}', '{"{\\"key\\":1,\\"value\\":\\"a\\"}"}'],
    ]);
    const e = await errorOf(client, "SELECT map_contains_key(map('1', 'a'), 1)");
    expect(e.code).toBe('42K09');
    expect(e.message).toContain('[DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES]');
    expect(e.message).toContain('"MAP<STRING, STRING>", "INT"');
  });

  it('builds maps from arrays, entries, strings and other maps', async () => {
    expect(await texts(client, `SELECT map_from_arrays(array(1, 2), array('x', 'y')), map_from_entries(array(struct(1, 'a'), struct(2, 'b'))),
      str_to_map('a:1,b:2,c'), str_to_map('a=1;b=2', ';', '='), map_concat(map(1, 2), map(3, 4L))`)).toEqual([
      ['{1:"x",2:"y"}', '{1:"a",2:"b"}', '{"a":"1","b":"2","c":null}', '{"a":"1","b":"2"}', '{1:2,3:4}'],
    ]);
    expect((await errorOf(client, 'SELECT map_from_arrays(array(1, 2), array(1))')).message).toContain('MAP_FROM_ARRAYS_LENGTH_MISMATCH');
  });

  it('refuses NULL keys and, by default, duplicate keys; LAST_WIN keeps the last value in the first place', async () => {
    const nullKey = await errorOf(client, 'SELECT map(NULL, 1)');
    expect([nullKey.code, nullKey.message]).toEqual(['2200E', '[NULL_MAP_KEY] Cannot use null as map key.']);
    const duplicate = await errorOf(client, "SELECT map(1, 'a', 1, 'b')");
    expect(duplicate.code).toBe('23505');
    expect(duplicate.message).toMatch(/^\[DUPLICATED_MAP_KEY\] Duplicate map key 1 was found/);
    expect((await errorOf(client, 'SELECT map_concat(map(1, 2), map(1, 3))')).message).toContain('DUPLICATED_MAP_KEY');
    const other = await server.client();
    await other.query('SET spark.sql.mapKeyDedupPolicy = LAST_WIN');
    expect(await texts(other, "SELECT map(1, 'a', 2, 'b', 1, 'c'), map_concat(map(1, 2), map(1, 3))")).toEqual([['{1:"c",2:"b"}', '{1:3}']]);
    expect((await errorOf(other, 'SET spark.sql.mapKeyDedupPolicy = FIRST_WIN')).code).toBe('22023');
  });

  it('runs lambdas over entries: map_filter, transform_keys, transform_values, map_zip_with', async () => {
    await client.query('CREATE OR REPLACE TEMPORARY VIEW nested AS VALUES (1, map(1, 10, 2, 20)), (2, NULL), (3, map(5, 50)) AS t(x, m)');
    expect(await texts(client, `SELECT x, map_filter(m, (k, v) -> k > 1), transform_keys(m, (k, v) -> k + x), transform_values(m, (k, v) -> v * k)
      FROM nested ORDER BY x`)).toEqual([
      ['1', '{2:20}', '{2:10,3:20}', '{1:10,2:40}'],
      ['2', null, null, null],
      ['3', '{5:50}', '{8:50}', '{5:250}'],
    ]);
    expect(await texts(client, "SELECT map_zip_with(map('a', 1, 'b', 2), map('b', 20, 'c', 30), (k, l, r) -> coalesce(l, 0) + coalesce(r, 0))")).toEqual([
      ['{"a":1,"b":22,"c":30}'],
    ]);
    // A constant where the lambda goes maps every key to one key.
    expect((await errorOf(client, "SELECT transform_keys(map('a', 1, 'b', 2), 42)")).message).toContain('[DUPLICATED_MAP_KEY] Duplicate map key 42');
    expect((await errorOf(client, "SELECT map_filter(map('a', 1), (k, v) -> v)")).message).toContain('the second parameter requires the "BOOLEAN" type');
  });

  it('explodes maps into key and value columns, in SELECT and LATERAL VIEW', async () => {
    expect(await texts(client, "SELECT explode(map('a', 1, 'b', 2))")).toEqual([['a', '1'], ['b', '2']]);
    expect(await texts(client, "SELECT posexplode(map('a', 1, 'b', 2))")).toEqual([['0', 'a', '1'], ['1', 'b', '2']]);
    const { rows } = await client.query("SELECT x, k, v FROM VALUES (1, map('p', 7, 'q', 8)) AS t(x, m) LATERAL VIEW explode(m) e AS k, v");
    expect(rows).toEqual([{ x: 1, k: 'p', v: 7 }, { x: 1, k: 'q', v: 8 }]);
  });

  it('casts maps to strings the way Spark does and between map types', async () => {
    expect(await texts(client, "SELECT CAST(map(1, 'a', 2, NULL) AS STRING), CAST(map(1, 2) AS MAP<BIGINT, STRING>), CAST(map('1', '2') AS MAP<INT, INT>)[1] + 1")).toEqual([
      ['{1 -> a, 2 -> null}', '{1:"2"}', '3'],
    ]);
  });

  it('refuses casts between maps and other types but strings', async () => {
    for (const sql of ["SELECT CAST('x' AS MAP<INT, INT>)", 'SELECT CAST(map(1, 2) AS INT)', 'SELECT CAST(array(1) AS MAP<INT, INT>)']) {
      const e = await errorOf(client, sql);
      expect([e.code, e.message]).toEqual(['42K09', expect.stringContaining('[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION]')]);
    }
  });

  it('groups maps regardless of entry order, and refuses to compare or sort them', async () => {
    expect(await texts(client, `SELECT count(*) FROM VALUES (map(1, 2, 2, 3)), (map(1, 3)), (map(2, 3, 1, 2)) AS t(a) GROUP BY a ORDER BY 1`)).toEqual([['1'], ['2']]);
    // Arrays and structs (holding maps or not) group by their contents too.
    expect(await texts(client, `SELECT count(*) FROM VALUES (array(map(1, 2), map(3, 4))), (array(map(1, 2), map(3, 4))), (array(map(1, 2))) AS t(a) GROUP BY a ORDER BY 1`)).toEqual([['1'], ['2']]);
    expect(await texts(client, `SELECT s, count(*) FROM VALUES (named_struct('x', 1)), (named_struct('x', 1)) AS t(s) GROUP BY s`)).toEqual([['{"x":1}', '2']]);
    const equality = await errorOf(client, 'SELECT map(1, 2) = map(1, 2)');
    expect([equality.code, equality.message]).toEqual(['42K09', expect.stringContaining('[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE]')]);
    expect((await errorOf(client, 'SELECT * FROM VALUES (map(1, 2)) AS t(m) ORDER BY m')).message).toContain('does not support ordering on type "MAP<INT, INT>"');
    expect((await errorOf(client, 'SELECT max(m) FROM VALUES (map(1, 2)) AS t(m)')).message).toContain('[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE]');
  });

  it('stores MAP columns in Parquet tables that DuckDB reads as MAPs', async () => {
    await client.query('CREATE TABLE scores (id INT, m MAP<STRING, INT>, n MAP<INT, ARRAY<STRING>>) USING parquet');
    await client.query(`INSERT INTO scores VALUES (1, map('a', 1, 'b', NULL), map(1, array('x'))), (2, NULL, NULL), (3, map(), map(2, array()))`);
    const described = await client.query('DESCRIBE scores');
    expect(described.rows.map((r) => r.data_type)).toEqual(['int', 'map<string,int>', 'map<int,array<string>>']);
    expect(await texts(client, "SELECT id, m, n, m['a'] FROM scores ORDER BY id")).toEqual([
      ['1', '{"a":1,"b":null}', '{1:["x"]}', '1'],
      ['2', null, null, null],
      ['3', '{}', '{2:[]}', null],
    ]);
    const tableDir = path.join(server.warehouse, 'dbfs', 'user', 'hive', 'warehouse', 'scores');
    const instance = await DuckDBInstance.create(':memory:');
    const duck = await instance.connect();
    try {
      const reader = await duck.runAndReadAll(`SELECT id, typeof(m), m['a'], cardinality(m), n[1] FROM read_parquet('${tableDir}/*.parquet') ORDER BY id`);
      expect(reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))))).toEqual([
        ['1', 'MAP(VARCHAR, INTEGER)', '1', '2', "['x']"],
        ['2', 'MAP(VARCHAR, INTEGER)', null, null, null],
        ['3', 'MAP(VARCHAR, INTEGER)', null, '0', null],
      ]);
    } finally {
      duck.closeSync();
    }
  });

  it('stores MAP columns in JSON tables as objects, and refuses them in CSV tables', async () => {
    await client.query('CREATE TABLE events (id INT, tags MAP<STRING, INT>, names MAP<INT, STRING>) USING json');
    await client.query("INSERT INTO events VALUES (1, map('a', 1, 'b', NULL), map(7, 'x')), (2, NULL, map())");
    expect(await texts(client, 'SELECT id, tags, names, names[7] FROM events ORDER BY id')).toEqual([
      ['1', '{"a":1,"b":null}', '{7:"x"}', 'x'],
      ['2', null, '{}', null],
    ]);
    const csv = await errorOf(client, 'CREATE TABLE flat (id INT, m MAP<STRING, INT>) USING csv');
    expect([csv.code, csv.message]).toEqual(['0A000', expect.stringContaining('[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE]')]);
  });

  it('writes maps as JSON with to_json and reads them back with from_json', async () => {
    expect(await texts(client, `SELECT to_json(map('a', 1, 'b', NULL)), to_json(named_struct('x', 1, 'y', CAST(NULL AS INT), 'm', map(1, 1.5D))),
      to_json(array(map(1, 'x')))`)).toEqual([['{"a":1,"b":null}', '{"x":1,"m":{"1":1.5}}', '[{"1":"x"}]']]);
    expect(await texts(client, `SELECT from_json('{"a":1,"b":"x"}', 'map<string,string>'), from_json('{"1":2,"3":null}', 'MAP<INT, INT>'),
      from_json('{"k":{"p":7}}', 'k map<string,int>').k['p'], from_json('{bad', 'map<string,int>')`)).toEqual([
      ['{"a":"1","b":"x"}', '{1:2,3:null}', '7', null],
    ]);
    expect((await errorOf(client, 'SELECT to_json(1)')).message).toContain('[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA]');
    expect(await texts(client, `SELECT CAST(from_json('{"d":"26/10/2015","e":"x"}', 'd DATE, e DATE', map('dateFormat', 'dd/MM/yyyy')) AS STRING)`)).toEqual([
      ['{2015-10-26, null}'],
    ]);
    expect((await errorOf(client, "SELECT from_json('{bad', 'a INT', map('mode', 'FAILFAST'))")).message).toContain('[MALFORMED_RECORD_IN_PARSING');
  });

  it('lists the map functions', async () => {
    const { rows } = await client.query("SHOW FUNCTIONS LIKE 'map*'");
    expect(rows.map((r) => r.function)).toEqual(expect.arrayContaining(['map', 'map_concat', 'map_contains_key', 'map_entries', 'map_filter',
      'map_from_arrays', 'map_from_entries', 'map_keys', 'map_values', 'map_zip_with']));
  });
});
