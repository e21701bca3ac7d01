// The scenario through a real client over a real socket: typed results, plans, catalog
// statements, and errors with SQLSTATE and position that leave the session usable.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, errorOf as failure, startTestServer } from '../support/server.js';

const OID = { bool: 16, int8: 20, int4: 23, text: 25, numeric: 1700, timestamptz: 1184 };

describe('walking skeleton over the wire', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  it('creates, fills and queries a partitioned table with typed results', async () => {
    await client.query(`CREATE TABLE trips (id BIGINT, city STRING, fare DECIMAL(10,2), ts TIMESTAMP, ok BOOLEAN)
      USING parquet PARTITIONED BY (city)`);
    const insert = await client.query(`INSERT INTO trips VALUES
      (1, 'Oslo', 12.50, TIMESTAMP'2024-01-01 10:00:00', true),
      (2, 'Oslo', 7.25, TIMESTAMP'2024-01-01 11:00:00', true),
      (3, 'Bergen', 20.00, TIMESTAMP'2024-01-02 09:00:00', false),
      (4, 'Bergen', 5.00, TIMESTAMP'2024-01-02 10:00:00', true)`);
    expect(insert.command).toBe('INSERT');
    expect(insert.rowCount).toBe(4);

    const grouped = await client.query('SELECT city, count(*), sum(fare) FROM trips WHERE ok GROUP BY city ORDER BY city');
    expect(grouped.fields.map((f) => f.dataTypeID)).toEqual([OID.text, OID.int8, OID.numeric]);
    expect(grouped.rows).toEqual([
      { city: 'Bergen', 'count(1)': '1', 'sum(fare)': '5.00' },
      { city: 'Oslo', 'count(1)': '2', 'sum(fare)': '19.75' },
    ]);

    const all = await client.query('SELECT * FROM trips ORDER BY id');
    expect(all.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['id', OID.int8], ['city', OID.text], ['fare', OID.numeric], ['ts', OID.timestamptz], ['ok', OID.bool],
    ]);
    expect(all.rows[0]).toEqual({ id: '1', city: 'Oslo', fare: '12.50', ts: new Date('2024-01-01T10:00:00Z'), ok: true });
  });

  it('explains the logical and physical plans, with the partition filter pushed into the scan', async () => {
    const { rows } = await client.query("EXPLAIN SELECT city, sum(fare) FROM trips WHERE city = 'Oslo' GROUP BY city");
    const plan: string = rows[0].plan;
    expect(plan).toContain('== Optimized Logical Plan ==');
    expect(plan).toContain('== Physical Plan ==');
    expect(plan).toMatch(/HashAggregate/);
    expect(plan).toMatch(/PartitionFilters: \[\(city#\d+ = 'Oslo'\)\]/);
  });

  it('shows, describes and drops tables', async () => {
    expect((await client.query('SHOW TABLES')).rows).toEqual([{ namespace: 'default', tableName: 'trips', isTemporary: false }]);
    const described = await client.query('DESCRIBE trips');
    expect(described.rows.map((r) => [r.col_name, r.data_type])).toEqual([
      ['id', 'bigint'], ['city', 'string'], ['fare', 'decimal(10,2)'], ['ts', 'timestamp'], ['ok', 'boolean'],
      ['# Partition Information', ''], ['# col_name', 'data_type'], ['city', 'string'],
    ]);
    await client.query('CREATE TABLE scratch (a INT) USING parquet');
    expect((await client.query('DROP TABLE scratch')).command).toBe('DROP');
    expect((await client.query('SHOW TABLES')).rows.map((r) => r.tableName)).toEqual(['trips']);
  });

  const errorOf = (sql: string) => failure(client, sql);

  it('reports errors with SQLSTATE and position, and the session goes on', async () => {
    const syntax = await errorOf('SELECT * FORM trips');
    expect(syntax.code).toBe('42601');
    expect(syntax.position).toBe('10');
    expect(syntax.message).toMatch(/FORM/);

    const table = await errorOf('SELECT * FROM no_such_table');
    expect(table.code).toBe('42P01');
    expect(table.position).toBe('15');

    const column = await errorOf('SELECT nope FROM trips');
    expect(column.code).toBe('42703');
    expect(column.position).toBe('8');

    const division = await errorOf('SELECT id / 0 FROM trips');
    expect(division.code).toBe('22012');
    expect(division.message).toMatch(/DIVIDE_BY_ZERO/);

    expect((await client.query('SELECT count(*) AS n FROM trips')).rows).toEqual([{ n: '4' }]);
  });

  it('a failed INSERT leaves the table as it was', async () => {
    const error = await errorOf("INSERT INTO trips VALUES (9, 'Oslo', 1.00, NULL, true), (10, 'Oslo', 1 / 0, NULL, true)");
    expect(error.code).toBe('22012');
    expect((await client.query('SELECT count(*) AS n FROM trips')).rows).toEqual([{ n: '4' }]);
  });
});
