// The catalog views drivers read: information_schema and the pg_catalog tables they query when
// connecting (array types, schemas, relations).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';

describe('catalog emulation', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query('CREATE TABLE orders (id INT NOT NULL, amount DECIMAL(12,2), at TIMESTAMP) USING parquet');
    await client.query('CREATE VIEW big AS SELECT * FROM orders WHERE amount > 10');
  });
  afterAll(async () => { await server.close(); });

  it('lists tables, views and columns in information_schema with Postgres type names', async () => {
    const tables = await client.query("SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name IN ('orders', 'big') ORDER BY 2");
    expect(tables.rows).toEqual([
      { table_schema: 'default', table_name: 'big', table_type: 'VIEW' },
      { table_schema: 'default', table_name: 'orders', table_type: 'BASE TABLE' },
    ]);
    const columns = await client.query("SELECT column_name, data_type, is_nullable, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position");
    expect(columns.rows).toEqual([
      { column_name: 'id', data_type: 'integer', is_nullable: 'NO', numeric_precision: 32, numeric_scale: 0 },
      { column_name: 'amount', data_type: 'numeric', is_nullable: 'YES', numeric_precision: 12, numeric_scale: 2 },
      { column_name: 'at', data_type: 'timestamp with time zone', is_nullable: 'YES', numeric_precision: null, numeric_scale: null },
    ]);
  });

  it("answers the pg_catalog queries drivers send on connect", async () => {
    // postgres.js: element types and their array types.
    const arrays = await client.query(`select b.oid, b.typarray from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid`);
    expect(arrays.rows).toContainEqual({ oid: 23, typarray: 1007 });
    // psqlODBC and SQLAlchemy: optional extension types that are absent.
    expect((await client.query("select oid, typbasetype from pg_type where typname = 'lo'")).rows).toEqual([]);
    const relations = await client.query(`SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() ORDER BY 1`);
    expect(relations.rows).toEqual([{ relname: 'big', relkind: 'v' }, { relname: 'orders', relkind: 'r' }]);
    const attributes = await client.query(`SELECT a.attname, a.atttypid, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relname = 'orders' ORDER BY a.attnum`);
    const oids = await client.query(`SELECT 'pg_class'::regclass AS pg_class, 'orders'::pg_catalog.regclass = (SELECT oid FROM pg_class WHERE relname = 'orders') AS same,
      'int4'::regtype AS int4, pg_catalog.pg_get_expr('x', 1) AS expr, format_type(1700, 786438) AS numeric`);
    expect(oids.rows).toEqual([{ pg_class: '1259', same: true, int4: '23', expr: null, numeric: 'numeric(12,2)' }]);
    expect(attributes.rows).toEqual([
      { attname: 'id', atttypid: 23, attnotnull: true }, { attname: 'amount', atttypid: 1700, attnotnull: false },
      { attname: 'at', atttypid: 1184, attnotnull: false },
    ]);
  });
});
