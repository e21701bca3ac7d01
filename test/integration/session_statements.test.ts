// What drivers send around their queries: settings and transaction blocks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, errorOf as failure, startTestServer } from '../support/server.js';

describe('session statements', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
  });
  afterAll(async () => { await server.close(); });

  const errorOf = (sql: string) => failure(client, sql);

  it('SET and SHOW Spark and Postgres settings, one column named after the setting', async () => {
    await client.query('SET extra_float_digits = 3');
    await client.query("SET application_name TO 'dashboard'");
    expect((await client.query('SHOW application_name')).rows).toEqual([{ application_name: 'dashboard' }]);
    expect((await client.query('SHOW TIME ZONE')).rows).toEqual([{ TimeZone: 'UTC' }]);
    expect((await client.query('SHOW TRANSACTION ISOLATION LEVEL')).rows).toEqual([{ transaction_isolation: 'read committed' }]);
    expect((await client.query('SET spark.sql.ansi.enabled')).rows).toEqual([{ 'spark.sql.ansi.enabled': 'true' }]);
    expect((await errorOf('SHOW no_such_setting')).code).toBe('42704');
    expect((await errorOf("SET server_version = '99'")).code).toBe('55P02');
  });

  it('temporary views belong to one session; GLOBAL TEMPORARY views, in global_temp, to all of them', async () => {
    const other = await server.client();
    await client.query('CREATE TEMP VIEW mine AS SELECT 1 AS a');
    await client.query('CREATE GLOBAL TEMPORARY VIEW shared AS SELECT 2 AS b');
    expect((await other.query('SELECT b FROM global_temp.shared')).rows).toEqual([{ b: 2 }]);
    expect((await failure(other, 'SELECT a FROM mine')).code).toBe('42P01');
    expect((await failure(other, 'CREATE GLOBAL TEMP VIEW shared AS SELECT 3 AS b')).code).toBe('42P07');
    await other.query('CREATE OR REPLACE GLOBAL TEMP VIEW global_temp.shared AS SELECT 3 AS b');
    expect((await client.query('SELECT b FROM global_temp.shared')).rows).toEqual([{ b: 3 }]);
    await other.query('DROP VIEW global_temp.shared');
    expect((await errorOf('SELECT b FROM global_temp.shared')).code).toBe('42P01');
    await other.end();
  });

  it('spark.sql.ansi.enabled=false gives the legacy NULL-returning behaviour, and RESET restores ANSI', async () => {
    await client.query('SET spark.sql.ansi.enabled=false');
    expect((await client.query('SELECT 1 / 0 AS x, CAST(\'abc\' AS INT) AS y')).rows).toEqual([{ x: null, y: null }]);
    await client.query('RESET spark.sql.ansi.enabled');
    expect((await errorOf('SELECT 1 / 0')).code).toBe('22012');
  });

  it('the session time zone shifts TIMESTAMP literals and their text', async () => {
    await client.query("SET TIME ZONE '+02:00'");
    const { rows } = await client.query("SELECT CAST(TIMESTAMP'2024-01-01 10:00:00' AS STRING) AS local, TIMESTAMP'2024-01-01 10:00:00' = TIMESTAMP'2024-01-01 08:00:00Z' AS same");
    expect(rows).toEqual([{ local: '2024-01-01 10:00:00', same: true }]);
    const text = await client.query({ text: "SELECT TIMESTAMP'2024-01-01 10:00:00' AS ts", types: { getTypeParser: () => (v: string) => v } as never });
    expect(text.rows).toEqual([{ ts: '2024-01-01 10:00:00+02' }]);
    // Spark's INVALID_CONF_VALUE.TIME_ZONE, 22022; the setting keeps its value.
    expect((await errorOf("SET TIME ZONE 'Mars/Olympus'")).code).toBe('22022');
    // A region: each value carries the offset in force at its instant.
    await client.query("SET TIME ZONE 'Europe/Oslo'");
    const oslo = await client.query({ text: "SELECT TIMESTAMP'2024-01-01 10:00:00' AS winter, TIMESTAMP'2024-07-01 10:00:00' AS summer", types: { getTypeParser: () => (v: string) => v } as never });
    expect(oslo.rows).toEqual([{ winter: '2024-01-01 10:00:00+01', summer: '2024-07-01 10:00:00+02' }]);
    await client.query('SET TIME ZONE UTC');
  });

  it('BEGIN/COMMIT/ROLLBACK report the transaction status, and a failed block refuses statements', async () => {
    await client.query('BEGIN');
    await client.query('SELECT 1');
    expect((await errorOf('SELECT nope')).code).toBe('42703');
    expect((await errorOf('SELECT 1')).code).toBe('25P02');
    expect((await client.query('COMMIT')).command).toBe('ROLLBACK');
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    await client.query('START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY');
    expect((await client.query('COMMIT')).command).toBe('COMMIT');
  });

  it('statement_timeout stops a long statement with 57014, and the session goes on', async () => {
    await client.query("SET statement_timeout = '50ms'");
    const e = await errorOf('SELECT count(*) FROM range(3000) a CROSS JOIN range(3000) b');
    expect([e.code, e.message]).toEqual(['57014', 'canceling statement due to statement timeout']);
    await client.query('SET statement_timeout = 0');
    expect((await client.query('SELECT count(*) AS n FROM range(1000) a CROSS JOIN range(10) b')).rows).toEqual([{ n: '10000' }]);
  });

  it('ROLLBACK says it cannot undo writes instead of pretending', async () => {
    await client.query('CREATE TABLE t (a INT) USING parquet');
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (1)');
    const e = await errorOf('ROLLBACK');
    expect(e.code).toBe('0A000');
    expect((await client.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: '1' }]);
  });
});
